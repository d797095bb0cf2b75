import CDNNL

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

    private init() {}

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
