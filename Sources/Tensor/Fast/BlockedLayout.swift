import CDNNL

/// A tensor kept in a oneDNN-chosen physical layout (e.g. nChw16c). Reading
/// `Tensor.plain` converts it through a cached reorder.
public final class BlockedLayout: ForeignLayout {
    /// The physical layout.
    let md: dnnl_memory_desc_t
    let key: MDKey
    /// The logical (NCHW) shape.
    public let dims: [Int]
    public let physicalCount: Int

    init(_ md: dnnl_memory_desc_t, dims: [Int]) {
        self.md = md
        self.key = MDKey(md)
        self.dims = dims
        self.physicalCount = (DNNL.size(md) + 3) / 4
        self.isPadded = physicalCount != dims.reduce(1, *)
    }

    /// True when the physical buffer holds padding lanes (e.g. 8 channels in nChw16c).
    let isPadded: Bool

    /// One shared instance per distinct layout.
    static func shared(_ md: dnnl_memory_desc_t, dims: [Int]) -> BlockedLayout {
        let k = MDKey(md)
        return DNNL.cacheLock.withLock {
            if let b = instances[k] { return b }
            let b = BlockedLayout(md, dims: dims)
            instances[k] = b
            return b
        }
    }
    nonisolated(unsafe) private static var instances: [MDKey: BlockedLayout] = [:]

    public func toPlain(from: UnsafePointer<Float>, to: UnsafeMutablePointer<Float>) {
        Reorder.run(from: md, UnsafeMutablePointer(mutating: from), to: DNNL.plainMD(dims), to)
    }

    /// A short name such as "nChw16c" when recognised, for diagnostics and tests.
    public var formatName: String {
        if let t = Layouts.tag(of: md, dims: dims) { return Layouts.tagName(t) }
        return "blocked"
    }
}

/// Cached reorder primitives between two layouts of the same logical tensor.
enum Reorder {
    private struct Key: Hashable { let from: MDKey, to: MDKey }
    nonisolated(unsafe) private static var cache: [Key: dnnl_primitive_t] = [:]

    static func primitive(from a: dnnl_memory_desc_t, to b: dnnl_memory_desc_t) -> dnnl_primitive_t {
        let k = Key(from: MDKey(a), to: MDKey(b))
        return DNNL.cacheLock.withLock {
            if let p = cache[k] { return p }
            DNNL.applyThreads()
            var a = a, b = b
            var pd: dnnl_primitive_desc_t?
            DNNL.check(dnnl_reorder_primitive_desc_create(&pd, &a, DNNL.engine, &b, DNNL.engine, nil), "reorder_primitive_desc_create")
            let p = DNNL.makePrimitive(pd!, "reorder")
            dnnl_primitive_desc_destroy(pd)
            cache[k] = p
            return p
        }
    }

    static func run(from a: dnnl_memory_desc_t, _ src: UnsafeMutablePointer<Float>,
                    to b: dnnl_memory_desc_t, _ dst: UnsafeMutablePointer<Float>) {
        let p = primitive(from: a, to: b)
        DNNL.execute(p, [.init(DNNL_ARG_FROM, a, src), .init(DNNL_ARG_TO, b, dst)], "reorder")
    }
}

/// How the fast backend sees a tensor's memory.
enum Layouts {
    /// The descriptor of the tensor's current storage. A foreign layout that is not
    /// ours is converted to plain first.
    static func md(of t: Tensor) -> dnnl_memory_desc_t {
        switch t.storage.layout {
        case .plain: return DNNL.plainMD(t.shape)
        case .foreign(let f):
            if let b = f as? BlockedLayout { return b.md }
            _ = t.plain
            return DNNL.plainMD(t.shape)
        }
    }

    /// A fresh tensor of `shape` whose storage has the physical layout `md`.
    /// The buffer is left uninitialised: every kernel writes its output in full
    /// (oneDNN zero-fills channel padding of its outputs; the flat activations
    /// re-zero it themselves).
    static func makeTensor(_ shape: [Int], _ md: dnnl_memory_desc_t) -> Tensor {
        if DNNL.equal(md, DNNL.plainMD(shape)) {
            return Tensor(shape: shape, storage: Storage(count: shape.reduce(1, *), zeroed: false))
        }
        let b = BlockedLayout.shared(md, dims: shape)
        return Tensor(shape: shape, storage: Storage(count: b.physicalCount, layout: .foreign(b), zeroed: false))
    }

    /// The tensor's values in layout `md`: its own storage when it already matches,
    /// otherwise a reordered copy. With `cache`, the copy replaces the tensor's
    /// storage (same logical values) so later consumers skip the reorder.
    static func storage(of t: Tensor, as target: dnnl_memory_desc_t, cache: Bool) -> Storage {
        let cur = md(of: t)
        if DNNL.equal(cur, target) { return t.storage }
        let s: Storage
        if DNNL.equal(target, DNNL.plainMD(t.shape)) {
            s = Storage(count: t.count, zeroed: false)
        } else {
            let b = BlockedLayout.shared(target, dims: t.shape)
            s = Storage(count: b.physicalCount, layout: .foreign(b), zeroed: false)  // reorders write the padding
        }
        Reorder.run(from: cur, t.storage.pointer, to: target, s.pointer)
        if cache { t.replaceStorage(s) }
        return s
    }

    /// Recognised 4-D format tags, most specific first.
    static let candidates: [dnnl_format_tag_t] = [dnnl_abcd, dnnl_aBcd16b, dnnl_aBcd8b, dnnl_acdb, dnnl_aBcd4b]

    /// The format tag that produces exactly `md` for these dims, if any.
    static func tag(of md: dnnl_memory_desc_t, dims: [Int]) -> dnnl_format_tag_t? {
        guard dims.count == 4 else {
            return DNNL.equal(md, DNNL.plainMD(dims)) ? dnnl_format_tag_t(rawValue: 0) : nil
        }
        for t in candidates where DNNL.equal(md, DNNL.md(dims, t)) { return t }
        return nil
    }

    static func tagName(_ t: dnnl_format_tag_t) -> String {
        switch t {
        case dnnl_abcd: return "nchw"
        case dnnl_aBcd16b: return "nChw16c"
        case dnnl_aBcd8b: return "nChw8c"
        case dnnl_aBcd4b: return "nChw4c"
        case dnnl_acdb: return "nhwc"
        default: return "tag \(t.rawValue)"
        }
    }

    /// A 4-D tensor's layout as a format tag; tensors in an unrecognised layout are
    /// reordered to plain (cached on the tensor) so a tag always exists.
    static func tag(of t: Tensor) -> dnnl_format_tag_t {
        let m = md(of: t)
        if let tag = tag(of: m, dims: t.shape) { return tag }
        _ = t.plain
        return dnnl_abcd
    }
}
