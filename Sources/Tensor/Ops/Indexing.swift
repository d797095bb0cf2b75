/// Picking parts of tensors and joining them: select, slice, concat, stack.
///
///     let first = try batch.select(0)                  // drops axis 0
///     let some = try batch.slice(0..<16)               // keeps axis 0
///     let both = try Tensor.concat([a, b], axis: 1)    // channel concatenation
extension Tensor {
    /// The sub-tensor at `index` along `axis`, which disappears. Negative
    /// indices count from the end.
    public func select(_ index: Int, axis: Int = 0) throws -> Tensor {
        let op = "select"
        let a = try resolveAxis(axis, op: op)
        let i = index < 0 ? index + shape[a] : index
        guard i >= 0 && i < shape[a] else {
            throw TensorError(op, "index \(index) is out of range for axis \(a) of size \(shape[a]) (shape \(describeShape(shape)))")
        }
        return try slice(i..<(i + 1), axis: a, op: op).squeeze(dim: a)
    }

    /// The elements in `range` along `axis`, which keeps its place.
    public func slice(_ range: Range<Int>, axis: Int = 0) throws -> Tensor {
        try slice(range, axis: axis, op: "slice")
    }

    private func slice(_ range: Range<Int>, axis: Int, op: String) throws -> Tensor {
        let a = try resolveAxis(axis, op: op)
        guard range.lowerBound >= 0 && range.upperBound <= shape[a] else {
            throw TensorError(op, "range \(range.lowerBound)..<\(range.upperBound) is out of bounds for axis \(a) of size \(shape[a]) (shape \(describeShape(shape)))")
        }
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        var newShape = shape
        newShape[a] = range.count
        let out = Tensor.empty(newShape)
        let src = plain, dst = out.storage.pointer
        let block = range.count * inner
        for o in 0..<outer {
            (dst + o * block).update(from: src + (o * shape[a] + range.lowerBound) * inner, count: block)
        }
        let fullShape = shape
        return out.record(op, [self]) { gy in
            let gx = Tensor.empty(fullShape)
            let g = gy.plain, d = gx.storage.pointer
            for o in 0..<outer {
                (d + (o * fullShape[a] + range.lowerBound) * inner).update(from: g + o * block, count: block)
            }
            return [gx]
        }
    }

    /// Joins tensors along an existing axis; the other axes must agree.
    public static func concat(_ xs: [Tensor], axis: Int) throws -> Tensor {
        let op = "concat"
        guard let first = xs.first else { throw TensorError(op, "needs at least one tensor") }
        let a = try first.resolveAxis(axis, op: op)
        for x in xs where x.rank != first.rank || x.shape[..<a] != first.shape[..<a] || x.shape[(a + 1)...] != first.shape[(a + 1)...] {
            throw TensorError(op, "shapes \(xs.map { describeShape($0.shape) }.joined(separator: ", ")) differ outside axis \(a)")
        }
        var newShape = first.shape
        newShape[a] = xs.reduce(0) { $0 + $1.shape[a] }
        _ = try Tensor.checkedCount(newShape, op: op)
        let outer = first.shape[..<a].reduce(1, *), inner = first.shape[(a + 1)...].reduce(1, *)
        let out = Tensor.empty(newShape)
        let dst = out.storage.pointer
        let rowSize = newShape[a] * inner
        var offset = 0
        for x in xs {
            let block = x.shape[a] * inner, src = x.plain
            for o in 0..<outer { (dst + o * rowSize + offset).update(from: src + o * block, count: block) }
            offset += block
        }
        let sizes = xs.map { $0.shape[a] }
        return out.record(op, xs) { gy in
            var start = 0
            return try sizes.map { size in
                defer { start += size }
                return try gy.slice(start..<(start + size), axis: a)
            }
        }
    }

    /// Joins same-shape tensors along a new axis.
    public static func stack(_ xs: [Tensor], axis: Int = 0) throws -> Tensor {
        let op = "stack"
        guard let first = xs.first else { throw TensorError(op, "needs at least one tensor") }
        for x in xs where x.shape != first.shape {
            throw TensorError(op, "shapes \(xs.map { describeShape($0.shape) }.joined(separator: ", ")) differ")
        }
        let a = try Tensor.resolveAxis(axis, rank: first.rank + 1, op: op, shape: first.shape)
        return try concat(xs.map { try $0.unsqueeze(dim: a) }, axis: a)
    }
}
