import Tensor

/// Max or average pooling over k×k windows (stride defaults to k, no padding, floor
/// mode — PyTorch's defaults). `MaxPool2d(kernel: 2)` halves height and width.
///
///     let pool = try Pool2d(.max, kernel: 2)    // "maxpool 2×2"
public final class Pool2d: Layer {
    public enum Mode { case max, average }
    public let mode: Mode
    public let kernel: Int
    public let stride: Int

    public init(_ mode: Mode, kernel: Int = 2, stride: Int? = nil) throws {
        let name = mode == .max ? "maxpool" : "avgpool"
        guard kernel >= 1, kernel <= 1 << 20 else { throw NNError("\(name): the kernel size must be at least 1, got \(kernel)") }
        let st = stride ?? kernel
        guard st >= 1, st <= 1 << 20 else { throw NNError("\(name): the stride must be at least 1, got \(st)") }
        self.mode = mode
        self.kernel = kernel
        self.stride = st
    }

    public override var kind: String { mode == .max ? "maxpool" : "avgpool" }
    public override var description: String {
        "\(kind) \(kernel)×\(kernel)" + (stride != kernel ? " stride \(stride)" : "")
    }
    public override var sampleRank: Int? { 3 }

    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        let s = inputShapes[0]
        guard s.count == 3 else { throw LayerShapeError(expected: "an image [C, H, W]", got: s) }
        guard s[1] >= kernel, s[2] >= kernel else {
            throw LayerShapeError(expected: "an image of at least \(kernel)×\(kernel)", got: s)
        }
        return [s[0], (s[1] - kernel) / stride + 1, (s[2] - kernel) / stride + 1]
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        switch mode {
        case .max: return try inputs[0].maxPool2d(kernel: kernel, stride: stride)
        case .average: return try inputs[0].avgPool2d(kernel: kernel, stride: stride)
        }
    }
}

/// Averages each channel over the whole image: [C, H, W] → [C] (ResNet's and
/// MobileNet's head).
///
///     let gap = GlobalAvgPool()
public final class GlobalAvgPool: Layer {
    public override init() { super.init() }
    public override var kind: String { "global avgpool" }
    public override var sampleRank: Int? { 3 }

    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        let s = inputShapes[0]
        guard s.count == 3 else { throw LayerShapeError(expected: "an image [C, H, W]", got: s) }
        return [s[0]]
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor { try inputs[0].globalAvgPool2d() }
}
