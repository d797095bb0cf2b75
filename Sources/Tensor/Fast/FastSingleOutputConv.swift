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

    /// Row by row: for each input row a tap touches, accumulate B-lane products
    /// into a row of per-pixel vectors (contiguous loads, no per-pixel bounds checks).
    @inline(__always)
    static func fwd<V: SIMD>(_ xp: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ b0: Float, _ yp: UnsafeMutablePointer<Float>,
                             _ g: ConvGeometry, _: V.Type) where V.Scalar == Float {
        let B = V.scalarCount
        let (N, CB, H, W, OH, OW) = (g.batch, g.inChannels / B, g.height, g.width, g.outHeight, g.outWidth)
        let (KH, KW, P) = (g.kernelH, g.kernelW, g.padding)
        let row = UnsafeMutablePointer<V>.allocate(capacity: OW)
        defer { row.deallocate() }
        for n in 0..<N { for oh in 0..<OH {
            row.initialize(repeating: V(), count: OW)
            for cb in 0..<CB {
                let xbase = xp + (n * CB + cb) * H * W * B
                for kh in 0..<KH {
                    let ih = oh - P + kh
                    if ih < 0 || ih >= H { continue }
                    let xrow = xbase + ih * W * B
                    for kw in 0..<KW {
                        let wv = load(w + ((cb * KH + kh) * KW + kw) * B, V.self)
                        let lo = max(0, P - kw), hi = min(OW, W + P - kw)
                        if lo >= hi { continue }
                        var xq = xrow + (lo - P + kw) * B
                        for ow in lo..<hi {
                            row[ow] += load(xq, V.self) * wv
                            xq += B
                        }
                    }
                }
            }
            let out = yp + (n * OH + oh) * OW
            for ow in 0..<OW { out[ow] = b0 + row[ow].sum() }
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

    @inline(__always)
    static func bwdData<V: SIMD>(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dxp: UnsafeMutablePointer<Float>,
                                 _ g: ConvGeometry, _: V.Type) where V.Scalar == Float {
        let B = V.scalarCount
        let (N, CB, H, W, OH, OW) = (g.batch, g.inChannels / B, g.height, g.width, g.outHeight, g.outWidth)
        let (KH, KW, P) = (g.kernelH, g.kernelW, g.padding)
        for n in 0..<N { for cb in 0..<CB {
            for ih in 0..<H {
                // dx[ih, iw] = Σ_k dy[ih + P - kh, iw + P - kw] · w[kh, kw]
                let out = UnsafeMutableRawPointer(dxp + (((n * CB + cb) * H + ih) * W) * B).bindMemory(to: V.self, capacity: W)
                out.initialize(repeating: V(), count: W)
                for kh in 0..<KH {
                    let oh = ih + P - kh
                    if oh < 0 || oh >= OH { continue }
                    let dyrow = dy + (n * OH + oh) * OW
                    for kw in 0..<KW {
                        let wv = load(w + ((cb * KH + kh) * KW + kw) * B, V.self)
                        let lo = max(0, kw - P), hi = min(W, OW - P + kw)
                        if lo >= hi { continue }
                        for iw in lo..<hi { out[iw] += dyrow[iw + P - kw] * wv }
                    }
                }
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
