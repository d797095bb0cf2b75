import Tensor

/// torchvision's exact ImageNet models (`resnet18`, `mobilenet_v2`), named like their
/// `state_dict`, so a file written by
/// `safetensors.torch.save_file(torchvision.models.resnet18(weights=...).state_dict(), p)`
/// loads with `loadWeights(from: p)`: "pretrained" import.
///
///     let net = try TorchVision.resnet18()            // 3×224×224 → 1000 logits
///     try net.loadWeights(from: "resnet18.safetensors")
public enum TorchVision {
    /// The torchvision models by name (as `torchvision.models` spells them).
    public static let names = ["resnet18", "mobilenet_v2"]

    /// A torchvision model by name, fresh weights.
    public static func model(_ name: String, classes: Int = 1000) throws -> Model {
        switch name.lowercased() {
        case "resnet18": return try resnet18(classes: classes)
        case "mobilenet_v2", "mobilenetv2": return try mobilenetV2(classes: classes)
        default: throw NNError("no torchvision model '\(name)'; there are \(names.joined(separator: ", "))")
        }
    }

    /// Makes saved sessions able to rebuild `relu6` and padded max-pool layers.
    /// Idempotent; the builders call it.
    public static func registerLayers() {
        if LayerSpec.makers["relu6"] == nil { LayerSpec.makers["relu6"] = { _ in ReLU6() } }
        if LayerSpec.makers["maxpool padded"] == nil {
            LayerSpec.makers["maxpool padded"] = { s in
                func int(_ k: String) throws -> Int {
                    guard let v = s.args[k], v.rounded() == v, abs(v) < 1e6 else {
                        throw NNError("saved layer 'maxpool padded' has no valid '\(k)'")
                    }
                    return Int(v)
                }
                return try PaddedMaxPool2d(kernel: int("kernel"), stride: int("stride"), padding: int("padding"))
            }
        }
    }

    static func check(_ name: String, _ classes: Int) throws {
        guard (1...100_000).contains(classes) else {
            throw NNError("\(name): the number of classes must be between 1 and 100,000, got \(classes)")
        }
    }
}

/// `min(max(x, 0), 6)` — MobileNetV2's activation (`nn.ReLU6`).
public final class ReLU6: Layer, LayerSpecProviding {
    public override init() { super.init() }
    public override var kind: String { "relu6" }
    public var layerSpec: LayerSpec { LayerSpec(type: "relu6") }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor { inputs[0].relu().clamp(max: 6) }
}

/// Max pooling with implicit −∞ padding (`nn.MaxPool2d(3, 2, padding: 1)`, ResNet's stem):
/// the plain pooling op has no padding, so the border is added first.
public final class PaddedMaxPool2d: Layer, LayerSpecProviding {
    public let kernel: Int, stride: Int, padding: Int

    public init(kernel: Int, stride: Int, padding: Int) throws {
        guard (1...64).contains(kernel), (1...64).contains(stride), padding >= 0, padding <= kernel / 2 else {
            throw NNError("maxpool: kernel and stride must be 1…64 and padding at most half the kernel, got \(kernel), \(stride), \(padding)")
        }
        self.kernel = kernel; self.stride = stride; self.padding = padding
        super.init()
    }

    public override var kind: String { "maxpool" }
    public override var description: String { "maxpool \(kernel)×\(kernel) stride \(stride) pad \(padding)" }
    public override var sampleRank: Int? { 3 }
    public var layerSpec: LayerSpec {
        LayerSpec(type: "maxpool padded", args: ["kernel": Double(kernel), "stride": Double(stride), "padding": Double(padding)])
    }

    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        let s = inputShapes[0]
        guard s.count == 3 else { throw LayerShapeError(expected: "an image [C, H, W]", got: s) }
        guard s[1] + 2 * padding >= kernel, s[2] + 2 * padding >= kernel else {
            throw LayerShapeError(expected: "an image of at least \(kernel - 2 * padding)×\(kernel - 2 * padding)", got: s)
        }
        return [s[0], (s[1] + 2 * padding - kernel) / stride + 1, (s[2] + 2 * padding - kernel) / stride + 1]
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        var x = inputs[0]
        if padding > 0 {
            let s = x.shape, p = padding, fill = -Float.greatestFiniteMagnitude
            let side = try Tensor.full([s[0], s[1], s[2], p], fill)
            x = try Tensor.concat([side, x, side], axis: 3)
            let top = try Tensor.full([s[0], s[1], p, s[3] + 2 * p], fill)
            x = try Tensor.concat([top, x, top], axis: 2)
        }
        return try x.maxPool2d(kernel: kernel, stride: stride)
    }
}
