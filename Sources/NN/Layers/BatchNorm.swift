import Tensor

/// Batch normalisation over the channels of NCHW images (`nn.BatchNorm2d`):
/// weight (γ, ones) and bias (β, zeros) are parameters; running_mean, running_var and
/// num_batches_tracked are buffers saved with the weights, as in PyTorch's state_dict.
///
/// Training mode normalises with the batch statistics and updates the running ones
/// (momentum 0.1, unbiased variance). Eval mode uses the running statistics. A frozen
/// batch norm always behaves as in eval mode, so fine-tuning a frozen backbone keeps
/// its statistics (a deliberate difference from PyTorch, where `requires_grad=False`
/// alone would still update them).
///
///     let bn = try BatchNorm2d()          // channel count learned from the input
public final class BatchNorm2d: Layer {
    public let momentum: Float
    public let eps: Float
    public private(set) var channels: Int?
    public private(set) var weight: Parameter?
    public private(set) var bias: Parameter?
    public private(set) var runningMean: Tensor?
    public private(set) var runningVar: Tensor?
    /// PyTorch keeps this as an int64 scalar; here a Float scalar.
    public private(set) var batchesTracked = Tensor(scalar: 0)

    public init(channels: Int? = nil, momentum: Float = 0.1, eps: Float = 1e-5) throws {
        if let channels, channels < 1 || channels > Init.maxParameterElements { throw NNError("batchnorm: channels must be at least 1, got \(channels)") }
        guard momentum >= 0, momentum <= 1 else { throw NNError("batchnorm: momentum must be in [0, 1], got \(momentum)") }
        guard eps > 0 else { throw NNError("batchnorm: eps must be positive, got \(eps)") }
        self.momentum = momentum
        self.eps = eps
        super.init()
        if let channels { materialize(channels) }
    }

    private func materialize(_ c: Int) {
        channels = c
        weight = Parameter(name: "weight", value: Init.constant([c], 1))
        bias = Parameter(name: "bias", value: Init.constant([c], 0))
        runningMean = Init.constant([c], 0)
        runningVar = Init.constant([c], 1)
    }

    public override var kind: String { "batchnorm" }
    public override var description: String { "batchnorm \(channels.map(String.init) ?? "?")" }
    public override var sampleRank: Int? { 3 }

    public override var parameters: [(String, Parameter)] {
        [weight.map { ("weight", $0) }, bias.map { ("bias", $0) }].compactMap { $0 }
    }

    public override var buffers: [(String, Tensor)] {
        guard let runningMean, let runningVar else { return [] }
        return [("running_mean", runningMean), ("running_var", runningVar), ("num_batches_tracked", batchesTracked)]
    }

    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        let s = inputShapes[0]
        guard s.count == 3 else { throw LayerShapeError(expected: "an image [C, H, W]", got: s) }
        if let c = channels, s[0] != c { throw LayerShapeError(expected: "\(c) channels", got: s) }
        if channels == nil { materialize(s[0]) }
        return s
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        guard let weight, let bias, let runningMean, let runningVar else {
            throw NNError("\(description): used before its input size is known")
        }
        let train = isTraining && !isFrozen
        if train { batchesTracked.plain[0] += 1 }
        return try inputs[0].batchNorm2d(weight: weight.value, bias: bias.value, runningMean: runningMean,
                                         runningVar: runningVar, training: train, momentum: momentum, eps: eps)
    }
}
