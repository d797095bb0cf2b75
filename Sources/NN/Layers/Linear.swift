import Tensor

/// A fully connected layer, PyTorch's `nn.Linear`: `y = x Wᵀ + b` with weight
/// `[out, in]`. Takes flat features (put `Flatten` before it after convolutions).
///
///     let fc = try Linear(out: 10)          // input size learned from the first input
///     let head = try Linear(out: 10, in: 72)
public final class Linear: Layer {
    public let outFeatures: Int
    public let hasBias: Bool
    public private(set) var inFeatures: Int?
    public private(set) var weight: Parameter?
    public private(set) var bias: Parameter?

    public init(out: Int, in inFeatures: Int? = nil, bias: Bool = true) throws {
        guard out >= 1, out <= 1 << 24 else { throw NNError("fc: the number of outputs must be between 1 and 16,777,216, got \(out)") }
        if let inFeatures, inFeatures < 1 { throw NNError("fc: the number of inputs must be at least 1, got \(inFeatures)") }
        outFeatures = out
        hasBias = bias
        super.init()
        if let inFeatures { try materialize(inFeatures) }
    }

    private func materialize(_ n: Int) throws {
        try Init.checkSize([outFeatures, n], "fc")
        inFeatures = n
        weight = Parameter(name: "weight", value: Init.kaimingUniform([outFeatures, n], fanIn: n))
        if hasBias { bias = Parameter(name: "bias", value: Init.kaimingUniform([outFeatures], fanIn: n)) }
    }

    public override var kind: String { "fc" }
    public override var description: String { "fc \(inFeatures.map(String.init) ?? "?")→\(outFeatures)" }
    public override var callName: String { "fc(\(outFeatures))" }
    public override var sampleRank: Int? { 1 }

    public override var parameters: [(String, Parameter)] {
        [weight.map { ("weight", $0) }, bias.map { ("bias", $0) }].compactMap { $0 }
    }

    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        let s = inputShapes[0]
        if let n = inFeatures {
            guard s == [n] else { throw LayerShapeError(expected: "input of \(n) features", got: s) }
        } else {
            guard s.count == 1, s[0] >= 1 else {
                throw LayerShapeError(expected: "flat features (add flatten before fc)", got: s)
            }
            try materialize(s[0])
        }
        return [outFeatures]
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        guard let weight else { throw NNError("\(callName): used before its input size is known") }
        return try inputs[0].linear(weight: weight.value, bias: bias?.value)
    }
}
