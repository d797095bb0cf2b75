import Foundation

/// Softmax and log-softmax along an axis, computed stably (max subtracted).
///
///     let p = try logits.softmax()          // rows sum to 1
extension Tensor {
    public func softmax(axis: Int = -1) throws -> Tensor {
        let a = try resolveAxis(axis, op: "softmax")
        let out = normalized(along: a, log: false)
        let (outer, n, inner) = split(at: a)
        return out.record("softmax", [self]) { [weak out] gy in
            guard let out else { throw Tensor.freed("softmax") }
            // gx = y · (gy − Σ gy·y)
            let gx = Tensor.empty(out.shape)
            let y = out.plain, g = gy.plain, d = gx.storage.pointer
            Tensor.forEachLine(outer, n, inner) { base in
                var dot: Float = 0
                for k in 0..<n { dot += g[base + k * inner] * y[base + k * inner] }
                for k in 0..<n { d[base + k * inner] = y[base + k * inner] * (g[base + k * inner] - dot) }
            }
            return [gx]
        }
    }

    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        let a = try resolveAxis(axis, op: "logSoftmax")
        let out = normalized(along: a, log: true)
        let (outer, n, inner) = split(at: a)
        return out.record("logSoftmax", [self]) { [weak out] gy in
            guard let out else { throw Tensor.freed("logSoftmax") }
            // gx = gy − softmax · Σ gy
            let gx = Tensor.empty(out.shape)
            let y = out.plain, g = gy.plain, d = gx.storage.pointer
            Tensor.forEachLine(outer, n, inner) { base in
                var total: Float = 0
                for k in 0..<n { total += g[base + k * inner] }
                for k in 0..<n { d[base + k * inner] = g[base + k * inner] - Foundation.exp(y[base + k * inner]) * total }
            }
            return [gx]
        }
    }

    /// Softmax or log-softmax of every line along axis `a` (no graph).
    func normalized(along a: Int, log: Bool) -> Tensor {
        let (outer, n, inner) = split(at: a)
        let out = Tensor.empty(shape)
        let x = plain, d = out.storage.pointer
        Tensor.forEachLine(outer, n, inner) { base in
            var m = -Float.infinity
            for k in 0..<n { m = Swift.max(m, x[base + k * inner]) }
            var total: Float = 0
            for k in 0..<n { total += Foundation.exp(x[base + k * inner] - m) }
            if log {
                let lse = m + Foundation.log(total)
                for k in 0..<n { d[base + k * inner] = x[base + k * inner] - lse }
            } else {
                for k in 0..<n { d[base + k * inner] = Foundation.exp(x[base + k * inner] - m) / total }
            }
        }
        return out
    }

    /// Calls `body` with the flat offset of the first element of each line.
    static func forEachLine(_ outer: Int, _ n: Int, _ inner: Int, _ body: (Int) -> Void) {
        for o in 0..<outer { for i in 0..<inner { body(o * n * inner + i) } }
    }
}
