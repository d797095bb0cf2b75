import CDNNL

/// Convolutions with a single output channel (an autoencoder's last layer), which
/// oneDNN's direct kernels compute 16× padded. Hand-written instead: the input
/// stays in its channel-blocked layout ([N][C/B][H][W][B], B = 8 or 16), each
/// output pixel is a sum of per-tap B-lane dot products, and the output is plain.
/// Stride 1, no groups.
enum SingleOutputConv {
    /// The block size for a geometry and input tensor, if this path applies.
    static func block(_ g: ConvGeometry) -> Int? {
        guard g.outChannels == 1, g.groups == 1, g.stride == 1 else { return nil }
        if g.inChannels % 16 == 0 { return 16 }
        if g.inChannels % 8 == 0 { return 8 }
        return nil
    }

    /// The input layout this path wants: nChw16c or nChw8c; an input already in
    /// either (without padding) is used as is.
    static func inputMD(_ x: Tensor, _ g: ConvGeometry, _ preferred: Int) -> (dnnl_memory_desc_t, Int) {
        let cur = Layouts.md(of: x)
        if g.inChannels % 8 == 0, DNNL.equal(cur, DNNL.md(g.inputShape, dnnl_aBcd8b)) { return (cur, 8) }
        if g.inChannels % 16 == 0, DNNL.equal(cur, DNNL.md(g.inputShape, dnnl_aBcd16b)) { return (cur, 16) }
        return (DNNL.md(g.inputShape, preferred == 16 ? dnnl_aBcd16b : dnnl_aBcd8b), preferred)
    }

    /// Weights [1, C, kh, kw] rearranged as [C/B][kh][kw][B].
    static func packWeights(_ w: Tensor, _ g: ConvGeometry, _ B: Int) -> [Float] {
        let C = g.inChannels, K = g.kernelH * g.kernelW
        let p = w.plain
        var out = [Float](repeating: 0, count: C * K)
        for c in 0..<C { for k in 0..<K { out[((c / B) * K + k) * B + c % B] = p[c * K + k] } }
        return out
    }

    @inline(__always) static func load<V: SIMD>(_ p: UnsafePointer<Float>, _: V.Type) -> V where V.Scalar == Float {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }
    @inline(__always) static func store<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<Float>) where V.Scalar == Float {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry, block pref: Int) -> Tensor {
        let (md, B) = inputMD(x, g, pref)
        let xs = Layouts.storage(of: x, as: md, cache: true)
        let wp = packWeights(weight, g, B)
        let b0: Float = bias.map { $0.plain[0] } ?? 0
        let y = Tensor(shape: g.outputShape, storage: Storage(count: g.outputShape.reduce(1, *), zeroed: false))
        wp.withUnsafeBufferPointer { wb in
            if B == 16 { fwd(xs.pointer, wb.baseAddress!, b0, y.storage.pointer, g, SIMD16<Float>.self) }
            else { fwd(xs.pointer, wb.baseAddress!, b0, y.storage.pointer, g, SIMD8<Float>.self) }
        }
        withExtendedLifetime(xs) {}
        return y
    }

    /// For each output pixel, the sum over taps of B-lane products with the tap's
    /// weights; four pixels at a time in registers where no tap leaves the image.
    @inline(__always)
    static func fwd<V: SIMD>(_ xp: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ b0: Float, _ yp: UnsafeMutablePointer<Float>,
                             _ g: ConvGeometry, _: V.Type) where V.Scalar == Float {
        let B = V.scalarCount
        let (N, CB, H, W, OH, OW) = (g.batch, g.inChannels / B, g.height, g.width, g.outHeight, g.outWidth)
        let (KH, KW, P) = (g.kernelH, g.kernelW, g.padding)
        // Columns whose taps all fall inside the row: ow in [P, W + P - KW].
        let inLo = min(P, OW), inHi = max(inLo, min(OW, W + P - KW + 1))
        @inline(__always) func pixel(_ n: Int, _ oh: Int, _ ow: Int) -> Float {
            var a = V()
            for cb in 0..<CB {
                let xbase = xp + (n * CB + cb) * H * W * B
                for kh in 0..<KH {
                    let ih = oh - P + kh
                    if ih < 0 || ih >= H { continue }
                    for kw in 0..<KW {
                        let iw = ow - P + kw
                        if iw < 0 || iw >= W { continue }
                        a += load(xbase + (ih * W + iw) * B, V.self) * load(w + ((cb * KH + kh) * KW + kw) * B, V.self)
                    }
                }
            }
            return a.sum()
        }
        for n in 0..<N { for oh in 0..<OH {
            let out = yp + (n * OH + oh) * OW
            for ow in 0..<inLo { out[ow] = b0 + pixel(n, oh, ow) }
            var ow = inLo
            while ow + 4 <= inHi {
                var a0 = V(), a1 = V(), a2 = V(), a3 = V()
                for cb in 0..<CB {
                    let xbase = xp + (n * CB + cb) * H * W * B
                    for kh in 0..<KH {
                        let ih = oh - P + kh
                        if ih < 0 || ih >= H { continue }
                        let xq = xbase + (ih * W + ow - P) * B
                        let wq = w + (cb * KH + kh) * KW * B
                        for kw in 0..<KW {
                            let wv = load(wq + kw * B, V.self)
                            let x0 = xq + kw * B
                            a0 += load(x0, V.self) * wv
                            a1 += load(x0 + B, V.self) * wv
                            a2 += load(x0 + 2 * B, V.self) * wv
                            a3 += load(x0 + 3 * B, V.self) * wv
                        }
                    }
                }
                out[ow] = b0 + a0.sum(); out[ow + 1] = b0 + a1.sum()
                out[ow + 2] = b0 + a2.sum(); out[ow + 3] = b0 + a3.sum()
                ow += 4
            }
            while ow < OW { out[ow] = b0 + pixel(n, oh, ow); ow += 1 }
        } }
    }

    static func backwardData(_ gy: Tensor, weight: Tensor, _ g: ConvGeometry, block B: Int) -> Tensor {
        let md = DNNL.md(g.inputShape, B == 16 ? dnnl_aBcd16b : dnnl_aBcd8b)
        let wp = packWeights(weight, g, B)
        let dy = gy.plain
        let dx = Layouts.makeTensor(g.inputShape, md)
        wp.withUnsafeBufferPointer { wb in
            if B == 16 { bwdData(dy, wb.baseAddress!, dx.storage.pointer, g, SIMD16<Float>.self) }
            else { bwdData(dy, wb.baseAddress!, dx.storage.pointer, g, SIMD8<Float>.self) }
        }
        withExtendedLifetime(gy.storage) {}
        return dx
    }

    /// dx[ih, iw] = Σ_taps dy[ih + P - kh, iw + P - kw] · w[kh, kw]; four input
    /// pixels at a time in registers where every tap's dy is inside the image.
    @inline(__always)
    static func bwdData<V: SIMD>(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dxp: UnsafeMutablePointer<Float>,
                                 _ g: ConvGeometry, _: V.Type) where V.Scalar == Float {
        let B = V.scalarCount
        let (N, CB, H, W, OH, OW) = (g.batch, g.inChannels / B, g.height, g.width, g.outHeight, g.outWidth)
        let (KH, KW, P) = (g.kernelH, g.kernelW, g.padding)
        // Columns whose taps all read inside dy's row: iw in [KW - 1 - P, OW - 1 - P].
        let inLo = min(max(0, KW - 1 - P), W), inHi = max(inLo, min(W, OW - P))
        for n in 0..<N { for cb in 0..<CB {
            let wb = w + cb * KH * KW * B
            for ih in 0..<H {
                let out = dxp + (((n * CB + cb) * H + ih) * W) * B
                @inline(__always) func pixel(_ iw: Int) {
                    var a = V()
                    for kh in 0..<KH {
                        let oh = ih + P - kh
                        if oh < 0 || oh >= OH { continue }
                        for kw in 0..<KW {
                            let ow = iw + P - kw
                            if ow < 0 || ow >= OW { continue }
                            a += dy[(n * OH + oh) * OW + ow] * load(wb + (kh * KW + kw) * B, V.self)
                        }
                    }
                    store(a, out + iw * B)
                }
                for iw in 0..<inLo { pixel(iw) }
                var iw = inLo
                while iw + 4 <= inHi {
                    var a0 = V(), a1 = V(), a2 = V(), a3 = V()
                    for kh in 0..<KH {
                        let oh = ih + P - kh
                        if oh < 0 || oh >= OH { continue }
                        let dq = dy + (n * OH + oh) * OW + iw + P
                        for kw in 0..<KW {
                            let wv = load(wb + (kh * KW + kw) * B, V.self)
                            let d = dq - kw
                            a0 += d[0] * wv; a1 += d[1] * wv; a2 += d[2] * wv; a3 += d[3] * wv
                        }
                    }
                    store(a0, out + iw * B); store(a1, out + (iw + 1) * B)
                    store(a2, out + (iw + 2) * B); store(a3, out + (iw + 3) * B)
                    iw += 4
                }
                while iw < W { pixel(iw); iw += 1 }
            }
        } }
    }

    static func backwardWeights(_ gy: Tensor, x: Tensor, _ g: ConvGeometry, withBias: Bool, block pref: Int) -> (weight: Tensor, bias: Tensor?) {
        let (md, B) = inputMD(x, g, pref)
        let xs = Layouts.storage(of: x, as: md, cache: true)
        let dy = gy.plain
        let K = g.kernelH * g.kernelW
        var acc = [Float](repeating: 0, count: g.inChannels * K)
        var db: Float = 0
        acc.withUnsafeMutableBufferPointer { ab in
            if B == 16 { db = bwdWeights(dy, xs.pointer, ab.baseAddress!, g, SIMD16<Float>.self) }
            else { db = bwdWeights(dy, xs.pointer, ab.baseAddress!, g, SIMD8<Float>.self) }
        }
        let dw = Tensor(shape: g.weightShape, storage: Storage(count: g.inChannels * K, zeroed: false))
        let dwp = dw.storage.pointer
        for c in 0..<g.inChannels { for k in 0..<K { dwp[c * K + k] = acc[((c / B) * K + k) * B + c % B] } }
        withExtendedLifetime((xs, gy.storage)) {}
        var bias: Tensor?
        if withBias {
            let b = Tensor(shape: [1], storage: Storage(count: 1, zeroed: false))
            b.storage.pointer[0] = db
            bias = b
        }
        return (dw, bias)
    }

    /// Accumulates dW as [C/B][kh][kw][B] into `a` (zeroed); returns the bias gradient.
    @inline(__always)
    static func bwdWeights<V: SIMD>(_ dy: UnsafePointer<Float>, _ xp: UnsafePointer<Float>, _ a: UnsafeMutablePointer<Float>,
                                    _ g: ConvGeometry, _: V.Type) -> Float where V.Scalar == Float {
        let B = V.scalarCount
        let (N, CB, H, W, OH, OW) = (g.batch, g.inChannels / B, g.height, g.width, g.outHeight, g.outWidth)
        let (KH, KW, P) = (g.kernelH, g.kernelW, g.padding)
        var db: Double = 0
        for n in 0..<N {
            for oh in 0..<OH {
                let dyrow = dy + (n * OH + oh) * OW
                var rs: Float = 0
                for ow in 0..<OW { rs += dyrow[ow] }
                db += Double(rs)
                for cb in 0..<CB {
                    let xbase = xp + (n * CB + cb) * H * W * B
                    for kh in 0..<KH {
                        let ih = oh - P + kh
                        if ih < 0 || ih >= H { continue }
                        let xrow = xbase + ih * W * B
                        for kw in 0..<KW {
                            let lo = max(0, P - kw), hi = min(OW, W + P - kw)
                            if lo >= hi { continue }
                            var acc = V()
                            var xq = xrow + (lo - P + kw) * B
                            for ow in lo..<hi {
                                acc += dyrow[ow] * load(xq, V.self)
                                xq += B
                            }
                            let ap = a + ((cb * KH + kh) * KW + kw) * B
                            store(load(ap, V.self) + acc, ap)
                        }
                    }
                }
            }
        }
        return Float(db)
    }
}
