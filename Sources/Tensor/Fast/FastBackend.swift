import CDNNL
#if canImport(Glibc)
import Glibc
#endif

/// The oneDNN backend. Activations stay in the layouts oneDNN picks for its
/// convolutions (e.g. nChw16c) from op to op; reading `.plain` converts.
/// Primitives are built once per shape and layout and cached.
public final class FastBackend: ComputeBackend {
    nonisolated(unsafe) public static let shared = FastBackend()
    public let name = "fast"

    let conv = FastConv()
    let pool = FastPool()
    let eltwise = FastEltwise()
    let resample = FastResample()

    private init() {
        #if canImport(Glibc)
        // Activations are megabytes each and are freed and reallocated every step. By
        // default glibc serves such blocks with fresh mmaps (page faults on every
        // first touch, a large share of a training step); keep them in the heap.
        _ = glibc_mallopt(-3 /* M_MMAP_THRESHOLD */, 256 << 20)
        _ = glibc_mallopt(-1 /* M_TRIM_THRESHOLD */, 512 << 20)
        #endif
    }

    /// Registers `fast` with `Backend` when oneDNN has a CPU engine. (It is also
    /// listed in `Backend.available` from the start; calling this is harmless.)
    @discardableResult
    public static func registerIfAvailable() -> Bool {
        guard DNNL.isAvailable else { return false }
        Backend.register(shared)
        return true
    }

    public func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry) -> Tensor {
        timed("conv forward") { conv.forward(x, weight: weight, bias: bias, g) }
    }
    public func conv2dBackwardData(_ gy: Tensor, weight: Tensor, _ g: ConvGeometry) -> Tensor {
        timed("conv backward data") { conv.backwardData(gy, weight: weight, g) }
    }
    public func conv2dBackwardWeights(_ gy: Tensor, x: Tensor, _ g: ConvGeometry, withBias: Bool) -> (weight: Tensor, bias: Tensor?) {
        timed("conv backward weights") { conv.backwardWeights(gy, x: x, g, withBias: withBias) }
    }
    public func pool2d(_ x: Tensor, _ g: PoolGeometry) -> Tensor { timed("pool forward") { pool.forward(x, g) } }
    public func pool2dBackward(_ gy: Tensor, x: Tensor, y: Tensor, _ g: PoolGeometry) -> Tensor {
        timed("pool backward") { pool.backward(gy, x: x, y: y, g) }
    }
    public func upsampleNearest(_ x: Tensor, scale: Int) -> Tensor { timed("upsample forward") { resample.forward(x, scale: scale) } }
    public func upsampleNearestBackward(_ gy: Tensor, scale: Int) -> Tensor { timed("upsample backward") { resample.backward(gy, scale: scale) } }
    public func activation(_ x: Tensor, _ a: Activation) -> Tensor { timed("activation forward") { eltwise.forward(x, a) } }
    public func activationBackward(_ gy: Tensor, x: Tensor, y: Tensor, _ a: Activation) -> Tensor {
        timed("activation backward") { eltwise.backward(gy, x: x, y: y, a) }
    }
    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        timed("matmul") { FastMatmul.matmul(a, b, transposeA: transposeA, transposeB: transposeB) }
    }
    public func add(_ a: Tensor, _ b: Tensor) -> Tensor { timed("add") { FastAdd.add(a, b) } }

    // MARK: profiling (LATENT_FAST_PROFILE=1, or `profiling = true`)

    /// When on, wall time is accumulated per kernel kind; see `profileReport()`.
    nonisolated(unsafe) public static var profiling: Bool = getenv("LATENT_FAST_PROFILE").map { String(cString: $0) == "1" } ?? false
    nonisolated(unsafe) private static var profile: [String: (calls: Int, seconds: Double, cpu: Double)] = [:]

    @inline(__always)
    private func timed<T>(_ what: String, _ body: () -> T) -> T {
        guard FastBackend.profiling else { return body() }
        let t0 = FastBackend.clock(), c0 = FastBackend.clock(CLOCK_PROCESS_CPUTIME_ID)
        let r = body()
        let dt = FastBackend.clock() - t0, dc = FastBackend.clock(CLOCK_PROCESS_CPUTIME_ID) - c0
        DNNL.cacheLock.withLock {
            let old = FastBackend.profile[what] ?? (0, 0, 0)
            FastBackend.profile[what] = (old.calls + 1, old.seconds + dt, old.cpu + dc)
        }
        return r
    }

    static func clock(_ id: clockid_t = CLOCK_MONOTONIC) -> Double {
        var ts = timespec()
        clock_gettime(id, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Accumulated (kind, calls, wall seconds, process CPU seconds), slowest first; `reset` clears them.
    public static func profileReport(reset: Bool = true) -> [(kind: String, calls: Int, seconds: Double, cpuSeconds: Double)] {
        DNNL.cacheLock.withLock {
            let r = profile.map { (kind: $0.key, calls: $0.value.calls, seconds: $0.value.seconds, cpuSeconds: $0.value.cpu) }
                .sorted { $0.seconds > $1.seconds }
            if reset { profile = [:] }
            return r
        }
    }

    /// The physical layout name of a tensor's storage ("plain", "nChw16c", ...), for tests and diagnostics.
    public static func layoutName(_ t: Tensor) -> String {
        switch t.storage.layout {
        case .plain: return "plain"
        case .foreign(let f): return (f as? BlockedLayout)?.formatName ?? "foreign"
        }
    }
}

#if canImport(Glibc)
/// glibc's mallopt (malloc.h is not part of the Glibc module).
@_silgen_name("mallopt")
private func glibc_mallopt(_ param: Int32, _ value: Int32) -> Int32
#endif
