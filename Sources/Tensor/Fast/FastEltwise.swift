import CDNNL

/// Pointwise activations in the input's layout (padding lanes of blocked layouts
/// are computed too; they are never read as values).
final class FastEltwise {
    struct Key: Hashable { let alg: UInt32; let alpha: Float; let md: MDKey }

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

    private func fwdPrim(_ alg: dnnl_alg_kind_t, _ alpha: Float, _ md: dnnl_memory_desc_t) -> Prim {
        fwdCache.get(Key(alg: alg.rawValue, alpha: alpha, md: MDKey(md))) {
            var m = md
            var d = dnnl_eltwise_desc_t()
            DNNL.check(dnnl_eltwise_forward_desc_init(&d, dnnl_forward_training, alg, &m, alpha, 0), "eltwise_forward_desc_init")
            return Prim(DNNL.makePD(&d, "eltwise forward"), "eltwise fwd")
        }
    }

    func forward(_ x: Tensor, _ a: Activation) -> Tensor {
        let (alg, _, _, alpha) = FastEltwise.algs(a)
        let m = Layouts.md(of: x)
        let p = fwdPrim(alg, alpha, m)
        let y = Layouts.makeTensor(x.shape, m)
        withExtendedLifetime(x.storage) {
            DNNL.execute(p.prim, [.init(DNNL_ARG_SRC, m, x.storage.pointer), .init(DNNL_ARG_DST, m, y.storage.pointer)], "eltwise forward")
        }
        return y
    }

    func backward(_ gy: Tensor, x: Tensor, y: Tensor, _ a: Activation) -> Tensor {
        let (fwdAlg, bwdAlg, useDst, alpha) = FastEltwise.algs(a)
        let data = useDst ? y : x
        let m = Layouts.md(of: data)
        let p = bwdCache.get(Key(alg: bwdAlg.rawValue, alpha: alpha, md: MDKey(m))) {
            let hintAlg = useDst ? bwdAlg : fwdAlg
            let hint = fwdPrim(hintAlg, alpha, m)
            var dm = m, sm = m
            var d = dnnl_eltwise_desc_t()
            DNNL.check(dnnl_eltwise_backward_desc_init(&d, bwdAlg, &dm, &sm, alpha, 0), "eltwise_backward_desc_init")
            return Prim(DNNL.makePD(&d, hint: hint.pd, "eltwise backward"), "eltwise bwd")
        }
        let dys = Layouts.storage(of: gy, as: m, cache: true)
        let dx = Layouts.makeTensor(x.shape, m)
        let dataArg: Int32 = useDst ? DNNL_ARG_DST : DNNL_ARG_SRC
        withExtendedLifetime((dys, data.storage)) {
            DNNL.execute(p.prim, [.init(dataArg, m, data.storage.pointer), .init(DNNL_ARG_DIFF_DST, m, dys.pointer),
                                  .init(DNNL_ARG_DIFF_SRC, m, dx.storage.pointer)], "eltwise backward")
        }
        return dx
    }
}
