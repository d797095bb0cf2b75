import Tensor

/// Zeroes each value with probability p while training and scales the rest by
/// 1/(1−p); does nothing in eval mode. Draws from `Random.shared` (`seed` repeats it).
///
///     let d = try Dropout(p: 0.5)
public final class Dropout: Layer {
    public let p: Float

    public init(p: Float = 0.5) throws {
        guard p >= 0, p < 1 else { throw NNError("dropout: p must be in [0, 1), got \(p)") }
        self.p = p
    }

    public override var kind: String { "dropout" }
    public override var description: String { "dropout \(p)" }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        guard isTraining, p > 0 else { return inputs[0] }
        return try inputs[0].dropout(p: p, training: true, using: &Random.shared)
    }
}
