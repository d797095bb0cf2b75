/// An error reading or using data: which file, where in it, and what was expected.
///
/// Every bad file, out-of-range index or impossible request becomes one of these;
/// nothing a user loads or types traps. The description is one line:
///
///     data/mnist/train-images-idx3-ubyte.gz: byte 16: expected 47,040,000 bytes of pixels (60,000 images 28×28), found 1,000
///     digits.csv: line 7: expected 785 fields (label + 784 pixels), found 784
///     mnist.train: index 60,000 is out of range (0..<60,000)
public struct DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Where in the file the problem is.
    public enum Location: Equatable, Sendable {
        case byte(Int)
        case line(Int)
    }

    /// The file (or dataset name) concerned, if any.
    public let file: String?
    public let location: Location?
    public let message: String

    public init(file: String? = nil, _ location: Location? = nil, _ message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// An error with no file or place (a bad request rather than bad data).
    public init(_ message: String) {
        self.init(file: nil, nil, message)
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        switch location {
        case .byte(let b)?: parts.append("byte \(b)")
        case .line(let l)?: parts.append("line \(l)")
        case nil: break
        }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
