/// An error raised by a tensor operation: the op's name and what was wrong, with shapes.
///
///     conv2d: expected 1 input channel, got 3 (input [1, 3, 28, 28], weight [16, 1, 3, 3])
///     matmul: [4, 5] × [4, 5]: inner dimensions 5 and 4 differ
public struct TensorError: Error, CustomStringConvertible, Equatable {
    public let op: String
    public let message: String

    public init(_ op: String, _ message: String) {
        self.op = op
        self.message = message
    }

    public var description: String { "\(op): \(message)" }
}

/// Formats a shape the way errors and printing show it: `[2, 3, 28, 28]`.
public func describeShape(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
