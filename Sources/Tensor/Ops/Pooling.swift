/// 2-D max and average pooling (no padding, floor mode, PyTorch's defaults) and
/// global average pooling.
///
///     let y = try x.maxPool2d(kernel: 2)        // [N, C, H/2, W/2]
///     let v = try x.globalAvgPool2d()           // [N, C]
extension Tensor {
    /// Max over each `kernel`×`kernel` window; `stride` defaults to `kernel`.
    public func maxPool2d(kernel: Int, stride: Int? = nil) throws -> Tensor {
        try pool(.max, "maxPool2d", kernel: kernel, stride: stride)
    }

    /// Mean over each `kernel`×`kernel` window; `stride` defaults to `kernel`.
    public func avgPool2d(kernel: Int, stride: Int? = nil) throws -> Tensor {
        try pool(.average, "avgPool2d", kernel: kernel, stride: stride)
    }

    private func pool(_ kind: PoolGeometry.Kind, _ op: String, kernel: Int, stride: Int?) throws -> Tensor {
        let s = stride ?? kernel
        guard rank == 4 else { throw TensorError(op, "expected input [N, C, H, W], got \(describeShape(shape))") }
        guard kernel >= 1 else { throw TensorError(op, "kernel must be at least 1, got \(kernel)") }
        guard s >= 1 else { throw TensorError(op, "stride must be at least 1, got \(s)") }
        guard kernel <= shape[2] && kernel <= shape[3] else {
            throw TensorError(op, "kernel \(kernel) is larger than the input \(shape[2])×\(shape[3]) (input \(describeShape(shape)))")
        }
        let g = PoolGeometry(kind: kind, batch: shape[0], channels: shape[1], height: shape[2], width: shape[3],
                             kernel: kernel, stride: s)
        let backend = Backend.current
        let out = backend.pool2d(self, g)
        return out.record(op, [self]) { [weak out, x = self] gy in
            guard let out else { throw Tensor.freed(op) }
            return [backend.pool2dBackward(gy, x: x, y: out, g)]
        }
    }

    /// The mean of each channel: [N, C, H, W] → [N, C].
    public func globalAvgPool2d() throws -> Tensor {
        let op = "globalAvgPool2d"
        guard rank == 4 else { throw TensorError(op, "expected input [N, C, H, W], got \(describeShape(shape))") }
        let (planes, area) = (shape[0] * shape[1], shape[2] * shape[3])
        guard area > 0 else { throw TensorError(op, "input \(describeShape(shape)) has no pixels") }
        let out = Tensor.empty([shape[0], shape[1]])
        let src = plain, dst = out.storage.pointer
        for p in 0..<planes {
            var total: Float = 0
            for i in 0..<area { total += src[p * area + i] }
            dst[p] = total / Float(area)
        }
        let inShape = shape
        return out.record(op, [self]) { gy in
            let gx = Tensor.empty(inShape)
            let g = gy.plain, dst = gx.storage.pointer
            for p in 0..<planes {
                let v = g[p] / Float(area)
                for i in 0..<area { dst[p * area + i] = v }
            }
            return [gx]
        }
    }
}
