import Tensor

/// A layer's type and settings, without weights: what a saved session needs to
/// rebuild the layer. Numbers are kept as Double; `sizes` holds shape-like lists.
///
///     let s = try Conv2d(out: 16, in: 1).spec      // type "conv", args out 16, kernel 3, ...
///     let again = try LayerSpec.make(s!)
public struct LayerSpec: Codable, Equatable, Sendable {
    public var type: String
    public var args: [String: Double]
    public var sizes: [Int]?

    public init(type: String, args: [String: Double] = [:], sizes: [Int]? = nil) {
        self.type = type; self.args = args; self.sizes = sizes
    }

    /// Layers defined outside NN register a maker for their `type` here.
    nonisolated(unsafe) public static var makers: [String: (LayerSpec) throws -> Layer] = [:]

    /// Builds a fresh layer (new weights from `Random.shared`, replaced when weights load).
    public static func make(_ s: LayerSpec) throws -> Layer {
        func int(_ k: String) throws -> Int {
            guard let v = s.args[k], v.rounded() == v, abs(v) < 1e9 else {
                throw NNError("saved layer '\(s.type)' has no valid '\(k)'")
            }
            return Int(v)
        }
        func optInt(_ k: String) throws -> Int? { s.args[k] == nil ? nil : try int(k) }
        func float(_ k: String) throws -> Float {
            guard let v = s.args[k], v.isFinite else { throw NNError("saved layer '\(s.type)' has no valid '\(k)'") }
            return Float(v)
        }
        switch s.type {
        case "conv":
            return try Conv2d(out: int("out"), kernel: int("kernel"), stride: int("stride"), padding: int("padding"),
                              in: optInt("in"), bias: int("bias") != 0, groups: int("groups"))
        case "fc": return try Linear(out: int("out"), in: optInt("in"), bias: int("bias") != 0)
        case "maxpool": return try Pool2d(.max, kernel: int("kernel"), stride: int("stride"))
        case "avgpool": return try Pool2d(.average, kernel: int("kernel"), stride: int("stride"))
        case "global avgpool": return GlobalAvgPool()
        case "upsample": return try Upsample(scale: int("scale"))
        case "relu": return ReLU()
        case "leaky relu": return LeakyReLU(slope: try float("slope"))
        case "sigmoid": return Sigmoid()
        case "tanh": return Tanh()
        case "softmax": return Softmax()
        case "flatten": return Flatten()
        case "identity": return Identity()
        case "unflatten": return try Unflatten(s.sizes ?? [])
        case "batchnorm": return try BatchNorm2d(channels: optInt("channels"), momentum: float("momentum"), eps: float("eps"))
        case "dropout": return try Dropout(p: float("p"))
        case "add": return Add()
        case "concat": return Concat()
        case "gaussian":
            let beta = try float("beta")
            guard beta >= 0, beta <= 1000 else { throw NNError("saved layer 'gaussian' has no valid 'beta'") }
            return Gaussian(beta: beta)
        default:
            guard let make = makers[s.type] else { throw NNError("saved layer type '\(s.type)' is unknown") }
            return try make(s)
        }
    }
}

/// Custom layers provide their own spec (and register a maker in `LayerSpec.makers`).
public protocol LayerSpecProviding { var layerSpec: LayerSpec { get } }

extension Layer {
    /// This layer's spec, nil for a custom layer that does not provide one.
    public var spec: LayerSpec? {
        if let p = self as? LayerSpecProviding { return p.layerSpec }
        func d(_ i: Int) -> Double { Double(i) }
        switch self {
        case let c as Conv2d:
            var a = ["out": d(c.outChannels), "kernel": d(c.kernel), "stride": d(c.stride), "padding": d(c.padding),
                     "groups": d(c.groups), "bias": c.hasBias ? 1 : 0]
            if let i = c.inChannels { a["in"] = d(i) }
            return LayerSpec(type: "conv", args: a)
        case let l as Linear:
            var a = ["out": d(l.outFeatures), "bias": l.hasBias ? 1 : 0]
            if let i = l.inFeatures { a["in"] = d(i) }
            return LayerSpec(type: "fc", args: a)
        case let p as Pool2d: return LayerSpec(type: p.kind, args: ["kernel": d(p.kernel), "stride": d(p.stride)])
        case let u as Upsample: return LayerSpec(type: "upsample", args: ["scale": d(u.scale)])
        case let l as LeakyReLU: return LayerSpec(type: "leaky relu", args: ["slope": Double(l.slope)])
        case let u as Unflatten: return LayerSpec(type: "unflatten", sizes: u.sizes)
        case let b as BatchNorm2d:
            var a = ["momentum": Double(b.momentum), "eps": Double(b.eps)]
            if let c = b.channels { a["channels"] = d(c) }
            return LayerSpec(type: "batchnorm", args: a)
        case let dr as Dropout: return LayerSpec(type: "dropout", args: ["p": Double(dr.p)])
        case let g as Gaussian: return LayerSpec(type: "gaussian", args: ["beta": Double(g.beta)])
        case is GlobalAvgPool, is ReLU, is Sigmoid, is Tanh, is Softmax, is Flatten, is Identity, is Add, is Concat:
            return LayerSpec(type: kind)
        default: return nil
        }
    }
}
