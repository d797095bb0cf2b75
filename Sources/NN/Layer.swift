import Tensor

/// One node's computation in a model graph: conv, fc, relu, add, ...
///
/// Subclasses override `kind`, `description`, `outputShape(_:)` and `forward(_:)`;
/// layers with weights override `parameters`. Shapes passed to `outputShape` have no
/// batch axis (`[1, 28, 28]`); `forward` receives batches (`[N, 1, 28, 28]`).
/// Layers with lazy input sizes (`Conv2d(out: 16)`) create their parameters the
/// first time `outputShape` sees an input.
///
///     let relu = ReLU()
///     let y = try relu.forward([x])
open class Layer: CustomStringConvertible {
    /// Train or eval mode (dropout, batch norm). Models switch it for all their layers;
    /// new layers start in eval mode, `Trainer.fit` trains and switches back.
    public var isTraining = false

    public init() {}

    /// Short family name: "conv", "fc", "relu", "maxpool", ...
    open var kind: String { "layer" }

    /// What summaries print: `conv 3×3 1→16`, `maxpool 2×2`.
    open var description: String { kind }

    /// How the layer is written at the prompt (`fc(10)`); errors name the failing
    /// layer this way. Defaults to `description`.
    open var callName: String { description }

    /// Trainable parameters by local name (`weight`, `bias`), in PyTorch's order.
    open var parameters: [(String, Parameter)] { [] }

    /// Non-trainable state saved with the weights (batch norm's running statistics),
    /// by PyTorch's buffer names.
    open var buffers: [(String, Tensor)] { [] }

    /// How many inputs the node takes (1 for most layers, 2+ for add and concat).
    open var inputCount: ClosedRange<Int> { 1...1 }

    /// Rank of one sample this layer expects at a model's input (3 for conv: [C,H,W];
    /// 1 for fc: [features]); nil when any rank goes. Used to tell one image from a batch.
    open var sampleRank: Int? { nil }

    /// The per-sample output shape for per-sample input shapes; throws
    /// `LayerShapeError` when the input does not fit. May create lazy parameters.
    open func outputShape(_ inputShapes: [[Int]]) throws -> [Int] { inputShapes[0] }

    /// Computes a batch. Inputs were checked by `outputShape` first.
    open func forward(_ inputs: [Tensor]) throws -> Tensor { inputs[0] }

    /// The number of elements of its parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.1.count } }

    /// True when every parameter is frozen (and there is at least one).
    public var isFrozen: Bool { !parameters.isEmpty && parameters.allSatisfy { $0.1.isFrozen } }
}

/// A layer that takes no parameters and applies one tensor function.
/// Used for the pointwise layers (`relu`, `sigmoid`, ...).
open class FunctionLayer: Layer {
    private let name: String
    private let apply: (Tensor) throws -> Tensor

    public init(_ name: String, _ apply: @escaping (Tensor) throws -> Tensor) {
        self.name = name
        self.apply = apply
    }

    open override var kind: String { name }
    open override func forward(_ inputs: [Tensor]) throws -> Tensor { try apply(inputs[0]) }
}
