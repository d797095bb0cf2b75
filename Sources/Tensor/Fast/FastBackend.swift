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
        conv.forward(x, weight: weight, bias: bias, g)
    }
    public func conv2dBackwardData(_ gy: Tensor, weight: Tensor, _ g: ConvGeometry) -> Tensor {
        conv.backwardData(gy, weight: weight, g)
    }
    public func conv2dBackwardWeights(_ gy: Tensor, x: Tensor, _ g: ConvGeometry, withBias: Bool) -> (weight: Tensor, bias: Tensor?) {
        conv.backwardWeights(gy, x: x, g, withBias: withBias)
    }
    public func pool2d(_ x: Tensor, _ g: PoolGeometry) -> Tensor { pool.forward(x, g) }
    public func pool2dBackward(_ gy: Tensor, x: Tensor, y: Tensor, _ g: PoolGeometry) -> Tensor {
        pool.backward(gy, x: x, y: y, g)
    }
    public func upsampleNearest(_ x: Tensor, scale: Int) -> Tensor { resample.forward(x, scale: scale) }
    public func upsampleNearestBackward(_ gy: Tensor, scale: Int) -> Tensor { resample.backward(gy, scale: scale) }
    public func activation(_ x: Tensor, _ a: Activation) -> Tensor { eltwise.forward(x, a) }
    public func activationBackward(_ gy: Tensor, x: Tensor, y: Tensor, _ a: Activation) -> Tensor {
        eltwise.backward(gy, x: x, y: y, a)
    }
    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        FastMatmul.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
    }
    public func add(_ a: Tensor, _ b: Tensor) -> Tensor { FastAdd.add(a, b) }

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
