import CDNNL

/// Plain matrix products through `dnnl_sgemm` (row-major).
enum FastMatmul {
    static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let n = transposeB ? b.shape[0] : b.shape[1]
        let pa = a.plain, pb = b.plain
        let c = Tensor.empty([m, n])
        if m == 0 || n == 0 { return c }
        if k == 0 { return c }  // zero-filled
        // Row-major: lda is the stored row length of A as given (before op()).
        DNNL.applyThreads()
        let lda = Int64(a.shape[1]), ldb = Int64(b.shape[1])
        let st = withExtendedLifetime((a.storage, b.storage)) {
            dnnl_sgemm(transposeA ? 84 : 78, transposeB ? 84 : 78, Int64(m), Int64(n), Int64(k), 1,
                       pa, lda, pb, ldb, 0, c.storage.pointer, Int64(n))
        }
        DNNL.check(st, "sgemm [\(m), \(k)] x [\(k), \(n)]")
        return c
    }
}

/// Same-shape addition; blocked operands stay blocked.
enum FastAdd {
    static func add(_ a: Tensor, _ b: Tensor) -> Tensor {
        let ma = Layouts.md(of: a)
        let bIsOurs: Bool
        if case .foreign(let f) = b.storage.layout, f is BlockedLayout { bIsOurs = true } else { bIsOurs = false }
        // Prefer a blocked layout when either operand has one.
        let target = (a.storage.isPlain && bIsOurs) ? Layouts.md(of: b) : ma
        let sa = Layouts.storage(of: a, as: target, cache: false)
        let sb = Layouts.storage(of: b, as: target, cache: false)
        let out = Layouts.makeTensor(a.shape, target)
        let n = out.storage.count
        let pa = sa.pointer, pb = sb.pointer, po = out.storage.pointer
        withExtendedLifetime((sa, sb)) {
            for i in 0..<n { po[i] = pa[i] + pb[i] }
        }
        return out
    }
}
