import Tensor

/// An error raised by the NN module: one clear sentence naming the layers and, for
/// shape problems, both shapes.
///
///     fc(10) after conv 3×3 16→8: expected input of 72 features, got [8, 7, 7]
public struct NNError: Error, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Thrown by a layer's `outputShape` when its input does not fit; the model turns it
/// into an `NNError` naming this layer and the layer before it.
///
///     throw LayerShapeError(expected: "input of 72 features", got: [8, 7, 7])
public struct LayerShapeError: Error, Equatable {
    /// What the layer wanted, phrased to follow "expected ".
    public let expected: String
    /// The per-sample shape (without the batch axis) it got.
    public let got: [Int]

    public init(expected: String, got: [Int]) {
        self.expected = expected
        self.got = got
    }
}

