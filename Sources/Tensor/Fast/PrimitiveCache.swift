import CDNNL

/// A primitive with its descriptor (kept for backward hints and memory queries).
final class Prim {
    let pd: dnnl_primitive_desc_t
    let prim: dnnl_primitive_t
    init(_ pd: dnnl_primitive_desc_t, _ what: String) {
        self.pd = pd
        self.prim = DNNL.makePrimitive(pd, what)
    }
    func md(_ q: dnnl_query_t, _ i: Int32 = 0) -> dnnl_memory_desc_t { DNNL.query(pd, q, i) }
    deinit { dnnl_primitive_destroy(prim); dnnl_primitive_desc_destroy(pd) }
}

/// A locked dictionary of values built once per key (shapes and layouts).
final class PrimitiveCache<Key: Hashable, Value> {
    private var entries: [Key: Value] = [:]
    func get(_ key: Key, _ make: () -> Value) -> Value {
        DNNL.cacheLock.lock()
        if let v = entries[key] { DNNL.cacheLock.unlock(); return v }
        DNNL.cacheLock.unlock()
        // Built outside the lock (building may itself consult other caches).
        let v = make()
        DNNL.cacheLock.withLock { if entries[key] == nil { entries[key] = v } }
        return DNNL.cacheLock.withLock { entries[key]! }
    }
    var count: Int { DNNL.cacheLock.withLock { entries.count } }
}
