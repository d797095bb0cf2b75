import CDNNL

/// Convolutions through oneDNN, with source, weights and destination layouts left
/// to oneDNN (`format_tag_any`); activations stay in the chosen layouts.
final class FastConv {
    struct Key: Hashable { let g: ConvGeometry; let bias: Bool }

    /// Forward, backward-data and backward-weights primitives for one geometry.
    final class Entry {
        let fwd: Prim
        let src, weights, dst, bias: dnnl_memory_desc_t
        let plainWeights, plainBias: dnnl_memory_desc_t
        lazy var bwdData: Prim = makeBwdData()
        lazy var bwdWeights: Prim = makeBwdWeights()
        let g: ConvGeometry

        init(_ g: ConvGeometry, bias: Bool) {
            self.g = g
            plainWeights = FastConv.weightsMD(g, dnnl_format_tag_any, plain: true)
            plainBias = DNNL.plainMD([g.outChannels])
            var srcAny = DNNL.anyMD(g.inputShape)
            var wAny = FastConv.weightsMD(g, dnnl_format_tag_any, plain: false)
            var bAny = DNNL.anyMD([g.outChannels])
            var dstAny = DNNL.anyMD(g.outputShape)
            var d = dnnl_convolution_desc_t()
            let (s, pl, pr) = FastConv.spatial(g)
            let st = withUnsafePointer(to: &bAny) { bp in
                dnnl_convolution_forward_desc_init(&d, dnnl_forward_training, dnnl_convolution_direct,
                                                   &srcAny, &wAny, bias ? bp : nil, &dstAny, s, pl, pr)
            }
            DNNL.check(st, "convolution_forward_desc_init \(g)")
            fwd = Prim(DNNL.makePD(&d, "convolution forward \(g)"), "conv fwd")
            src = fwd.md(dnnl_query_src_md)
            weights = fwd.md(dnnl_query_weights_md)
            dst = fwd.md(dnnl_query_dst_md)
            self.bias = bias ? fwd.md(dnnl_query_weights_md, 1) : plainBias
        }

        private func makeBwdData() -> Prim {
            var diffSrc = DNNL.anyMD(g.inputShape)
            var w = FastConv.weightsMD(g, dnnl_format_tag_any, plain: false)
            var diffDst = dst
            var d = dnnl_convolution_desc_t()
            let (s, pl, pr) = FastConv.spatial(g)
            DNNL.check(dnnl_convolution_backward_data_desc_init(&d, dnnl_convolution_direct, &diffSrc, &w, &diffDst, s, pl, pr),
                       "convolution_backward_data_desc_init \(g)")
            return Prim(DNNL.makePD(&d, hint: fwd.pd, "convolution backward data \(g)"), "conv bwd data")
        }

        private func makeBwdWeights() -> Prim {
            var srcMD = src
            var w = FastConv.weightsMD(g, dnnl_format_tag_any, plain: false)
            var b = DNNL.plainMD([g.outChannels])
            var diffDst = dst
            var d = dnnl_convolution_desc_t()
            let (s, pl, pr) = FastConv.spatial(g)
            DNNL.check(dnnl_convolution_backward_weights_desc_init(&d, dnnl_convolution_direct, &srcMD, &w, &b, &diffDst, s, pl, pr),
                       "convolution_backward_weights_desc_init \(g)")
            return Prim(DNNL.makePD(&d, hint: fwd.pd, "convolution backward weights \(g)"), "conv bwd weights")
        }
    }

    let cache = PrimitiveCache<Key, Entry>()

    func entry(_ g: ConvGeometry, bias: Bool) -> Entry {
        // Backward passes share the forward's entry; bias presence only changes the forward.
        cache.get(Key(g: g, bias: bias)) { Entry(g, bias: bias) }
    }

    static func spatial(_ g: ConvGeometry) -> ([Int64], [Int64], [Int64]) {
        let s = [Int64(g.stride), Int64(g.stride)]
        let p = [Int64(g.padding), Int64(g.padding)]
        // Right padding so that oneDNN's output size equals floor mode.
        let pr = [Int64((g.outHeight - 1) * g.stride + g.kernelH - g.height - g.padding),
                  Int64((g.outWidth - 1) * g.stride + g.kernelW - g.width - g.padding)]
        return (s, p, pr)
    }

    /// Weights as oneDNN sees them: [O, I, kh, kw], or [G, O/G, I/G, kh, kw] when grouped.
    /// With `plain`, the descriptor of our row-major weight tensor.
    static func weightsMD(_ g: ConvGeometry, _ tag: dnnl_format_tag_t, plain: Bool) -> dnnl_memory_desc_t {
        if g.groups == 1 {
            return DNNL.md([g.outChannels, g.inChannels, g.kernelH, g.kernelW], plain ? dnnl_abcd : tag)
        }
        return DNNL.md([g.groups, g.outChannels / g.groups, g.inChannels / g.groups, g.kernelH, g.kernelW], plain ? dnnl_abcde : tag)
    }

    // MARK: kernels

    func forward(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry) -> Tensor {
        let e = entry(g, bias: bias != nil)
        let xs = Layouts.storage(of: x, as: e.src, cache: true)
        let ws = FastConv.weightStorage(weight, e.plainWeights, e.weights)
        let y = Layouts.makeTensor(g.outputShape, e.dst)
        var args: [DNNL.Arg] = [.init(DNNL_ARG_SRC, e.src, xs.pointer), .init(DNNL_ARG_WEIGHTS, e.weights, ws.pointer),
                                .init(DNNL_ARG_DST, e.dst, y.storage.pointer)]
        var bs: Storage?
        if let bias {
            let b = Layouts.storage(of: bias, as: e.bias, cache: false)
            bs = b
            args.append(.init(DNNL_ARG_BIAS, e.bias, b.pointer))
        }
        withExtendedLifetime((xs, ws, bs)) { DNNL.execute(e.fwd.prim, args, "conv forward") }
        return y
    }

    func backwardData(_ gy: Tensor, weight: Tensor, _ g: ConvGeometry) -> Tensor {
        let e = entry(g, bias: false)
        let p = e.bwdData
        let wMD = p.md(dnnl_query_weights_md), dyMD = p.md(dnnl_query_diff_dst_md), dxMD = p.md(dnnl_query_diff_src_md)
        let dys = Layouts.storage(of: gy, as: dyMD, cache: true)
        let ws = FastConv.weightStorage(weight, e.plainWeights, wMD)
        let dx = Layouts.makeTensor(g.inputShape, dxMD)
        withExtendedLifetime((dys, ws)) {
            DNNL.execute(p.prim, [.init(DNNL_ARG_DIFF_DST, dyMD, dys.pointer), .init(DNNL_ARG_WEIGHTS, wMD, ws.pointer),
                                  .init(DNNL_ARG_DIFF_SRC, dxMD, dx.storage.pointer)], "conv backward data")
        }
        return dx
    }

    func backwardWeights(_ gy: Tensor, x: Tensor, _ g: ConvGeometry, withBias: Bool) -> (weight: Tensor, bias: Tensor?) {
        let e = entry(g, bias: false)
        let p = e.bwdWeights
        let srcMD = p.md(dnnl_query_src_md), dyMD = p.md(dnnl_query_diff_dst_md), dwMD = p.md(dnnl_query_diff_weights_md)
        let dbMD = p.md(dnnl_query_diff_weights_md, 1)
        let xs = Layouts.storage(of: x, as: srcMD, cache: true)
        let dys = Layouts.storage(of: gy, as: dyMD, cache: true)
        let dw = Tensor.empty(g.weightShape)
        let dwPlain = DNNL.equal(dwMD, e.plainWeights)
        let dwBuf = dwPlain ? dw.storage : Storage(count: (DNNL.size(dwMD) + 3) / 4)
        let db = Tensor.empty([g.outChannels])
        let dbTmp = withBias ? db.storage : Storage(count: g.outChannels)
        withExtendedLifetime((xs, dys)) {
            DNNL.execute(p.prim, [.init(DNNL_ARG_SRC, srcMD, xs.pointer), .init(DNNL_ARG_DIFF_DST, dyMD, dys.pointer),
                                  .init(DNNL_ARG_DIFF_WEIGHTS, dwMD, dwBuf.pointer), .init(DNNL_ARG_DIFF_BIAS, dbMD, dbTmp.pointer)],
                         "conv backward weights")
        }
        if !dwPlain { Reorder.run(from: dwMD, dwBuf.pointer, to: e.plainWeights, dw.storage.pointer) }
        return (dw, withBias ? db : nil)
    }

    /// The weights in the primitive's layout (a reorder per call: optimizers change
    /// weights in place between steps, so a cached copy could go stale).
    static func weightStorage(_ w: Tensor, _ plainMD: dnnl_memory_desc_t, _ target: dnnl_memory_desc_t) -> Storage {
        let p = w.plain
        if DNNL.equal(plainMD, target) { return w.storage }
        let s = Storage(count: (DNNL.size(target) + 3) / 4)
        Reorder.run(from: plainMD, p, to: target, s.pointer)
        return s
    }
}
