/// Reductions over one axis or over everything: sum, mean, max, min, argmax.
///
///     let x = try Tensor(shape: [2, 3], scalars: [1, 5, 2, 7, 0, 3])
///     try x.sum()                  // tensor(18.)
///     try x.max(axis: 1)           // tensor([5., 7.])
///     try x.argmax(axis: 1)        // tensor([1., 0.])
extension Tensor {
    public func sum(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try reduce("sum", axis: axis, keepDims: keepDims) { p, n, stride in
            var total: Double = 0      // long sums (whole datasets) keep their digits
            for i in 0..<n { total += Double(p[i * stride]) }
            return Float(total)
        } backward: { gy, x, _ in gy.broadcast(to: x.shape) }
    }

    public func mean(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        let n = try axis.map { shape[try resolveAxis($0, op: "mean")] } ?? count
        guard n > 0 else { throw TensorError("mean", "mean of an empty axis (shape \(describeShape(shape)))") }
        let s = try sum(axis: axis, keepDims: keepDims)
        return s.multiplying(1 / Float(n))
    }

    /// The largest value; the gradient goes to the first position holding it.
    public func max(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try extreme("max", axis: axis, keepDims: keepDims, >)
    }

    public func min(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try extreme("min", axis: axis, keepDims: keepDims, <)
    }

    /// The index of the first largest value along `axis`, as Float.
    public func argmax(axis: Int) throws -> Tensor {
        let a = try resolveAxis(axis, op: "argmax")
        guard shape[a] > 0 else { throw TensorError("argmax", "argmax of an empty axis (shape \(describeShape(shape)))") }
        let (outer, n, inner) = split(at: a)
        var s = shape
        s.remove(at: a)
        let out = Tensor.empty(s)
        let src = plain, dst = out.storage.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                dst[o * inner + i] = Float(Tensor.firstExtreme(src + o * n * inner + i, n: n, stride: inner, >))
            }
        }
        return out
    }

    // MARK: Machinery

    /// Sizes before, at and after axis `a`.
    func split(at a: Int) -> (outer: Int, n: Int, inner: Int) {
        (shape[..<a].reduce(1, *), shape[a], shape[(a + 1)...].reduce(1, *))
    }

    func reducedShape(_ a: Int?, keepDims: Bool) -> [Int] {
        guard let a else { return keepDims ? shape.map { _ in 1 } : [] }
        var s = shape
        if keepDims { s[a] = 1 } else { s.remove(at: a) }
        return s
    }

    /// Applies `f(pointer, n, stride)` to every line along the axis (or to all
    /// values), and records `backward(gy in keepDims shape, x, y)`.
    private func reduce(_ op: String, axis: Int?, keepDims: Bool,
                        _ f: (UnsafeMutablePointer<Float>, Int, Int) -> Float,
                        backward: @escaping (Tensor, Tensor, Tensor) throws -> Tensor) throws -> Tensor {
        let a = try axis.map { try resolveAxis($0, op: op) }
        let (outer, n, inner) = a.map { split(at: $0) } ?? (1, count, 1)
        let out = Tensor.empty(reducedShape(a, keepDims: keepDims))
        let src = plain, dst = out.storage.pointer
        for o in 0..<outer {
            for i in 0..<inner { dst[o * inner + i] = f(src + o * n * inner + i, n, inner) }
        }
        let kept = reducedShape(a, keepDims: true)
        return out.record(op, [self]) { [weak out, x = self] gy in
            guard let out else { throw Tensor.freed(op) }
            return [try backward(try gy.reshape(kept), x, out)]
        }
    }

    private func extreme(_ op: String, axis: Int?, keepDims: Bool, _ better: @escaping (Float, Float) -> Bool) throws -> Tensor {
        let a = try axis.map { try resolveAxis($0, op: op) }
        let (outer, n, inner) = a.map { split(at: $0) } ?? (1, count, 1)
        guard n > 0 else { throw TensorError(op, "\(op) of an empty tensor (shape \(describeShape(shape)))") }
        var winners = [Int](repeating: 0, count: outer * inner)
        let out = Tensor.empty(reducedShape(a, keepDims: keepDims))
        let src = plain, dst = out.storage.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                let k = Tensor.firstExtreme(src + base, n: n, stride: inner, better)
                winners[o * inner + i] = base + k * inner
                dst[o * inner + i] = src[base + k * inner]
            }
        }
        let xShape = shape
        return out.record(op, [self]) { gy in
            let gx = Tensor.empty(xShape)
            let g = gy.plain, d = gx.storage.pointer
            for (j, w) in winners.enumerated() { d[w] += g[j] }
            return [gx]
        }
    }

    /// Index of the first element that no later element beats (NaN wins, as in PyTorch).
    static func firstExtreme(_ p: UnsafeMutablePointer<Float>, n: Int, stride: Int, _ better: (Float, Float) -> Bool) -> Int {
        var best = 0
        for i in 1..<Swift.max(n, 1) {
            let v = p[i * stride], b = p[best * stride]
            if b.isNaN { break }
            if v.isNaN || better(v, b) { best = i }
        }
        return best
    }
}
