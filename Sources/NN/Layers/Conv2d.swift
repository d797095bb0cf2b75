import Tensor

/// A 2-D convolution over NCHW images, PyTorch's `nn.Conv2d` (weight
/// `[out, in/groups, k, k]`, bias `[out]`, kaiming-uniform init).
///
/// The input channel count may be left out: it is learned from the first input shape
/// the layer sees (at composition when the model's input shape is known).
///
///     let conv = try Conv2d(out: 16)                 // 3×3, "same" padding, lazy input
///     let c2 = try Conv2d(out: 8, in: 8, padding: 2) // the decoder's widening conv
public final class Conv2d: Layer {
    public let outChannels: Int
    public let kernel: Int
    public let stride: Int
    public let padding: Int
    public let groups: Int
    public let hasBias: Bool
    public private(set) var inChannels: Int?
    public private(set) var weight: Parameter?
    public private(set) var bias: Parameter?

    /// - Parameters:
    ///   - padding: defaults to `kernel / 2` ("same" size for odd kernels at stride 1).
    public init(out: Int, kernel: Int = 3, stride: Int = 1, padding: Int? = nil,
                in inChannels: Int? = nil, bias: Bool = true, groups: Int = 1) throws {
        guard out >= 1, out <= 1 << 20 else { throw NNError("conv: the number of output channels must be between 1 and 1,048,576, got \(out)") }
        guard kernel >= 1, kernel <= 1024 else { throw NNError("conv: the kernel size must be between 1 and 1024, got \(kernel)") }
        guard stride >= 1, stride <= 1024 else { throw NNError("conv: the stride must be between 1 and 1024, got \(stride)") }
        let pad = padding ?? kernel / 2
        guard pad >= 0, pad <= 1024 else { throw NNError("conv: the padding must be between 0 and 1024, got \(pad)") }
        guard groups >= 1, out % groups == 0 else {
            throw NNError("conv: \(out) output channels cannot be split into \(groups) groups")
        }
        if let inChannels, inChannels < 1 || inChannels % groups != 0 {
            throw NNError("conv: \(inChannels) input channels cannot be split into \(groups) groups")
        }
        self.outChannels = out
        self.kernel = kernel
        self.stride = stride
        self.padding = pad
        self.groups = groups
        self.hasBias = bias
        super.init()
        if let inChannels { try materialize(inChannels) }
    }

    private func materialize(_ c: Int) throws {
        try Init.checkSize([outChannels, c / groups, kernel, kernel], "conv")
        inChannels = c
        let fanIn = c / groups * kernel * kernel
        weight = Parameter(name: "weight", value: Init.kaimingUniform([outChannels, c / groups, kernel, kernel], fanIn: fanIn))
        if hasBias { bias = Parameter(name: "bias", value: Init.kaimingUniform([outChannels], fanIn: fanIn)) }
    }

    public override var kind: String { "conv" }

    public override var description: String {
        var s = "conv \(kernel)×\(kernel) \(inChannels.map(String.init) ?? "?")→\(outChannels)"
        if padding != kernel / 2 { s += " pad \(padding)" }
        if stride != 1 { s += " stride \(stride)" }
        if groups != 1 { s += " groups \(groups)" }
        return s
    }

    public override var parameters: [(String, Parameter)] {
        [weight.map { ("weight", $0) }, bias.map { ("bias", $0) }].compactMap { $0 }
    }

    public override var sampleRank: Int? { 3 }

    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        let s = inputShapes[0]
        guard s.count == 3 else { throw LayerShapeError(expected: "an image [C, H, W]", got: s) }
        if let c = inChannels, s[0] != c {
            throw LayerShapeError(expected: "\(c) input channel\(c == 1 ? "" : "s")", got: s)
        }
        guard s[0] >= 1, s[0] % groups == 0 else {
            throw LayerShapeError(expected: "input channels divisible into \(groups) groups", got: s)
        }
        guard s[1] + 2 * padding >= kernel, s[2] + 2 * padding >= kernel else {
            throw LayerShapeError(expected: "an image of at least \(kernel)×\(kernel) after padding \(padding)", got: s)
        }
        if inChannels == nil { try materialize(s[0]) }
        let h = (s[1] + 2 * padding - kernel) / stride + 1
        let w = (s[2] + 2 * padding - kernel) / stride + 1
        return [outChannels, h, w]
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        guard let weight else { throw NNError("\(description): used before its input size is known") }
        return try inputs[0].conv2d(weight: weight.value, bias: bias?.value, stride: stride, padding: padding, groups: groups)
    }
}
