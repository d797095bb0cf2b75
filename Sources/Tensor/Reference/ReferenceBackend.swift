/// Plain, readable Swift loops: the teaching version and the test oracle.
/// (Skeleton: kernels are being written; every method is replaced.)
public final class ReferenceBackend: ComputeBackend {
    nonisolated(unsafe) public static let shared = ReferenceBackend()
    public let name = "reference"
    public func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry) -> Tensor { fatalError("unimplemented") }
    public func conv2dBackwardData(_ gy: Tensor, weight: Tensor, _ g: ConvGeometry) -> Tensor { fatalError("unimplemented") }
    public func conv2dBackwardWeights(_ gy: Tensor, x: Tensor, _ g: ConvGeometry, withBias: Bool) -> (weight: Tensor, bias: Tensor?) { fatalError("unimplemented") }
    public func pool2d(_ x: Tensor, _ g: PoolGeometry) -> Tensor { fatalError("unimplemented") }
    public func pool2dBackward(_ gy: Tensor, x: Tensor, y: Tensor, _ g: PoolGeometry) -> Tensor { fatalError("unimplemented") }
    public func upsampleNearest(_ x: Tensor, scale: Int) -> Tensor { fatalError("unimplemented") }
    public func upsampleNearestBackward(_ gy: Tensor, scale: Int) -> Tensor { fatalError("unimplemented") }
    public func activation(_ x: Tensor, _ a: Activation) -> Tensor { fatalError("unimplemented") }
    public func activationBackward(_ gy: Tensor, x: Tensor, y: Tensor, _ a: Activation) -> Tensor { fatalError("unimplemented") }
    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor { fatalError("unimplemented") }
    public func add(_ a: Tensor, _ b: Tensor) -> Tensor { fatalError("unimplemented") }
}
