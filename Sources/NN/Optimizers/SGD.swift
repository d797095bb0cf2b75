import Tensor

/// Stochastic gradient descent with optional momentum and weight decay, exactly
/// PyTorch's `torch.optim.SGD` (dampening 0, not Nesterov):
/// g ← g + wd·p;  b ← g on the first step, else μ·b + g;  p ← p − lr·b.
///
///     let opt = SGD(lr: 0.1, momentum: 0.9)
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public let weightDecay: Float
    private var store = SlotStore()

    /// The learning rate of `SGD()` and of `fit … optimizer "sgd"` without `lr`.
    public static let defaultLearningRate: Float = 0.01
    /// The momentum `fit … optimizer "sgd"` uses when none is given (the lecture's);
    /// `SGD()` itself, like PyTorch's, has none.
    public static let lectureMomentum: Float = 0.9

    public init(lr: Float = defaultLearningRate, momentum: Float = 0, weightDecay: Float = 0) {
        learningRate = lr
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public var description: String {
        "sgd lr \(learningRate)" + (momentum != 0 ? " momentum \(momentum)" : "")
            + (weightDecay != 0 ? " weight decay \(weightDecay)" : "")
    }

    public func step(_ params: [Parameter]) throws {
        for (p, gt) in try updatable(params) {
            let n = p.count
            guard n > 0 else { continue }
            let g = gt.plain
            let w = p.value.plain
            var next = [Float](repeating: 0, count: n)
            if momentum != 0 {
                let first = store.existing("momentum_buffer", for: p) == nil
                let buf = store.slot("momentum_buffer", for: p).plain
                for i in 0..<n {
                    let d = g[i] + weightDecay * w[i]
                    buf[i] = first ? d : momentum * buf[i] + d
                    next[i] = w[i] - learningRate * buf[i]
                }
            } else {
                for i in 0..<n { next[i] = w[i] - learningRate * (g[i] + weightDecay * w[i]) }
            }
            next.withUnsafeBufferPointer { p.assign($0.baseAddress!) }
        }
    }

    public func reset() { store = SlotStore() }

    public func exportState(_ named: [(String, Parameter)]) -> [String: Tensor] { store.export(named) }

    public func importState(_ state: [String: Tensor], _ named: [(String, Parameter)]) throws {
        try store.load(state, named, slots: ["momentum_buffer"])
    }
}
