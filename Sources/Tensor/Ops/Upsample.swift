/// Nearest-neighbour upsampling of NCHW images by an integer factor (each pixel
/// becomes a `scale`×`scale` block), as the decoder of an autoencoder uses it.
///
///     let y = try x.upsampleNearest(scale: 2)   // [1, 1, 2, 2] → [1, 1, 4, 4]
extension Tensor {
    public func upsampleNearest(scale: Int) throws -> Tensor {
        let op = "upsampleNearest"
        guard rank == 4 else { throw TensorError(op, "expected input [N, C, H, W], got \(describeShape(shape))") }
        guard scale >= 1 else { throw TensorError(op, "scale must be at least 1, got \(scale)") }
        let (h, overH) = shape[2].multipliedReportingOverflow(by: scale)
        let (w, overW) = shape[3].multipliedReportingOverflow(by: scale)
        guard !overH, !overW else {
            throw TensorError(op, "scale \(scale) makes \(describeShape(shape)) too large")
        }
        _ = try Tensor.checkedCount([shape[0], shape[1], h, w], op: op)
        let backend = Backend.current
        let out = backend.upsampleNearest(self, scale: scale)
        return out.record(op, [self]) { gy in [backend.upsampleNearestBackward(gy, scale: scale)] }
    }
}
