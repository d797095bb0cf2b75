import Foundation

/// Batch normalisation over the channels of [N, C, H, W] (or [N, C]) input.
///
/// Training mode normalises with the batch's mean and biased variance and
/// updates `runningMean` / `runningVar` in place with the unbiased variance
/// (`running = (1 − momentum) · running + momentum · batch`, PyTorch's rule);
/// evaluation mode normalises with the running statistics.
///
///     let y = try x.batchNorm2d(weight: gamma, bias: beta, runningMean: rm, runningVar: rv, training: true)
extension Tensor {
    public func batchNorm2d(weight: Tensor?, bias: Tensor?, runningMean: Tensor?, runningVar: Tensor?,
                            training: Bool, momentum: Float = 0.1, eps: Float = 1e-5) throws -> Tensor {
        let op = "batchNorm2d"
        guard rank == 4 || rank == 2 else {
            throw TensorError(op, "expected input [N, C, H, W] or [N, C], got \(describeShape(shape))")
        }
        let (n, c) = (shape[0], shape[1])
        let area = rank == 4 ? shape[2] * shape[3] : 1
        for (name, t) in [("weight", weight), ("bias", bias), ("running mean", runningMean), ("running var", runningVar)] {
            if let t, t.shape != [c] {
                throw TensorError(op, "expected \(name) [\(c)], got \(describeShape(t.shape)) (input \(describeShape(shape)))")
            }
        }
        let m = n * area
        let useBatch = training || runningMean == nil || runningVar == nil
        guard !useBatch || m > 1 else {
            throw TensorError(op, "expected more than 1 value per channel when training, got input \(describeShape(shape))")
        }
        // Per-channel statistics, in Double for accuracy.
        let x = plain
        var mean = [Float](repeating: 0, count: c), invStd = [Float](repeating: 0, count: c)
        for ch in 0..<c {
            if useBatch {
                var s: Double = 0, s2: Double = 0
                for b in 0..<n { let p = x + (b * c + ch) * area; for i in 0..<area { s += Double(p[i]) } }
                let mu = s / Double(m)
                for b in 0..<n { let p = x + (b * c + ch) * area; for i in 0..<area { let d = Double(p[i]) - mu; s2 += d * d } }
                let variance = s2 / Double(m)
                mean[ch] = Float(mu)
                invStd[ch] = Float(1 / (variance + Double(eps)).squareRoot())
                if training, let runningMean, let runningVar {
                    let rm = runningMean.plain, rv = runningVar.plain
                    rm[ch] = (1 - momentum) * rm[ch] + momentum * Float(mu)
                    rv[ch] = (1 - momentum) * rv[ch] + momentum * Float(s2 / Double(m - 1))
                }
            } else if let runningMean, let runningVar {
                mean[ch] = runningMean.plain[ch]
                invStd[ch] = 1 / (runningVar.plain[ch] + eps).squareRoot()
            }
        }
        let w = weight?.plain, bi = bias?.plain
        let out = Tensor.empty(shape)
        let y = out.storage.pointer
        for b in 0..<n {
            for ch in 0..<c {
                let scale = invStd[ch] * (w?[ch] ?? 1), shift = bi?[ch] ?? 0
                let p = x + (b * c + ch) * area, q = y + (b * c + ch) * area
                for i in 0..<area { q[i] = (p[i] - mean[ch]) * scale + shift }
            }
        }
        let inputs = [self] + [weight, bias].compactMap { $0 }
        return out.record(op, inputs) { [xT = self] gy in
            let g = gy.plain, x = xT.plain, w = weight?.plain
            // Per channel: Σ gy and Σ gy · x̂.
            var sumG = [Float](repeating: 0, count: c), sumGX = [Float](repeating: 0, count: c)
            for b in 0..<n {
                for ch in 0..<c {
                    let p = x + (b * c + ch) * area, gp = g + (b * c + ch) * area
                    var s: Float = 0, sx: Float = 0
                    for i in 0..<area { s += gp[i]; sx += gp[i] * (p[i] - mean[ch]) * invStd[ch] }
                    sumG[ch] += s; sumGX[ch] += sx
                }
            }
            let gx = Tensor.empty(xT.shape)
            let d = gx.storage.pointer
            for b in 0..<n {
                for ch in 0..<c {
                    let k = invStd[ch] * (w?[ch] ?? 1)
                    let p = x + (b * c + ch) * area, gp = g + (b * c + ch) * area, dp = d + (b * c + ch) * area
                    if useBatch {
                        // gx = w·σ⁻¹ (gy − mean(gy) − x̂ · mean(gy·x̂))
                        let mg = sumG[ch] / Float(m), mgx = sumGX[ch] / Float(m)
                        for i in 0..<area { dp[i] = k * (gp[i] - mg - (p[i] - mean[ch]) * invStd[ch] * mgx) }
                    } else {
                        for i in 0..<area { dp[i] = k * gp[i] }
                    }
                }
            }
            var grads: [Tensor?] = [gx]
            if weight != nil { grads.append(try Tensor(shape: [c], scalars: sumGX)) }
            if bias != nil { grads.append(try Tensor(shape: [c], scalars: sumG)) }
            return grads
        }
    }
}
