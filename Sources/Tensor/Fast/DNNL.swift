import CDNNL
#if canImport(Glibc)
import Glibc
#endif

/// Thin helpers over oneDNN's C API: status checking, the CPU engine and stream,
/// memory descriptors for plain tensors, and primitive execution.
enum DNNL {
    /// The CPU engine (index 0); created on first use.
    nonisolated(unsafe) static let engine: dnnl_engine_t = {
        var e: dnnl_engine_t?
        check(dnnl_engine_create(&e, dnnl_cpu, 0), "engine_create")
        return e!
    }()

    /// One in-order stream; executions are serialised by `execLock`.
    nonisolated(unsafe) static let stream: dnnl_stream_t = {
        var s: dnnl_stream_t?
        check(dnnl_stream_create(&s, engine, dnnl_stream_default_flags.rawValue), "stream_create")
        return s!
    }()

    // MARK: threads

    /// How many OpenMP threads oneDNN uses. Every primitive execution is one OpenMP
    /// parallel region that ends in a barrier, so it lasts until the slowest of its
    /// threads has been scheduled: on a machine whose CPUs are busy with other
    /// processes each region waits for a scheduler slot (milliseconds), which made
    /// training 7–23× slower than one thread (docs/perf-notes.md §2). Chosen once:
    /// `LATENT_THREADS`, else `OMP_NUM_THREADS` when set, else the CPUs left idle by
    /// the 1-minute load average, rounded (at least 1, at most the online CPUs).
    static let threads: Int = {
        if let s = getenv("LATENT_THREADS"), let n = Int(String(cString: s)), n >= 1 { return n }
        if let s = getenv("OMP_NUM_THREADS"), let n = Int(String(cString: s)), n >= 1 { return n }
        let cpus = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        var load = [Double](repeating: 0, count: 3)
        let idle = getloadavg(&load, 3) >= 1 ? Double(cpus) - load[0] : Double(cpus)
        return max(1, min(cpus, Int(idle.rounded())))
    }()

    /// libgomp's omp_set_num_threads (loaded with oneDNN; looked up so Tensor does not link libgomp).
    private static let ompSetNumThreads: (@convention(c) (Int32) -> Void)? = {
        guard let sym = dlsym(nil /* RTLD_DEFAULT */, "omp_set_num_threads") else { return nil }
        return unsafeBitCast(sym, to: (@convention(c) (Int32) -> Void).self)
    }()
    nonisolated(unsafe) private static let threadsApplied = ThreadLocalPointer()

    /// libgomp keeps the thread count per calling thread: applied once on every thread
    /// that creates or runs primitives (before creation, since oneDNN plans its work
    /// split for the thread count it sees then).
    @inline(__always)
    static func applyThreads() {
        if threadsApplied.value == nil {
            ompSetNumThreads?(Int32(threads))
            threadsApplied.value = UnsafeMutableRawPointer(bitPattern: 1)
        }
    }

    /// LATENT_FAST_DEBUG=1 prints the layouts and implementations chosen per shape.
    static let debug: Bool = getenv("LATENT_FAST_DEBUG").map { String(cString: $0) == "1" } ?? false

    /// A short layout name for diagnostics.
    static func describe(_ m: dnnl_memory_desc_t) -> String {
        let n = Int(m.ndims)
        let dims = withUnsafeBytes(of: m.dims) { Array($0.bindMemory(to: Int64.self).prefix(n)) }
        if n == 4, let t = Layouts.tag(of: m, dims: dims.map { Int($0) }) { return Layouts.tagName(t) }
        if equal(m, plainMD(dims.map { Int($0) })) { return "plain" }
        return "blocked"
    }

    /// True when oneDNN reports at least one CPU engine.
    static var isAvailable: Bool { dnnl_engine_get_count(dnnl_cpu) > 0 }

    /// Guards primitive execution (a stream is not meant to be shared between threads)
    /// and the primitive caches.
    static let execLock = Mutex()
    static let cacheLock = Mutex()

    /// A status other than success is a programmer error here: shapes are validated
    /// by the op layer before any kernel runs.
    @inline(__always)
    static func check(_ status: dnnl_status_t, _ what: @autoclosure () -> String) {
        if status != dnnl_success { fail(status, what()) }
    }

    @inline(never)
    static func fail(_ status: dnnl_status_t, _ what: String) -> Never {
        fatalError("oneDNN \(what) failed: \(statusName(status))")
    }

    static func statusName(_ s: dnnl_status_t) -> String {
        switch s {
        case dnnl_success: return "success"
        case dnnl_out_of_memory: return "out_of_memory"
        case dnnl_invalid_arguments: return "invalid_arguments"
        case dnnl_unimplemented: return "unimplemented"
        case dnnl_iterator_ends: return "iterator_ends"
        case dnnl_runtime_error: return "runtime_error"
        case dnnl_not_required: return "not_required"
        default: return "status \(s.rawValue)"
        }
    }

    // MARK: memory descriptors

    static func md(_ dims: [Int], _ tag: dnnl_format_tag_t) -> dnnl_memory_desc_t {
        var m = dnnl_memory_desc_t()
        let d = dims.map { Int64($0) }
        check(dnnl_memory_desc_init_by_tag(&m, Int32(d.count), d, dnnl_f32, tag), "memory_desc_init_by_tag \(dims)")
        return m
    }

    /// Plain (row-major) format tags by rank, 1 … DNNL_MAX_NDIMS.
    static let plainTags: [dnnl_format_tag_t] = [
        dnnl_a, dnnl_ab, dnnl_abc, dnnl_abcd, dnnl_abcde, dnnl_abcdef, dnnl_abcdefg,
        dnnl_abcdefgh, dnnl_abcdefghi, dnnl_abcdefghij, dnnl_abcdefghijk, dnnl_abcdefghijkl,
    ]

    /// The row-major descriptor of a logical shape of any rank. oneDNN describes at
    /// most DNNL_MAX_NDIMS (12) dimensions; a row-major tensor of higher rank is the
    /// same memory as its flat vector, which is all an element-wise kernel (the only
    /// kind that sees such a tensor) needs. (Indexing a short tag table with the rank
    /// once read past its end and gave wrong numbers for rank 7.)
    static func plainMD(_ dims: [Int]) -> dnnl_memory_desc_t {
        if dims.isEmpty { return md([1], dnnl_a) }
        guard dims.count <= plainTags.count else { return md([dims.reduce(1, *)], dnnl_a) }
        return md(dims, plainTags[dims.count - 1])
    }

    static func anyMD(_ dims: [Int]) -> dnnl_memory_desc_t { md(dims, dnnl_format_tag_any) }

    static func equal(_ a: dnnl_memory_desc_t, _ b: dnnl_memory_desc_t) -> Bool {
        var a = a, b = b
        return dnnl_memory_desc_equal(&a, &b) != 0
    }

    static func size(_ m: dnnl_memory_desc_t) -> Int {
        var m = m
        return dnnl_memory_desc_get_size(&m)
    }

    static func query(_ pd: dnnl_primitive_desc_t, _ what: dnnl_query_t, _ index: Int32 = 0) -> dnnl_memory_desc_t {
        guard let p = dnnl_primitive_desc_query_md(pd, what, index) else {
            fatalError("oneDNN: primitive descriptor has no memory descriptor for query \(what.rawValue)")
        }
        return p.pointee
    }

    /// Creates a primitive descriptor from an op descriptor.
    static func makePD<D>(_ desc: inout D, hint: dnnl_primitive_desc_t? = nil, _ what: String) -> dnnl_primitive_desc_t {
        applyThreads()
        var pd: dnnl_primitive_desc_t?
        withUnsafeMutablePointer(to: &desc) { p in
            check(dnnl_primitive_desc_create(&pd, UnsafeRawPointer(p), nil, engine, hint), what)
        }
        return pd!
    }

    /// Like `makePD`, but nil when oneDNN has no implementation for the descriptor.
    static func tryPD<D>(_ desc: inout D, hint: dnnl_primitive_desc_t? = nil) -> dnnl_primitive_desc_t? {
        applyThreads()
        var pd: dnnl_primitive_desc_t?
        let st = withUnsafeMutablePointer(to: &desc) { p in
            dnnl_primitive_desc_create(&pd, UnsafeRawPointer(p), nil, engine, hint)
        }
        return st == dnnl_success ? pd : nil
    }

    /// The implementation oneDNN picked, e.g. "jit:avx512_core" or "ref:any".
    static func implName(_ pd: dnnl_primitive_desc_t) -> String {
        var p: UnsafePointer<CChar>?
        guard dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &p) == dnnl_success, let p else { return "?" }
        return String(cString: p)
    }

    static func makePrimitive(_ pd: dnnl_primitive_desc_t, _ what: String) -> dnnl_primitive_t {
        var p: dnnl_primitive_t?
        check(dnnl_primitive_create(&p, pd), "primitive_create \(what)")
        return p!
    }

    /// One argument of an execution: the oneDNN arg id, its descriptor, and the buffer.
    struct Arg {
        var id: Int32
        var md: dnnl_memory_desc_t
        var pointer: UnsafeMutableRawPointer
        init(_ id: Int32, _ md: dnnl_memory_desc_t, _ pointer: UnsafeMutableRawPointer) {
            self.id = id; self.md = md; self.pointer = pointer
        }
        init(_ id: Int32, _ md: dnnl_memory_desc_t, _ pointer: UnsafeMutablePointer<Float>) {
            self.init(id, md, UnsafeMutableRawPointer(pointer))
        }
    }

    /// Executes a primitive synchronously over the given buffers.
    static func execute(_ prim: dnnl_primitive_t, _ args: [Arg], _ what: String) {
        applyThreads()
        var mems: [dnnl_exec_arg_t] = []
        mems.reserveCapacity(args.count)
        for var a in args {
            var m: dnnl_memory_t?
            check(dnnl_memory_create(&m, &a.md, engine, a.pointer), "memory_create for \(what)")
            mems.append(dnnl_exec_arg_t(arg: a.id, memory: m))
        }
        execLock.lock()
        let st = dnnl_primitive_execute(prim, stream, Int32(mems.count), mems)
        if st == dnnl_success { check(dnnl_stream_wait(stream), "stream_wait \(what)") }
        execLock.unlock()
        for m in mems { dnnl_memory_destroy(m.memory) }
        check(st, "execute \(what)")
    }
}

/// A plain pthread mutex (no Foundation in the hot path).
final class Mutex {
    private let m: UnsafeMutablePointer<pthread_mutex_t>
    init() {
        m = .allocate(capacity: 1)
        pthread_mutex_init(m, nil)
    }
    deinit { pthread_mutex_destroy(m); m.deallocate() }
    @inline(__always) func lock() { pthread_mutex_lock(m) }
    @inline(__always) func unlock() { pthread_mutex_unlock(m) }
    @inline(__always) func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock(); defer { unlock() }
        return try body()
    }
}

/// A hashable summary of a memory descriptor (dims, data type and blocking), used
/// as a cache key for layouts and reorders.
struct MDKey: Hashable {
    let words: [Int64]
    init(_ md: dnnl_memory_desc_t) {
        var w: [Int64] = []
        let n = Int(md.ndims)
        w.append(Int64(n)); w.append(Int64(md.data_type.rawValue)); w.append(Int64(md.format_kind.rawValue))
        w.append(md.offset0)
        withUnsafeBytes(of: md.dims) { p in w.append(contentsOf: p.bindMemory(to: Int64.self).prefix(n)) }
        withUnsafeBytes(of: md.padded_dims) { p in w.append(contentsOf: p.bindMemory(to: Int64.self).prefix(n)) }
        withUnsafeBytes(of: md.padded_offsets) { p in w.append(contentsOf: p.bindMemory(to: Int64.self).prefix(n)) }
        if md.format_kind == dnnl_blocked {
            let b = md.format_desc.blocking
            withUnsafeBytes(of: b.strides) { p in w.append(contentsOf: p.bindMemory(to: Int64.self).prefix(n)) }
            let nb = Int(b.inner_nblks)
            w.append(Int64(nb))
            withUnsafeBytes(of: b.inner_blks) { p in w.append(contentsOf: p.bindMemory(to: Int64.self).prefix(nb)) }
            withUnsafeBytes(of: b.inner_idxs) { p in w.append(contentsOf: p.bindMemory(to: Int64.self).prefix(nb)) }
        }
        w.append(Int64(md.extra.flags))
        words = w
    }
}
