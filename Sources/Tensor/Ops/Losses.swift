import Foundation

/// Losses with mean reduction; each returns a scalar (shape `[]`) tensor and
/// has its gradient written directly (fused), as PyTorch computes it.
///
///     let loss = try reconstruction.binaryCrossEntropy(images)
///     let ce = try logits.crossEntropy(labels: [3, 0, 9, 5])
extension Tensor {
    /// Mean squared error against a target of the same shape.
    public func mseLoss(_ target: Tensor) throws -> Tensor {
        try checkTarget(target, op: "mseLoss")
        let n = count
        let x = plain, t = target.plain
        var total: Double = 0
        for i in 0..<n { let d = Double(x[i] - t[i]); total += d * d }
        let out = Tensor(scalar: Float(total / Double(Swift.max(n, 1))))
        return out.record("mseLoss", [self, target]) { [x = self] gy in
            // d/dx = 2 (x − t) / n · gy
            let scale = 2 * gy.item / Float(Swift.max(n, 1))
            let gx = x.combined(target) { ($0 - $1) * scale }
            return [gx, target.needsGrad ? gx.negated() : nil]
        }
    }

    /// Binary cross-entropy of probabilities against targets in [0, 1]; each log
    /// is clamped at -100 like PyTorch, so a probability of exactly 0 or 1 gives a
    /// large finite loss rather than infinity.
    public func binaryCrossEntropy(_ target: Tensor) throws -> Tensor {
        let op = "binaryCrossEntropy"
        try checkTarget(target, op: op)
        let n = count
        let p = plain, t = target.plain
        var total: Double = 0
        for i in 0..<n {
            guard !(p[i] < 0 || p[i] > 1) else {
                throw TensorError(op, "input values must be probabilities in [0, 1], found \(p[i]) (use sigmoid first)")
            }
            let logP = Swift.max(Foundation.log(Double(p[i])), -100)
            let log1mP = Swift.max(Foundation.log(1 - Double(p[i])), -100)
            total -= Double(t[i]) * logP + (1 - Double(t[i])) * log1mP
        }
        let out = Tensor(scalar: Float(total / Double(Swift.max(n, 1))))
        return out.record(op, [self]) { [x = self] gy in
            // d/dp = (p − t) / max(p (1 − p), 1e-12) / n · gy, PyTorch's formula
            let scale = gy.item / Float(Swift.max(n, 1))
            return [x.combined(target) { p, t in (p - t) / Swift.max(p * (1 - p), 1e-12) * scale }]
        }
    }

    /// Cross-entropy of logits [N, C] against class indices, averaged over the
    /// batch. The gradient is exactly (softmax − onehot) / N.
    public func crossEntropy(labels: [Int]) throws -> Tensor {
        let op = "crossEntropy"
        guard rank == 2 else { throw TensorError(op, "expected logits [N, classes], got \(describeShape(shape))") }
        let (n, c) = (shape[0], shape[1])
        guard labels.count == n else {
            throw TensorError(op, "\(plural(labels.count, "label")) for a batch of \(n) (logits \(describeShape(shape)))")
        }
        guard n > 0 else { throw TensorError(op, "empty batch (logits \(describeShape(shape)))") }
        if let bad = labels.first(where: { $0 < 0 || $0 >= c }) {
            throw TensorError(op, "label \(bad) is out of range for \(c) \(c == 1 ? "class" : "classes") (logits \(describeShape(shape)))")
        }
        let logp = normalized(along: 1, log: true)
        var total: Double = 0
        for (i, label) in labels.enumerated() { total -= Double(logp.storage.pointer[i * c + label]) }
        let out = Tensor(scalar: Float(total / Double(n)))
        return out.record(op, [self]) { gy in
            let scale = gy.item / Float(n)
            let gx = Tensor.empty([n, c])
            let d = gx.storage.pointer, lp = logp.storage.pointer
            for i in 0..<(n * c) { d[i] = Foundation.exp(lp[i]) * scale }
            for (i, label) in labels.enumerated() { d[i * c + label] -= scale }
            return [gx]
        }
    }

    private func checkTarget(_ target: Tensor, op: String) throws {
        guard target.shape == shape else {
            throw TensorError(op, "input \(describeShape(shape)) and target \(describeShape(target.shape)) differ in shape")
        }
    }
}
