/// Small helpers the ops share: axis resolution, strides, broadcasting and the
/// wording of their errors.

/// "1 channel", "3 channels".
func plural(_ n: Int, _ word: String) -> String { n == 1 ? "\(n) \(word)" : "\(n) \(word)s" }

extension Tensor {
    /// Resolves a possibly negative axis (`-1` is the last) against a rank.
    static func resolveAxis(_ axis: Int, rank: Int, op: String, shape: [Int]) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else {
            throw TensorError(op, "axis \(axis) is out of range for shape \(describeShape(shape))")
        }
        return a
    }

    func resolveAxis(_ axis: Int, op: String) throws -> Int {
        try Tensor.resolveAxis(axis, rank: rank, op: op, shape: shape)
    }

    /// Row-major strides of a shape.
    static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) { s[i] = acc; acc *= shape[i] }
        return s
    }

    /// The NumPy broadcast of two shapes (trailing dimensions aligned; 1 stretches).
    static func broadcastShape(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
        let r = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let da = i < r - a.count ? 1 : a[i - (r - a.count)]
            let db = i < r - b.count ? 1 : b[i - (r - b.count)]
            guard da == db || da == 1 || db == 1 else {
                throw TensorError(op, "shapes \(describeShape(a)) and \(describeShape(b)) cannot be broadcast together")
            }
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Strides of `shape` seen through the broadcast shape `out`: leading axes
    /// and stretched axes get stride 0.
    static func broadcastStrides(_ shape: [Int], to out: [Int]) -> [Int] {
        let own = strides(shape)
        let lead = out.count - shape.count
        return (0..<out.count).map { i in
            i < lead || shape[i - lead] == 1 ? 0 : own[i - lead]
        }
    }

    /// Calls `body` for each row of the last axis of `shape` with the flat
    /// offset of the row in the output and in two strided inputs.
    static func forEachRow(_ shape: [Int], _ sa: [Int], _ sb: [Int],
                           _ body: (_ out: Int, _ a: Int, _ b: Int) -> Void) {
        let r = shape.count
        if r == 0 { body(0, 0, 0); return }
        let inner = shape[r - 1]
        let rows = shape.dropLast().reduce(1, *)
        if inner == 0 || rows == 0 { return }
        var index = [Int](repeating: 0, count: r - 1)
        var oa = 0, ob = 0
        for row in 0..<rows {
            body(row * inner, oa, ob)
            var d = r - 2
            while d >= 0 {
                index[d] += 1; oa += sa[d]; ob += sb[d]
                if index[d] < shape[d] { break }
                oa -= sa[d] * shape[d]; ob -= sb[d] * shape[d]; index[d] = 0
                d -= 1
            }
        }
    }

    /// The values of `self` repeated along stretched axes to `shape` (no graph).
    func broadcast(to shape: [Int]) -> Tensor {
        if shape == self.shape { return self }
        let out = Tensor.empty(shape)
        let src = plain, dst = out.storage.pointer
        let sa = Tensor.broadcastStrides(self.shape, to: shape)
        let step = sa.last ?? 0, inner = shape.last ?? 1
        Tensor.forEachRow(shape, sa, sa) { o, a, _ in
            for j in 0..<inner { dst[o + j] = src[a + j * step] }
        }
        return out
    }

    /// Sums a broadcast gradient back down to `shape` (the inverse of `broadcast`).
    func reduce(to shape: [Int]) -> Tensor {
        if shape == self.shape { return self }
        let out = Tensor.empty(shape)
        let src = plain, dst = out.storage.pointer
        let sa = Tensor.broadcastStrides(shape, to: self.shape)
        let step = sa.last ?? 0, inner = self.shape.last ?? 1
        Tensor.forEachRow(self.shape, sa, sa) { o, a, _ in
            for j in 0..<inner { dst[a + j * step] += src[o + j] }
        }
        return out
    }

    /// The error thrown if an op's output was freed before its backward ran.
    static func freed(_ op: String) -> TensorError {
        TensorError(op, "the op's output was freed before backward")
    }
}
