import CDNNL

/// Convolutions through oneDNN. Layouts are chosen once per geometry: the source
/// layout is picked among blocked candidates so that forward, backward-data and
/// backward-weights all get optimised (non-reference) implementations; weights and
/// destination are left to oneDNN (`format_tag_any`). Activations stay in the
/// chosen layouts from layer to layer.
final class FastConv {

    /// Forward, backward-data and backward-weights primitives for one geometry.
    final class Entry {
        let fwd: Prim, bwdData: Prim, bwdWeights: Prim
        let src, weights, dst, bias: dnnl_memory_desc_t
        let bdWeights, bdDiffDst, bdDiffSrc: dnnl_memory_desc_t
        let bwSrc, bwDiffDst, bwDiffWeights, bwDiffBias: dnnl_memory_desc_t
        let plainWeights: dnnl_memory_desc_t
        let g: ConvGeometry

        /// Zeros standing in for the bias of a bias-free forward (the primitive always has one).
        let zeroBias: Storage

        init(_ g: ConvGeometry) {
            let bias = true
            zeroBias = Storage(count: g.outChannels)
            self.g = g
            plainWeights = FastConv.weightsMD(g, dnnl_format_tag_any, plain: true)
            var best: (dnnl_primitive_desc_t, dnnl_primitive_desc_t, dnnl_primitive_desc_t)?
            var bestScore = -1
            search: for srcTag in FastConv.srcCandidates(g) {
                for dstTag in FastConv.dstCandidates(g) {
                    guard let f = FastConv.forwardPD(g, bias: bias, srcTag, dstTag) else { continue }
                    let srcMD = DNNL.query(f, dnnl_query_src_md), dstMD = DNNL.query(f, dnnl_query_dst_md)
                    guard let d = FastConv.bestBackwardDataPD(g, srcMD, dstMD, hint: f) else { dnnl_primitive_desc_destroy(f); continue }
                    guard let w = FastConv.backwardWeightsPD(g, srcMD, dstMD, hint: f) else {
                        dnnl_primitive_desc_destroy(f); dnnl_primitive_desc_destroy(d); continue
                    }
                    // Score: optimised implementations, and no silent reorders between passes.
                    var score = 0
                    for pd in [f, d, w] where !DNNL.implName(pd).hasPrefix("ref") { score += 2 }
                    if DNNL.equal(DNNL.query(d, dnnl_query_diff_dst_md), dstMD) { score += 1 }
                    if DNNL.debug {
                        print("  candidate src \(DNNL.describe(srcMD)) dst \(DNNL.describe(dstMD)): \(DNNL.implName(f)) / \(DNNL.implName(d)) / \(DNNL.implName(w)) score \(score)")
                    }
                    if score > bestScore {
                        if let b = best { [b.0, b.1, b.2].forEach { dnnl_primitive_desc_destroy($0) } }
                        best = (f, d, w); bestScore = score
                    } else {
                        [f, d, w].forEach { dnnl_primitive_desc_destroy($0) }
                    }
                    if bestScore == 7 { break search }
                }
            }
            guard let (f, d, w) = best else { fatalError("oneDNN: no convolution implementation for \(g)") }
            fwd = Prim(f, "conv fwd"); bwdData = Prim(d, "conv bwd data"); bwdWeights = Prim(w, "conv bwd weights")
            src = fwd.md(dnnl_query_src_md)
            weights = fwd.md(dnnl_query_weights_md)
            dst = fwd.md(dnnl_query_dst_md)
            self.bias = bias ? fwd.md(dnnl_query_weights_md, 1) : DNNL.plainMD([g.outChannels])
            bdWeights = bwdData.md(dnnl_query_weights_md)
            bdDiffDst = bwdData.md(dnnl_query_diff_dst_md)
            bdDiffSrc = bwdData.md(dnnl_query_diff_src_md)
            bwSrc = bwdWeights.md(dnnl_query_src_md)
            bwDiffDst = bwdWeights.md(dnnl_query_diff_dst_md)
            bwDiffWeights = bwdWeights.md(dnnl_query_diff_weights_md)
            bwDiffBias = bwdWeights.md(dnnl_query_diff_weights_md, 1)
            if DNNL.debug {
                print("latent fast conv \(g.inChannels)→\(g.outChannels) \(g.height)x\(g.width) k\(g.kernelH) s\(g.stride) p\(g.padding) g\(g.groups): " +
                      "src \(DNNL.describe(src)) dst \(DNNL.describe(dst)) bd.dy \(DNNL.describe(bdDiffDst)) bw.dy \(DNNL.describe(bwDiffDst)); \(description)")
            }
        }

        /// True when oneDNN has only its reference kernel for backward weights (one input
        /// channel on AVX2 CPUs); `SingleInputGemm` then takes over where it applies.
        var bwdWeightsIsReference: Bool { DNNL.implName(bwdWeights.pd).hasPrefix("ref") }

        var description: String {
            "\(DNNL.implName(fwd.pd)) / \(DNNL.implName(bwdData.pd)) / \(DNNL.implName(bwdWeights.pd))"
        }
    }

    /// Source layouts to try: blocked by 16 first (AVX-512's native layout; channels
    /// are padded when fewer), then oneDNN's own choice.
    static func srcCandidates(_ g: ConvGeometry) -> [dnnl_format_tag_t] {
        let cg = g.inChannels / g.groups
        if g.inChannels < 4 { return [dnnl_format_tag_any, dnnl_abcd] }
        if g.groups > 1 && cg < 16 && cg > 1 { return [dnnl_format_tag_any, dnnl_aBcd16b, dnnl_aBcd8b, dnnl_acdb] }
        return [dnnl_aBcd16b, dnnl_format_tag_any, dnnl_aBcd8b, dnnl_acdb]
    }

    /// Destination layouts to try: few output channels stay plain (no 16× padding).
    static func dstCandidates(_ g: ConvGeometry) -> [dnnl_format_tag_t] {
        g.outChannels < 4 ? [dnnl_abcd, dnnl_format_tag_any] : [dnnl_format_tag_any]
    }

    static func forwardPD(_ g: ConvGeometry, bias: Bool, _ srcTag: dnnl_format_tag_t, _ dstTag: dnnl_format_tag_t) -> dnnl_primitive_desc_t? {
        var s = DNNL.md(g.inputShape, srcTag)
        var w = weightsMD(g, dnnl_format_tag_any, plain: false)
        var b = DNNL.anyMD([g.outChannels])
        var d = DNNL.md(g.outputShape, dstTag)
        var desc = dnnl_convolution_desc_t()
        let (st, pl, pr) = spatial(g)
        let status = withUnsafePointer(to: &b) { bp in
            dnnl_convolution_forward_desc_init(&desc, dnnl_forward_training, dnnl_convolution_direct,
                                               &s, &w, bias ? bp : nil, &d, st, pl, pr)
        }
        guard status == dnnl_success else { return nil }
        return DNNL.tryPD(&desc)
    }

    static func backwardDataPD(_ g: ConvGeometry, _ srcMD: dnnl_memory_desc_t, _ dstMD: dnnl_memory_desc_t,
                               hint: dnnl_primitive_desc_t) -> dnnl_primitive_desc_t? {
        var ds = srcMD, dd = dstMD
        var w = weightsMD(g, dnnl_format_tag_any, plain: false)
        var desc = dnnl_convolution_desc_t()
        let (st, pl, pr) = spatial(g)
        guard dnnl_convolution_backward_data_desc_init(&desc, dnnl_convolution_direct, &ds, &w, &dd, st, pl, pr) == dnnl_success
        else { return nil }
        return DNNL.tryPD(&desc, hint: hint)
    }

    /// The data gradient is an output, so its layout is free: the forward's source
    /// layout when that has an optimised kernel, otherwise another one that has.
    static func bestBackwardDataPD(_ g: ConvGeometry, _ srcMD: dnnl_memory_desc_t, _ dstMD: dnnl_memory_desc_t,
                                   hint: dnnl_primitive_desc_t) -> dnnl_primitive_desc_t? {
        var fallback: dnnl_primitive_desc_t?
        let alternatives = [dnnl_format_tag_any, dnnl_aBcd16b, dnnl_aBcd8b].map { DNNL.md(g.inputShape, $0) }
        for md in [srcMD] + alternatives {
            guard let d = backwardDataPD(g, md, dstMD, hint: hint) else { continue }
            if !DNNL.implName(d).hasPrefix("ref") {
                if let f = fallback { dnnl_primitive_desc_destroy(f) }
                return d
            }
            if fallback == nil { fallback = d } else { dnnl_primitive_desc_destroy(d) }
        }
        return fallback
    }

    static func backwardWeightsPD(_ g: ConvGeometry, _ srcMD: dnnl_memory_desc_t, _ dstMD: dnnl_memory_desc_t,
                                  hint: dnnl_primitive_desc_t) -> dnnl_primitive_desc_t? {
        var s = srcMD, dd = dstMD
        var w = weightsMD(g, dnnl_format_tag_any, plain: false)
        var b = DNNL.plainMD([g.outChannels])
        var desc = dnnl_convolution_desc_t()
        let (st, pl, pr) = spatial(g)
        guard dnnl_convolution_backward_weights_desc_init(&desc, dnnl_convolution_direct, &s, &w, &b, &dd, st, pl, pr) == dnnl_success
        else { return nil }
        return DNNL.tryPD(&desc, hint: hint)
    }

    let cache = PrimitiveCache<ConvGeometry, Entry>()

    func entry(_ g: ConvGeometry) -> Entry {
        cache.get(g) { Entry(g) }
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
        if SingleOutputGemm.applies(g) { return SingleOutputGemm.forward(x, weight: weight, bias: bias, g) }
        if let b = SingleOutputConv.block(g) { return SingleOutputConv.forward(x, weight: weight, bias: bias, g, block: b) }
        let e = entry(g)
        let xs = Layouts.storage(of: x, as: e.src, cache: true)
        let ws = FastConv.weightStorage(weight, e.plainWeights, e.weights)
        let y = Layouts.makeTensor(g.outputShape, e.dst)
        let bs = bias.map { Layouts.storage(of: $0, as: e.bias, cache: false) } ?? e.zeroBias
        let args: [DNNL.Arg] = [.init(DNNL_ARG_SRC, e.src, xs.pointer), .init(DNNL_ARG_WEIGHTS, e.weights, ws.pointer),
                                .init(DNNL_ARG_BIAS, e.bias, bs.pointer), .init(DNNL_ARG_DST, e.dst, y.storage.pointer)]
        withExtendedLifetime((xs, ws, bs)) { DNNL.execute(e.fwd.prim, args, "conv forward") }
        return y
    }

    func backwardData(_ gy: Tensor, weight: Tensor, _ g: ConvGeometry) -> Tensor {
        if SingleOutputGemm.applies(g) { return SingleOutputGemm.backwardData(gy, weight: weight, g) }
        if let b = SingleOutputConv.block(g) { return SingleOutputConv.backwardData(gy, weight: weight, g, block: b) }
        let e = entry(g)
        let dys = Layouts.storage(of: gy, as: e.bdDiffDst, cache: true)
        let ws = FastConv.weightStorage(weight, e.plainWeights, e.bdWeights)
        let dx = Layouts.makeTensor(g.inputShape, e.bdDiffSrc)
        withExtendedLifetime((dys, ws)) {
            DNNL.execute(e.bwdData.prim, [.init(DNNL_ARG_DIFF_DST, e.bdDiffDst, dys.pointer), .init(DNNL_ARG_WEIGHTS, e.bdWeights, ws.pointer),
                                          .init(DNNL_ARG_DIFF_SRC, e.bdDiffSrc, dx.storage.pointer)], "conv backward data")
        }
        return dx
    }

    func backwardWeights(_ gy: Tensor, x: Tensor, _ g: ConvGeometry, withBias: Bool) -> (weight: Tensor, bias: Tensor?) {
        if SingleOutputGemm.applies(g) { return SingleOutputGemm.backwardWeights(gy, x: x, g, withBias: withBias) }
        if let b = SingleOutputConv.block(g) {
            return SingleOutputConv.backwardWeights(gy, x: x, g, withBias: withBias, block: b)
        }
        let e = entry(g)
        if SingleInputGemm.applies(g) && e.bwdWeightsIsReference {
            return SingleInputGemm.backwardWeights(gy, x: x, g, withBias: withBias)
        }
        let xs = Layouts.storage(of: x, as: e.bwSrc, cache: true)
        let dys = Layouts.storage(of: gy, as: e.bwDiffDst, cache: true)
        let dw = Tensor(shape: g.weightShape, storage: Storage(count: g.weightShape.reduce(1, *), zeroed: false))
        let dwPlain = DNNL.equal(e.bwDiffWeights, e.plainWeights)
        let dwBuf = dwPlain ? dw.storage : Storage(count: (DNNL.size(e.bwDiffWeights) + 3) / 4, zeroed: false)
        let db = Tensor(shape: [g.outChannels], storage: Storage(count: g.outChannels, zeroed: false))
        withExtendedLifetime((xs, dys)) {
            DNNL.execute(e.bwdWeights.prim, [.init(DNNL_ARG_SRC, e.bwSrc, xs.pointer), .init(DNNL_ARG_DIFF_DST, e.bwDiffDst, dys.pointer),
                                             .init(DNNL_ARG_DIFF_WEIGHTS, e.bwDiffWeights, dwBuf.pointer),
                                             .init(DNNL_ARG_DIFF_BIAS, e.bwDiffBias, db.storage.pointer)],
                         "conv backward weights")
        }
        if !dwPlain { Reorder.run(from: e.bwDiffWeights, dwBuf.pointer, to: e.plainWeights, dw.storage.pointer) }
        return (dw, withBias ? db : nil)
    }

    /// The weights in the primitive's layout (a reorder per call: optimizers change
    /// weights in place between steps, so a cached copy could go stale).
    static func weightStorage(_ w: Tensor, _ plainMD: dnnl_memory_desc_t, _ target: dnnl_memory_desc_t) -> Storage {
        let p = w.plain
        if DNNL.equal(plainMD, target) { return w.storage }
        let s = Storage(count: (DNNL.size(target) + 3) / 4, zeroed: false)
        Reorder.run(from: plainMD, p, to: target, s.pointer)
        return s
    }
}
