import CDNNL

/// Max/average pooling in the input's layout. The max-pool workspace (argmax
/// positions) rides on the output storage's `aux` for the backward pass.
final class FastPool {
    struct Key: Hashable { let g: PoolGeometry; let src: MDKey }

    final class Entry {
        let fwd: Prim
        let src, dst: dnnl_memory_desc_t
        let workspace: dnnl_memory_desc_t?
        let g: PoolGeometry
        lazy var bwd: Prim = makeBwd()

        init(_ g: PoolGeometry, src srcMD: dnnl_memory_desc_t) {
            self.g = g
            var s = srcMD
            let tag = Layouts.tag(of: srcMD, dims: g.inputShape) ?? dnnl_format_tag_any
            var d = DNNL.md(g.outputShape, tag)
            var desc = dnnl_pooling_v2_desc_t()
            let (st, k, dil, pl, pr) = FastPool.params(g)
            DNNL.check(dnnl_pooling_v2_forward_desc_init(&desc, dnnl_forward_training, FastPool.alg(g), &s, &d, st, k, dil, pl, pr),
                       "pooling_v2_forward_desc_init \(g)")
            fwd = Prim(DNNL.makePD(&desc, "pooling forward \(g)"), "pool fwd")
            src = fwd.md(dnnl_query_src_md)
            dst = fwd.md(dnnl_query_dst_md)
            if let ws = dnnl_primitive_desc_query_md(fwd.pd, dnnl_query_workspace_md, 0)?.pointee, ws.ndims > 0 {
                workspace = ws
            } else {
                workspace = nil
            }
        }

        private func makeBwd() -> Prim {
            var ds = src, dd = dst
            var desc = dnnl_pooling_v2_desc_t()
            let (st, k, dil, pl, pr) = FastPool.params(g)
            DNNL.check(dnnl_pooling_v2_backward_desc_init(&desc, FastPool.alg(g), &ds, &dd, st, k, dil, pl, pr),
                       "pooling_v2_backward_desc_init \(g)")
            return Prim(DNNL.makePD(&desc, hint: fwd.pd, "pooling backward \(g)"), "pool bwd")
        }
    }

    /// The workspace of one forward execution, tied to the entry that produced it.
    final class Workspace {
        let entry: Entry
        let buffer: Storage
        init(_ entry: Entry, _ buffer: Storage) { self.entry = entry; self.buffer = buffer }
    }

    let cache = PrimitiveCache<Key, Entry>()

    static func alg(_ g: PoolGeometry) -> dnnl_alg_kind_t {
        g.kind == .max ? dnnl_pooling_max : dnnl_pooling_avg_exclude_padding
    }

    static func params(_ g: PoolGeometry) -> ([Int64], [Int64], [Int64], [Int64], [Int64]) {
        let pr = [Int64((g.outHeight - 1) * g.stride + g.kernel - g.height),
                  Int64((g.outWidth - 1) * g.stride + g.kernel - g.width)]
        return ([Int64(g.stride), Int64(g.stride)], [Int64(g.kernel), Int64(g.kernel)], [0, 0], [0, 0], pr)
    }

    func entry(_ g: PoolGeometry, _ x: Tensor) -> Entry {
        _ = Layouts.tag(of: x)  // unrecognised layouts become plain
        let m = Layouts.md(of: x)
        return cache.get(Key(g: g, src: MDKey(m))) { Entry(g, src: m) }
    }

    func forward(_ x: Tensor, _ g: PoolGeometry) -> Tensor {
        let e = entry(g, x)
        return run(e, x)
    }

    private func run(_ e: Entry, _ x: Tensor) -> Tensor {
        let y = Layouts.makeTensor(g: e.g, e.dst)
        var args: [DNNL.Arg] = [.init(DNNL_ARG_SRC, e.src, x.storage.pointer), .init(DNNL_ARG_DST, e.dst, y.storage.pointer)]
        if let ws = e.workspace {
            let buf = Storage(count: (DNNL.size(ws) + 3) / 4, zeroed: false)
            args.append(.init(DNNL_ARG_WORKSPACE, ws, buf.pointer))
            y.storage.aux = Workspace(e, buf)
        }
        withExtendedLifetime(x.storage) { DNNL.execute(e.fwd.prim, args, "pool forward") }
        return y
    }

    func backward(_ gy: Tensor, x: Tensor, y: Tensor, _ g: PoolGeometry) -> Tensor {
        let e = entry(g, x)
        var ws: Workspace?
        if e.workspace != nil {
            // The workspace is valid only if y still holds the storage this entry wrote.
            if let w = y.storage.aux as? Workspace, w.entry === e { ws = w }
            else { ws = run(e, x).storage.aux as? Workspace }  // y was converted: recompute
        }
        let p = e.bwd
        let ddMD = p.md(dnnl_query_diff_dst_md), dsMD = p.md(dnnl_query_diff_src_md)
        let dys = Layouts.storage(of: gy, as: ddMD, cache: true)
        let dx = Layouts.makeTensor(g.inputShape, dsMD)
        var args: [DNNL.Arg] = [.init(DNNL_ARG_DIFF_DST, ddMD, dys.pointer), .init(DNNL_ARG_DIFF_SRC, dsMD, dx.storage.pointer)]
        if let ws, let wmd = e.workspace { args.append(.init(DNNL_ARG_WORKSPACE, wmd, ws.buffer.pointer)) }
        withExtendedLifetime((dys, ws)) { DNNL.execute(p.prim, args, "pool backward") }
        return dx
    }
}

extension Layouts {
    static func makeTensor(g: PoolGeometry, _ md: dnnl_memory_desc_t) -> Tensor { makeTensor(g.outputShape, md) }
}
