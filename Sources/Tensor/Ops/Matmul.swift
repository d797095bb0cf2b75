/// Matrix products and the fully connected layer.
///
///     let a = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
///     let b = try Tensor.ones([3, 4])
///     let c = try a.matmul(b)                               // [2, 4]
///     let y = try x.linear(weight: w, bias: b)              // x [N, in], w [out, in]
extension Tensor {
    /// 2-D × 2-D, or batched [b, m, k] × [k, n] → [b, m, n].
    public func matmul(_ other: Tensor) throws -> Tensor {
        let op = "matmul"
        let both = "\(describeShape(shape)) × \(describeShape(other.shape))"
        guard other.rank == 2, rank == 2 || rank == 3 else {
            throw TensorError(op, "\(both): expected [m, k] × [k, n] or [b, m, k] × [k, n]")
        }
        guard shape[rank - 1] == other.shape[0] else {
            throw TensorError(op, "\(both): inner dimensions \(shape[rank - 1]) and \(other.shape[0]) differ")
        }
        if rank == 3 {
            let flat = try reshape([shape[0] * shape[1], shape[2]])
            return try flat.matmul(other).reshape([shape[0], shape[1], other.shape[1]])
        }
        _ = try Tensor.checkedCount([shape[0], other.shape[1]], op: op)
        let backend = Backend.current
        let out = backend.matmul(self, other, transposeA: false, transposeB: false)
        return out.record(op, [self, other]) { [a = self, b = other] gy in
            return [a.needsGrad ? backend.matmul(gy, b, transposeA: false, transposeB: true) : nil,
                    b.needsGrad ? backend.matmul(a, gy, transposeA: true, transposeB: false) : nil]
        }
    }

    /// `x · weightᵀ + bias` for x [N, in], weight [out, in], bias [out] (PyTorch's
    /// `nn.Linear` convention). A 1-D x is treated as one row.
    public func linear(weight: Tensor, bias: Tensor?) throws -> Tensor {
        let op = "linear"
        guard weight.rank == 2 else {
            throw TensorError(op, "expected weight [out, in], got \(describeShape(weight.shape))")
        }
        let (outF, inF) = (weight.shape[0], weight.shape[1])
        if rank == 1 { return try unsqueeze(dim: 0).linear(weight: weight, bias: bias).squeeze(dim: 0) }
        guard rank == 2 else {
            throw TensorError(op, "expected input [N, \(inF)], got \(describeShape(shape)) (flatten it first)")
        }
        guard shape[1] == inF else {
            throw TensorError(op, "expected \(plural(inF, "input feature")), got \(shape[1]) (input \(describeShape(shape)), weight \(describeShape(weight.shape)))")
        }
        if let bias, bias.shape != [outF] {
            throw TensorError(op, "expected bias [\(outF)], got \(describeShape(bias.shape))")
        }
        _ = try Tensor.checkedCount([shape[0], outF], op: op)
        let backend = Backend.current
        let y = backend.matmul(self, weight, transposeA: false, transposeB: true)
        if let bias {
            let yp = y.plain, bp = bias.plain
            for i in 0..<shape[0] { for j in 0..<outF { yp[i * outF + j] += bp[j] } }
        }
        let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
        return y.record(op, inputs) { [x = self] gy in
            let gx = x.needsGrad ? backend.matmul(gy, weight, transposeA: false, transposeB: false) : nil
            let gw = weight.needsGrad ? backend.matmul(gy, x, transposeA: true, transposeB: false) : nil
            var gb: Tensor? = nil
            if let bias, bias.needsGrad { gb = try gy.sum(axis: 0) }
            return [gx, gw, gb]
        }
    }
}
