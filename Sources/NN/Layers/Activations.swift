import Tensor

/// max(0, x), pointwise.
///
///     let y = try ReLU().forward([x])
public final class ReLU: Layer {
    public override init() { super.init() }
    public override var kind: String { "relu" }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor { inputs[0].relu() }
}

/// x for x > 0, slope·x otherwise.
///
///     let act = LeakyReLU(slope: 0.1)
public final class LeakyReLU: Layer {
    public let slope: Float
    public init(slope: Float = 0.01) { self.slope = slope }
    public override var kind: String { "leaky relu" }
    public override var description: String { "leaky relu \(slope)" }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor { inputs[0].leakyRelu(slope: slope) }
}

/// 1 / (1 + e^−x), pointwise: independent probabilities ("wheel and bicycle").
///
///     let p = try Sigmoid().forward([logits])
public final class Sigmoid: Layer {
    public override init() { super.init() }
    public override var kind: String { "sigmoid" }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor { inputs[0].sigmoid() }
}

/// tanh(x), pointwise.
///
///     let y = try Tanh().forward([x])
public final class Tanh: Layer {
    public override init() { super.init() }
    public override var kind: String { "tanh" }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor { inputs[0].tanh() }
}

/// e^xᵢ / Σⱼ e^xⱼ over the features of each sample (axis 1 of the batch, PyTorch's
/// `nn.Softmax(dim=1)`): mutually exclusive classes. A classifier ending in softmax
/// is trained with cross-entropy on the softmax's input (see `Trainer`).
///
///     let clf = try encoder.composed(with: Model(layer: Linear(out: 10))).composed(with: Model(layer: Softmax()))
public final class Softmax: Layer {
    public override init() { super.init() }
    public override var kind: String { "softmax" }
    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        let s = inputShapes[0]
        guard !s.isEmpty else { throw LayerShapeError(expected: "at least one feature axis", got: s) }
        return s
    }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor { try inputs[0].softmax(axis: 1) }
}
