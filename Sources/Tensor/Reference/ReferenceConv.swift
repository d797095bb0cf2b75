/// Direct-loop 2-D convolution for the reference backend: any kernel, stride,
/// padding and group count (depthwise is groups == channels).
///
/// All three kernels walk the same nest — image, output channel, input channel of
/// its group, kernel row and column, output row — and run the innermost loop over
/// the output columns whose input column falls inside the image, so there is no
/// bounds test in the hot loop.
extension ReferenceBackend {
    public func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry) -> Tensor {
        let y = Tensor.empty(g.outputShape)
        let xp = x.plain, wp = weight.plain, yp = y.storage.pointer
        let bp = bias?.plain
        let (oh, ow) = (g.outHeight, g.outWidth)
        if let bp {
            for n in 0..<g.batch {
                for oc in 0..<g.outChannels {
                    let plane = yp + (n * g.outChannels + oc) * oh * ow
                    for i in 0..<(oh * ow) { plane[i] = bp[oc] }
                }
            }
        }
        forEachTap(g) { n, oc, ic, wIndex, oy, iy, cols, ixStart in
            let w = wp[wIndex]
            let out = yp + ((n * g.outChannels + oc) * oh + oy) * ow
            let inp = xp + ((n * g.inChannels + ic) * g.height + iy) * g.width + ixStart
            let o = out + cols.lowerBound
            for t in 0..<cols.count { o[t] += w * inp[t * g.stride] }
        }
        return y
    }

    public func conv2dBackwardData(_ gy: Tensor, weight: Tensor, _ g: ConvGeometry) -> Tensor {
        let gx = Tensor.empty(g.inputShape)
        let gyp = gy.plain, wp = weight.plain, gxp = gx.storage.pointer
        let (oh, ow) = (g.outHeight, g.outWidth)
        forEachTap(g) { n, oc, ic, wIndex, oy, iy, cols, ixStart in
            let w = wp[wIndex]
            let grad = gyp + ((n * g.outChannels + oc) * oh + oy) * ow
            let inp = gxp + ((n * g.inChannels + ic) * g.height + iy) * g.width + ixStart
            let o = grad + cols.lowerBound
            for t in 0..<cols.count { inp[t * g.stride] += w * o[t] }
        }
        return gx
    }

    public func conv2dBackwardWeights(_ gy: Tensor, x: Tensor, _ g: ConvGeometry, withBias: Bool) -> (weight: Tensor, bias: Tensor?) {
        let gw = Tensor.empty(g.weightShape)
        let gyp = gy.plain, xp = x.plain, gwp = gw.storage.pointer
        let (oh, ow) = (g.outHeight, g.outWidth)
        forEachTap(g) { n, oc, ic, wIndex, oy, iy, cols, ixStart in
            let grad = gyp + ((n * g.outChannels + oc) * oh + oy) * ow
            let inp = xp + ((n * g.inChannels + ic) * g.height + iy) * g.width + ixStart
            var total: Float = 0
            let o = grad + cols.lowerBound
            for t in 0..<cols.count { total += o[t] * inp[t * g.stride] }
            gwp[wIndex] += total
        }
        guard withBias else { return (gw, nil) }
        let gb = Tensor.empty([g.outChannels])
        let gbp = gb.storage.pointer
        for n in 0..<g.batch {
            for oc in 0..<g.outChannels {
                let plane = gyp + (n * g.outChannels + oc) * oh * ow
                var total: Float = 0
                for i in 0..<(oh * ow) { total += plane[i] }
                gbp[oc] += total
            }
        }
        return (gw, gb)
    }

    /// Calls `body` once per (image, output channel, input channel, kernel tap,
    /// output row) whose input row lies inside the image, with the flat weight
    /// index, the input row, the range of output columns that read inside the
    /// image, and the input column the first of them reads.
    private func forEachTap(_ g: ConvGeometry,
                            _ body: (_ n: Int, _ oc: Int, _ ic: Int, _ wIndex: Int, _ oy: Int, _ iy: Int,
                                     _ cols: Range<Int>, _ ixStart: Int) -> Void) {
        let inPerGroup = g.inChannels / g.groups, outPerGroup = g.outChannels / g.groups
        let (oh, ow, s, p) = (g.outHeight, g.outWidth, g.stride, g.padding)
        for n in 0..<g.batch {
            for oc in 0..<g.outChannels {
                let group = oc / outPerGroup
                for icg in 0..<inPerGroup {
                    let ic = group * inPerGroup + icg
                    for ky in 0..<g.kernelH {
                        let rows = Self.validOutputs(count: oh, inputSize: g.height, offset: ky - p, stride: s)
                        for kx in 0..<g.kernelW {
                            let cols = Self.validOutputs(count: ow, inputSize: g.width, offset: kx - p, stride: s)
                            if cols.isEmpty { continue }
                            let wIndex = ((oc * inPerGroup + icg) * g.kernelH + ky) * g.kernelW + kx
                            let ixStart = cols.lowerBound * s + kx - p
                            for oy in rows {
                                body(n, oc, ic, wIndex, oy, oy * s + ky - p, cols, ixStart)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The outputs o in 0..<count with 0 <= o * stride + offset < inputSize.
    static func validOutputs(count: Int, inputSize: Int, offset: Int, stride: Int) -> Range<Int> {
        // smallest o with o * stride + offset >= 0
        let lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        // largest o with o * stride + offset <= inputSize - 1
        let last = inputSize - 1 - offset
        let hi = last < 0 ? 0 : Swift.min(count, last / stride + 1)
        return lo < hi ? lo..<hi : 0..<0
    }
}
