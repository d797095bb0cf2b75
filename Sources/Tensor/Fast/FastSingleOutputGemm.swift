import CDNNL

/// Single-output-channel convolutions with 8 or 16 input channels, as GEMMs
/// through `dnnl_sgemm` (JIT-compiled, multi-threaded). With B = C, the blocked
/// input nChw{C}c is exactly a row-major [pixels, C] matrix X, and with K taps:
///
///   forward:          Z = X · Wm            ([pix, C] × [C, K]); y[p] = b + Σ_k Z[p + shift_k, k]
///   backward data:    dX = T · Wmᵀ          ([pix, K] × [K, C]), T[p, k] = dy[p - shift_k]
///   backward weights: dWm = Xᵀ · T          ([C, pix] × [pix, K]); db = Σ dy
///
/// The shift-and-add and the gather T are cheap loops; the products run in oneDNN.
enum SingleOutputGemm {
    static func applies(_ g: ConvGeometry) -> Bool {
        g.outChannels == 1 && g.groups == 1 && g.stride == 1 && (g.inChannels == 16 || g.inChannels == 8)
    }

    static func inputMD(_ g: ConvGeometry) -> dnnl_memory_desc_t {
        DNNL.md(g.inputShape, g.inChannels == 16 ? dnnl_aBcd16b : dnnl_aBcd8b)
    }

    /// Wm[c][k] = w[0, c, kh, kw] — the plain weight tensor already is [C, K] row-major.
    static func sgemm(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                      _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        DNNL.applyThreads()
        DNNL.execLock.lock()
        let st = dnnl_sgemm(ta ? 84 : 78, tb ? 84 : 78, Int64(m), Int64(n), Int64(k), 1, a, Int64(lda), b, Int64(ldb), 0, c, Int64(ldc))
        DNNL.execLock.unlock()
        DNNL.check(st, "sgemm \(m)x\(n)x\(k)")
    }

    static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry) -> Tensor {
        let C = g.inChannels, K = g.kernelH * g.kernelW
        let (N, H, W, OH, OW, KH, KW, P) = (g.batch, g.height, g.width, g.outHeight, g.outWidth, g.kernelH, g.kernelW, g.padding)
        let pix = N * H * W
        let xs = Layouts.storage(of: x, as: inputMD(g), cache: true)
        let z = Storage(count: pix * K, zeroed: false)
        withExtendedLifetime(xs) { sgemm(false, false, pix, K, C, xs.pointer, C, weight.plain, K, z.pointer, K) }
        let b0: Float = bias.map { $0.plain[0] } ?? 0
        let y = Tensor(shape: g.outputShape, storage: Storage(count: N * OH * OW, zeroed: false))
        let yp = y.storage.pointer, zp = z.pointer
        for n in 0..<N { for oh in 0..<OH {
            let out = yp + (n * OH + oh) * OW
            for ow in 0..<OW { out[ow] = b0 }
            for kh in 0..<KH {
                let ih = oh - P + kh
                if ih < 0 || ih >= H { continue }
                let zrow = zp + (n * H + ih) * W * K
                for kw in 0..<KW {
                    let lo = max(0, P - kw), hi = min(OW, W + P - kw)
                    if lo >= hi { continue }
                    let k = kh * KW + kw
                    var q = zrow + (lo - P + kw) * K + k
                    for ow in lo..<hi { out[ow] += q.pointee; q += K }
                }
            }
        } }
        return y
    }

    /// T[p, k] = dy[p - shift_k] (zero outside), cached on the gradient's storage
    /// for the second backward call.
    final class Shifted {
        let g: ConvGeometry
        let t: Storage
        init(_ g: ConvGeometry, _ t: Storage) { self.g = g; self.t = t }
    }

    static func shifted(_ gy: Tensor, _ g: ConvGeometry) -> Storage {
        let dy = gy.plain
        if let s = gy.storage.aux as? Shifted, s.g == g { return s.t }
        let K = g.kernelH * g.kernelW
        let (N, H, W, OH, OW, KH, KW, P) = (g.batch, g.height, g.width, g.outHeight, g.outWidth, g.kernelH, g.kernelW, g.padding)
        let t = Storage(count: N * H * W * K)  // zero-filled: taps outside the image stay 0
        let tp = t.pointer
        for n in 0..<N { for ih in 0..<H {
            let trow = tp + (n * H + ih) * W * K
            for kh in 0..<KH {
                let oh = ih + P - kh
                if oh < 0 || oh >= OH { continue }
                let dyrow = dy + (n * OH + oh) * OW
                for kw in 0..<KW {
                    // iw with ow = iw + P - kw inside [0, OW)
                    let lo = max(0, kw - P), hi = min(W, OW - P + kw)
                    if lo >= hi { continue }
                    let k = kh * KW + kw
                    var q = trow + lo * K + k
                    for iw in lo..<hi { q.pointee = dyrow[iw + P - kw]; q += K }
                }
            }
        } }
        if gy.storage.aux == nil { gy.storage.aux = Shifted(g, t) }
        return t
    }

    static func backwardData(_ gy: Tensor, weight: Tensor, _ g: ConvGeometry) -> Tensor {
        let C = g.inChannels, K = g.kernelH * g.kernelW, pix = g.batch * g.height * g.width
        let t = shifted(gy, g)
        let dx = Layouts.makeTensor(g.inputShape, inputMD(g))
        // dX[pix, C] = T[pix, K] · Wmᵀ, with Wm [C, K] row-major.
        withExtendedLifetime((t, weight.storage)) {
            sgemm(false, true, pix, C, K, t.pointer, K, weight.plain, K, dx.storage.pointer, C)
        }
        return dx
    }

    static func backwardWeights(_ gy: Tensor, x: Tensor, _ g: ConvGeometry, withBias: Bool) -> (weight: Tensor, bias: Tensor?) {
        let C = g.inChannels, K = g.kernelH * g.kernelW, pix = g.batch * g.height * g.width
        let xs = Layouts.storage(of: x, as: inputMD(g), cache: true)
        let t = shifted(gy, g)
        let dw = Tensor(shape: g.weightShape, storage: Storage(count: C * K, zeroed: false))
        // dWm[C, K] = Xᵀ · T, X stored [pix, C].
        withExtendedLifetime((xs, t)) { sgemm(true, false, C, K, pix, xs.pointer, C, t.pointer, K, dw.storage.pointer, K) }
        var bias: Tensor?
        if withBias {
            let dy = gy.plain
            var s: Double = 0, part: Float = 0
            let n = gy.count
            for i in 0..<n {
                part += dy[i]
                if i & 1023 == 1023 { s += Double(part); part = 0 }
            }
            s += Double(part)
            let b = Tensor(shape: [1], storage: Storage(count: 1, zeroed: false))
            b.storage.pointer[0] = Float(s)
            bias = b
        }
        withExtendedLifetime(gy.storage) {}
        return (dw, bias)
    }
}
