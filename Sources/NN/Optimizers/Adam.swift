import Foundation
import Tensor

/// Adam, exactly PyTorch's `torch.optim.Adam` (bias-corrected, eps outside the root,
/// optional L2 weight decay added to the gradient):
/// m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
/// p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + eps).
///
///     let opt = Adam(lr: 1e-3)
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let eps: Float
    public let weightDecay: Float
    private var store = SlotStore()
    private var steps: [ObjectIdentifier: Int] = [:]

    /// PyTorch's defaults, used by `Adam()`, `OptimizerKind.adam`, saved sessions that
    /// leave a value out, and the exported training script.
    public static let defaultLearningRate: Float = 1e-3
    public static let defaultBeta1: Float = 0.9
    public static let defaultBeta2: Float = 0.999
    public static let defaultEps: Float = 1e-8

    public init(lr: Float = defaultLearningRate, beta1: Float = defaultBeta1, beta2: Float = defaultBeta2,
                eps: Float = defaultEps, weightDecay: Float = 0) {
        learningRate = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
    }

    public var description: String { "adam lr \(learningRate)" }

    public func step(_ params: [Parameter]) throws {
        for (p, gt) in try updatable(params) {
            let t = (steps[ObjectIdentifier(p)] ?? 0) + 1
            steps[ObjectIdentifier(p)] = t
            let n = p.count
            guard n > 0 else { continue }
            let g = gt.plain, w = p.value.plain
            let m = store.slot("exp_avg", for: p).plain
            let v = store.slot("exp_avg_sq", for: p).plain
            // Bias corrections in Double, as PyTorch computes them from Python floats.
            let bc1 = 1 - pow(Double(beta1), Double(t))
            let bc2 = 1 - pow(Double(beta2), Double(t))
            let stepSize = Float(Double(learningRate) / bc1)
            let bc2Root = Float(bc2.squareRoot())
            var next = [Float](repeating: 0, count: n)
            for i in 0..<n {
                let gi = g[i] + weightDecay * w[i]
                m[i] = beta1 * m[i] + (1 - beta1) * gi
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
                let denom = v[i].squareRoot() / bc2Root + eps
                next[i] = w[i] - stepSize * (m[i] / denom)
            }
            next.withUnsafeBufferPointer { p.assign($0.baseAddress!) }
        }
    }

    public func reset() {
        store = SlotStore()
        steps = [:]
    }

    public func exportState(_ named: [(String, Parameter)]) -> [String: Tensor] {
        var out = store.export(named)
        for (n, p) in named { if let t = steps[ObjectIdentifier(p)] { out["\(n).step"] = Tensor(scalar: Float(t)) } }
        return out
    }

    public func importState(_ state: [String: Tensor], _ named: [(String, Parameter)]) throws {
        var filtered = state
        var newSteps: [ObjectIdentifier: Int] = [:]
        for (n, p) in named {
            if let t = filtered.removeValue(forKey: "\(n).step") {
                guard t.count == 1, t.item >= 0, t.item < 1e9 else { throw NNError("optimizer state \(n).step is not a step count") }
                newSteps[ObjectIdentifier(p)] = Int(t.item)
            }
        }
        try store.load(filtered, named, slots: ["exp_avg", "exp_avg_sq"])
        steps = newSteps
    }
}
