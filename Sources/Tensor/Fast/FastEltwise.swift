import CDNNL

/// Pointwise activations. An activation does not care about layout, so it runs over
/// the physical buffer as one flat vector (plain or blocked alike, same layout out as
/// in). Channel-padding lanes of blocked layouts are re-zeroed when f(0) ≠ 0, since
/// oneDNN expects zero padding.
final class FastEltwise {
    struct Key: Hashable { let alg: UInt32; let alpha: Float; let count: Int }

    let fwdCache = PrimitiveCache<Key, Prim>()
    let bwdCache = PrimitiveCache<Key, Prim>()

    /// The forward algorithm, and the backward one with whether it reads y (dst) or x.
    static func algs(_ a: Activation) -> (fwd: dnnl_alg_kind_t, bwd: dnnl_alg_kind_t, useDst: Bool, alpha: Float) {
        switch a {
        case .relu: return (dnnl_eltwise_relu, dnnl_eltwise_relu_use_dst_for_bwd, true, 0)
        case .leakyRelu(let s): return (dnnl_eltwise_relu, dnnl_eltwise_relu, false, s)
        case .sigmoid: return (dnnl_eltwise_logistic, dnnl_eltwise_logistic_use_dst_for_bwd, true, 0)
        case .tanh: return (dnnl_eltwise_tanh, dnnl_eltwise_tanh_use_dst_for_bwd, true, 0)
        }
    }

    private func fwdPrim(_ alg: dnnl_alg_kind_t, _ alpha: Float, _ n: Int) -> Prim {
        fwdCache.get(Key(alg: alg.rawValue, alpha: alpha, count: n)) {
            var m = DNNL.md([n], dnnl_a)
            var d = dnnl_eltwise_desc_t()
            DNNL.check(dnnl_eltwise_forward_desc_init(&d, dnnl_forward_training, alg, &m, alpha, 0), "eltwise_forward_desc_init")
            return Prim(DNNL.makePD(&d, "eltwise forward"), "eltwise fwd")
        }
    }

    /// Physical element count of a tensor's storage in layout `md`.
    private static func physical(_ md: dnnl_memory_desc_t) -> Int { DNNL.size(md) / 4 }

    func forward(_ x: Tensor, _ a: Activation) -> Tensor {
        let (alg, _, _, alpha) = FastEltwise.algs(a)
        let m = Layouts.md(of: x)
        let n = FastEltwise.physical(m)
        let p = fwdPrim(alg, alpha, n)
        let y = Layouts.makeTensor(x.shape, m)
        let flat = DNNL.md([n], dnnl_a)
        withExtendedLifetime(x.storage) {
            DNNL.execute(p.prim, [.init(DNNL_ARG_SRC, flat, x.storage.pointer), .init(DNNL_ARG_DST, flat, y.storage.pointer)], "eltwise forward")
        }
        if a == .sigmoid { FastEltwise.zeroPadding(y.storage.pointer, m, x.shape) }
        return y
    }

    func backward(_ gy: Tensor, x: Tensor, y: Tensor, _ a: Activation) -> Tensor {
        let (fwdAlg, bwdAlg, useDst, alpha) = FastEltwise.algs(a)
        let data = useDst ? y : x
        let m = Layouts.md(of: data)
        let n = FastEltwise.physical(m)
        let p = bwdCache.get(Key(alg: bwdAlg.rawValue, alpha: alpha, count: n)) {
            let hint = fwdPrim(useDst ? bwdAlg : fwdAlg, alpha, n)
            var dm = DNNL.md([n], dnnl_a), sm = dm
            var d = dnnl_eltwise_desc_t()
            DNNL.check(dnnl_eltwise_backward_desc_init(&d, bwdAlg, &dm, &sm, alpha, 0), "eltwise_backward_desc_init")
            return Prim(DNNL.makePD(&d, hint: hint.pd, "eltwise backward"), "eltwise bwd")
        }
        let dys = Layouts.storage(of: gy, as: m, cache: true)
        let dx = Layouts.makeTensor(x.shape, m)
        let dataArg: Int32 = useDst ? DNNL_ARG_DST : DNNL_ARG_SRC
        let flat = DNNL.md([n], dnnl_a)
        withExtendedLifetime((dys, data.storage)) {
            DNNL.execute(p.prim, [.init(dataArg, flat, data.storage.pointer), .init(DNNL_ARG_DIFF_DST, flat, dys.pointer),
                                  .init(DNNL_ARG_DIFF_SRC, flat, dx.storage.pointer)], "eltwise backward")
        }
        return dx
    }

    /// Zeroes the channel-padding lanes of an nChw16c / nChw8c buffer.
    static func zeroPadding(_ p: UnsafeMutablePointer<Float>, _ md: dnnl_memory_desc_t, _ shape: [Int]) {
        guard shape.count == 4, let tag = Layouts.tag(of: md, dims: shape) else { return }
        let block: Int
        switch tag {
        case dnnl_aBcd16b: block = 16
        case dnnl_aBcd8b: block = 8
        case dnnl_aBcd4b: block = 4
        default: return
        }
        let c = shape[1], valid = c % block
        if valid == 0 { return }
        let blocks = (c + block - 1) / block, hw = shape[2] * shape[3]
        for n in 0..<shape[0] {
            var q = p + ((n * blocks + blocks - 1) * hw) * block
            for _ in 0..<hw {
                for l in valid..<block { q[l] = 0 }
                q += block
            }
        }
    }
}
