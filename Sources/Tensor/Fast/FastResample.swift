import CDNNL

/// Nearest-neighbour upsampling by an integer factor, in the input's layout.
final class FastResample {
    struct Key: Hashable { let inDims: [Int]; let scale: Int; let tag: UInt32 }

    final class Entry {
        let fwd: Prim
        let src, dst: dnnl_memory_desc_t
        let inDims: [Int], outDims: [Int]
        lazy var bwd: Prim = {
            var ds = src, dd = dst
            var d = dnnl_resampling_desc_t()
            var f: [Float] = [Float(scale), Float(scale)]
            DNNL.check(dnnl_resampling_backward_desc_init(&d, dnnl_resampling_nearest, &f, &ds, &dd), "resampling_backward_desc_init")
            return Prim(DNNL.makePD(&d, hint: fwd.pd, "resampling backward"), "resample bwd")
        }()
        let scale: Int

        init(inDims: [Int], scale: Int, tag: dnnl_format_tag_t) {
            self.inDims = inDims; self.scale = scale
            outDims = [inDims[0], inDims[1], inDims[2] * scale, inDims[3] * scale]
            var s = DNNL.md(inDims, tag), o = DNNL.md(outDims, tag)
            var d = dnnl_resampling_desc_t()
            var f: [Float] = [Float(scale), Float(scale)]
            DNNL.check(dnnl_resampling_forward_desc_init(&d, dnnl_forward_training, dnnl_resampling_nearest, &f, &s, &o),
                       "resampling_forward_desc_init")
            fwd = Prim(DNNL.makePD(&d, "resampling forward"), "resample fwd")
            src = s; dst = o
        }
    }

    let cache = PrimitiveCache<Key, Entry>()

    func entry(_ inDims: [Int], _ scale: Int, _ tag: dnnl_format_tag_t) -> Entry {
        cache.get(Key(inDims: inDims, scale: scale, tag: tag.rawValue)) { Entry(inDims: inDims, scale: scale, tag: tag) }
    }

    func forward(_ x: Tensor, scale: Int) -> Tensor {
        let e = entry(x.shape, scale, Layouts.tag(of: x))
        let y = Layouts.makeTensor(e.outDims, e.dst)
        withExtendedLifetime(x.storage) {
            DNNL.execute(e.fwd.prim, [.init(DNNL_ARG_SRC, e.src, x.storage.pointer), .init(DNNL_ARG_DST, e.dst, y.storage.pointer)],
                         "resample forward")
        }
        return y
    }

    func backward(_ gy: Tensor, scale: Int) -> Tensor {
        let s = gy.shape
        let e = entry([s[0], s[1], s[2] / scale, s[3] / scale], scale, Layouts.tag(of: gy))
        let p = e.bwd
        let dx = Layouts.makeTensor(e.inDims, e.src)
        withExtendedLifetime(gy.storage) {
            DNNL.execute(p.prim, [.init(DNNL_ARG_DIFF_DST, e.dst, gy.storage.pointer), .init(DNNL_ARG_DIFF_SRC, e.src, dx.storage.pointer)],
                         "resample backward")
        }
        return dx
    }
}
