/// Reshaping ops. `reshape` and friends share the storage of their input (like
/// PyTorch's views) once it is plain; `transposed` copies.
///
///     let x = try Tensor.arange(6).reshape([2, -1])   // [2, 3]
///     let f = try images.flatten()                      // [N, C·H·W]
extension Tensor {
    /// The same values in a new shape; one dimension may be `-1` (inferred).
    public func reshape(_ newShape: [Int]) throws -> Tensor {
        let op = "reshape"
        let holes = newShape.filter { $0 == -1 }.count
        guard holes <= 1 else { throw TensorError(op, "only one dimension can be -1, got \(describeShape(newShape))") }
        guard newShape.allSatisfy({ $0 >= -1 }) else {
            throw TensorError(op, "negative dimension in shape \(describeShape(newShape))")
        }
        var resolved = newShape
        if holes == 1, let i = newShape.firstIndex(of: -1) {
            let known = try Tensor.checkedCount(newShape.filter { $0 != -1 }, op: op)
            guard known > 0, count % known == 0 else {
                throw TensorError(op, "cannot reshape \(describeShape(shape)) (\(count) elements) to \(describeShape(newShape))")
            }
            resolved[i] = count / known
        }
        let n = try Tensor.checkedCount(resolved, op: op)
        guard n == count else {
            throw TensorError(op, "cannot reshape \(describeShape(shape)) (\(count) elements) to \(describeShape(newShape))")
        }
        return view(resolved, op)
    }

    /// Same storage, new shape, recorded for autodiff.
    private func view(_ newShape: [Int], _ op: String) -> Tensor {
        if newShape == shape && !needsGrad { return self }
        _ = plain
        let out = Tensor(shape: newShape, storage: storage)
        let oldShape = shape
        return out.record(op, [self]) { gy in [try gy.reshape(oldShape)] }
    }

    /// Merges the axes from `startDim` to the last into one: [N, C, H, W] → [N, C·H·W].
    public func flatten(startDim: Int = 1) throws -> Tensor {
        if rank == 0 { return view([1], "flatten") }
        let s = try resolveAxis(startDim, op: "flatten")
        let merged = shape[s...].reduce(1, *)
        return view(Array(shape[..<s]) + [merged], "flatten")
    }

    /// Splits axis `dim` into `sizes` (one may be `-1`): [N, 72] → [N, 8, 3, 3].
    public func unflatten(dim: Int, sizes: [Int]) throws -> Tensor {
        let op = "unflatten"
        let d = try resolveAxis(dim, op: op)
        var sizes = sizes
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= -1 }), sizes.filter({ $0 == -1 }).count <= 1 else {
            throw TensorError(op, "invalid sizes \(describeShape(sizes))")
        }
        if let hole = sizes.firstIndex(of: -1) {
            let known = try Tensor.checkedCount(sizes.filter { $0 != -1 }, op: op)
            guard known > 0, shape[d] % known == 0 else {
                throw TensorError(op, "cannot split axis \(d) of size \(shape[d]) into \(describeShape(sizes)) (shape \(describeShape(shape)))")
            }
            sizes[hole] = shape[d] / known
        }
        guard try Tensor.checkedCount(sizes, op: op) == shape[d] else {
            throw TensorError(op, "cannot split axis \(d) of size \(shape[d]) into \(describeShape(sizes)) (shape \(describeShape(shape)))")
        }
        return view(Array(shape[..<d]) + sizes + Array(shape[(d + 1)...]), op)
    }

    /// Inserts an axis of size 1 at `dim` (`-1` appends).
    public func unsqueeze(dim: Int) throws -> Tensor {
        let d = try Tensor.resolveAxis(dim, rank: rank + 1, op: "unsqueeze", shape: shape)
        var s = shape
        s.insert(1, at: d)
        return view(s, "unsqueeze")
    }

    /// Removes axis `dim`, which must have size 1; without `dim`, every size-1 axis.
    public func squeeze(dim: Int? = nil) throws -> Tensor {
        guard let dim else { return view(shape.filter { $0 != 1 }, "squeeze") }
        let d = try resolveAxis(dim, op: "squeeze")
        guard shape[d] == 1 else {
            throw TensorError("squeeze", "axis \(dim) has size \(shape[d]), not 1 (shape \(describeShape(shape)))")
        }
        var s = shape
        s.remove(at: d)
        return view(s, "squeeze")
    }

    /// A copy with axes `a` and `b` swapped.
    public func transposed(_ a: Int, _ b: Int) throws -> Tensor {
        let (i, j) = (try resolveAxis(a, op: "transposed"), try resolveAxis(b, op: "transposed"))
        var order = Array(0..<rank)
        order.swapAt(i, j)
        return try permuted(order)
    }

    /// The 2-D transpose.
    public var T: Tensor {
        get throws {
            guard rank == 2 else { throw TensorError("transpose", "expected a 2-D tensor, got \(describeShape(shape))") }
            return try transposed(0, 1)
        }
    }

    /// A copy whose axis `k` is axis `order[k]` of `self`.
    public func permuted(_ order: [Int]) throws -> Tensor {
        guard order.sorted() == Array(0..<rank) else {
            throw TensorError("permute", "\(describeShape(order)) is not a permutation of the axes of \(describeShape(shape))")
        }
        let newShape = order.map { shape[$0] }
        let own = Tensor.strides(shape)
        let srcStrides = order.map { own[$0] }
        let out = Tensor.empty(newShape)
        let src = plain, dst = out.storage.pointer
        let inner = newShape.last ?? 1, step = srcStrides.last ?? 0
        Tensor.forEachRow(newShape, srcStrides, srcStrides) { o, a, _ in
            for k in 0..<inner { dst[o + k] = src[a + k * step] }
        }
        var inverse = order
        for (k, v) in order.enumerated() { inverse[v] = k }
        return out.record("permute", [self]) { gy in [try gy.permuted(inverse)] }
    }
}
