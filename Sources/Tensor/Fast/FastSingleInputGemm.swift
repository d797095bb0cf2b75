import CDNNL

/// Backward weights of a convolution with one input channel (the first layer of every
/// MNIST model) as small GEMMs through `dnnl_sgemm`, for CPUs where oneDNN 2.6 has no
/// optimised kernel for it: on AVX2 (no AVX-512) it falls back to `ref:any`, which took
/// 2.3 s per 128-image batch — 98 % of a classifier training step. Per image n, with
/// K = kh·kw taps and P = OH·OW output pixels:
///
///   T_n [P, K + 1]:  T_n[p, k] = x[n, pixel p shifted by tap k] (0 outside), T_n[p, K] = 1
///   dW  [O, K + 1] += dY_nᵀ · T_n      (the last column is the bias gradient Σ dy)
///
/// dY_n is read in the layout the forward left it: nChw8c / nChw16c (each channel
/// block a row-major [P, B] matrix, so dY_nᵀ is a transposed operand) or plain.
enum SingleInputGemm {
    static func applies(_ g: ConvGeometry) -> Bool { g.inChannels == 1 && g.groups == 1 }

    static func backwardWeights(_ gy: Tensor, x: Tensor, _ g: ConvGeometry, withBias: Bool) -> (weight: Tensor, bias: Tensor?) {
        let (N, O, H, W) = (g.batch, g.outChannels, g.height, g.width)
        let (OH, OW, KH, KW, S, PAD) = (g.outHeight, g.outWidth, g.kernelH, g.kernelW, g.stride, g.padding)
        let K = KH * KW, K1 = K + 1, P = OH * OW
        var md = Layouts.md(of: gy)
        let block: Int
        switch Layouts.tag(of: md, dims: gy.shape) {
        case dnnl_aBcd8b: block = 8
        case dnnl_aBcd16b: block = 16
        case dnnl_abcd: block = 0
        default:
            md = DNNL.plainMD(gy.shape)
            block = 0
        }
        let dys = Layouts.storage(of: gy, as: md, cache: false)
        let rows = block == 0 ? O : (O + block - 1) / block * block
        let acc = Storage(count: rows * K1)  // zero-filled: accumulated into
        let t = Storage(count: P * K1, zeroed: false)
        let xp = x.plain, tp = t.pointer, dy = dys.pointer
        DNNL.applyThreads()
        withExtendedLifetime((x.storage, dys, t, acc)) {
            for n in 0..<N {
                // im2col of image n (one channel), with the ones column.
                let img = xp + n * H * W
                for oh in 0..<OH { for ow in 0..<OW {
                    let row = tp + (oh * OW + ow) * K1
                    for kh in 0..<KH {
                        let ih = oh * S - PAD + kh
                        for kw in 0..<KW {
                            let iw = ow * S - PAD + kw
                            row[kh * KW + kw] = (ih >= 0 && ih < H && iw >= 0 && iw < W) ? img[ih * W + iw] : 0
                        }
                    }
                    row[K] = 1
                } }
                if block == 0 {
                    // dW [O, K1] += dY_n [O, P] · T_n [P, K1]
                    gemm(false, O, K1, P, dy + n * O * P, P, tp, acc.pointer)
                } else {
                    let blocks = rows / block
                    for b in 0..<blocks {
                        // dW rows of block b [B, K1] += D_{n,b}ᵀ · T_n, D stored [P, B].
                        gemm(true, block, K1, P, dy + (n * blocks + b) * P * block, block, tp, acc.pointer + b * block * K1)
                    }
                }
            }
        }
        let dw = Tensor(shape: g.weightShape, storage: Storage(count: O * K, zeroed: false))
        let db = Tensor(shape: [O], storage: Storage(count: O, zeroed: false))
        for o in 0..<O {
            for k in 0..<K { dw.storage.pointer[o * K + k] = acc.pointer[o * K1 + k] }
            db.storage.pointer[o] = acc.pointer[o * K1 + K]
        }
        return (dw, withBias ? db : nil)
    }

    /// C [m, K1] += op(A) [m, k] · T [k, K1], row-major; A is [k, m] (lda) when transposed.
    private static func gemm(_ transA: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                             _ t: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>) {
        // Serialised like every other oneDNN call here (DNNL.execLock): one stream, one caller at a time.
        DNNL.execLock.lock()
        let st = dnnl_sgemm(transA ? 84 : 78, 78, Int64(m), Int64(n), Int64(k), 1, a, Int64(lda), t, Int64(n), 1, c, Int64(n))
        DNNL.execLock.unlock()
        DNNL.check(st, "sgemm \(m)x\(n)x\(k)")
    }
}
