/// 2-D convolution of NCHW images, PyTorch's conventions: weight
/// [out, in/groups, kh, kw], bias [out], symmetric zero padding.
///
///     let x = try Tensor(zeros: [1, 1, 28, 28])
///     let w = try Tensor.randn([16, 1, 3, 3], using: &Random.shared)
///     let y = try x.conv2d(weight: w, bias: nil, padding: 1)     // [1, 16, 28, 28]
extension Tensor {
    public func conv2d(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, groups: Int = 1) throws -> Tensor {
        let g = try convGeometry(weight: weight, bias: bias, stride: stride, padding: padding, groups: groups)
        // The backward runs on the backend that ran the forward (it may have
        // left the output in its own layout, with its own workspace).
        let backend = Backend.current
        let out = backend.conv2d(self, weight: weight, bias: bias, g)
        let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
        return out.record("conv2d", inputs) { [x = self] gy in
            let gx = x.needsGrad ? backend.conv2dBackwardData(gy, weight: weight, g) : nil
            let wantsWeights = weight.needsGrad || (bias?.needsGrad ?? false)
            let gw = wantsWeights ? backend.conv2dBackwardWeights(gy, x: x, g, withBias: bias != nil) : nil
            return [gx, gw?.weight, gw?.bias]
        }
    }

    /// Checks every shape and setting of a convolution and returns its geometry.
    func convGeometry(weight: Tensor, bias: Tensor?, stride: Int, padding: Int, groups: Int) throws -> ConvGeometry {
        let op = "conv2d"
        let both = "(input \(describeShape(shape)), weight \(describeShape(weight.shape)))"
        guard rank == 4 else {
            throw TensorError(op, "expected input [N, C, H, W], got \(describeShape(shape))")
        }
        guard weight.rank == 4 else {
            throw TensorError(op, "expected weight [out, in/groups, kh, kw], got \(describeShape(weight.shape))")
        }
        guard stride >= 1 else { throw TensorError(op, "stride must be at least 1, got \(stride)") }
        guard padding >= 0 else { throw TensorError(op, "padding must be non-negative, got \(padding)") }
        guard padding <= 1 << 20 else { throw TensorError(op, "padding \(padding) is too large") }
        guard groups >= 1 else { throw TensorError(op, "groups must be at least 1, got \(groups)") }
        let (outC, inPerGroup, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        guard outC > 0, inPerGroup > 0, kh > 0, kw > 0 else {
            throw TensorError(op, "weight \(describeShape(weight.shape)) has an empty dimension")
        }
        guard outC % groups == 0 else {
            throw TensorError(op, "\(plural(outC, "output channel")) cannot be split into \(groups) groups \(both)")
        }
        let expected = inPerGroup * groups
        guard shape[1] == expected else {
            let grouped = groups > 1 ? " (\(groups) groups of \(inPerGroup))" : ""
            throw TensorError(op, "expected \(plural(expected, "input channel"))\(grouped), got \(shape[1]) \(both)")
        }
        let (h, w) = (shape[2] + 2 * padding, shape[3] + 2 * padding)
        guard kh <= h && kw <= w else {
            throw TensorError(op, "kernel \(kh)×\(kw) is larger than the padded input \(h)×\(w) \(both)")
        }
        if let bias, bias.shape != [outC] {
            throw TensorError(op, "expected bias [\(outC)], got \(describeShape(bias.shape))")
        }
        let g = ConvGeometry(batch: shape[0], inChannels: shape[1], height: shape[2], width: shape[3],
                             outChannels: outC, kernelH: kh, kernelW: kw,
                             stride: stride, padding: padding, groups: groups)
        _ = try Tensor.checkedCount(g.outputShape, op: op)
        return g
    }
}
