import Tensor

/// A model's inference graph in ONNX terms (opset 17): nodes with ONNX operators,
/// initializers named by the state_dict names, the input `input` [batch, C, H, W]
/// with a dynamic batch, the output `output`. Dropout is the identity and batch norm
/// uses its running statistics, as latent does in eval mode.
///
///     let g = try ONNXGraph(model)      // g.nodes[0].op == "Conv"
struct ONNXGraph {
    enum Attribute: Equatable {
        case int(Int), ints([Int]), float(Float), string(String)
    }
    struct Node {
        var op: String
        var inputs: [String]
        var outputs: [String]
        var name: String
        var attributes: [(String, Attribute)] = []
    }
    /// A constant: float32 weights or int64 shapes.
    struct Initializer {
        var name: String
        var dims: [Int]
        var floats: [Float]? = nil
        var ints: [Int]? = nil
    }

    var nodes: [Node] = []
    var initializers: [Initializer] = []
    let inputShape: [Int]
    let outputShape: [Int]
    let name: String

    init(_ model: Model) throws {
        guard let inShape = model.inputShape, let outShape = model.outputShape else {
            throw NNError("export: the model's input shape is not known yet; run it on an input (or fit it) first")
        }
        inputShape = inShape
        outputShape = outShape
        name = model.name ?? (model.kind == .other ? "model" : model.kind.rawValue)
        let last = model.nodes.count - 1
        for (i, n) in model.nodes.enumerated() {
            let path = n.path.joined(separator: ".")
            let ins = n.inputs.map { $0 < 0 ? "input" : model.nodes[$0].path.joined(separator: ".") }
            try add(n.layer, path: path, inputs: ins, output: i == last ? "output" : path)
        }
    }

    private mutating func weight(_ path: String, _ local: String, _ t: Tensor) -> String {
        let name = "\(path).\(local)"
        initializers.append(Initializer(name: name, dims: t.shape, floats: Array(UnsafeBufferPointer(start: t.plain, count: t.count))))
        return name
    }

    private mutating func constant(_ name: String, ints: [Int], dims: [Int]? = nil) -> String {
        initializers.append(Initializer(name: name, dims: dims ?? [ints.count], ints: ints))
        return name
    }

    private mutating func constant(_ name: String, floats: [Float], dims: [Int]) -> String {
        initializers.append(Initializer(name: name, dims: dims, floats: floats))
        return name
    }

    private mutating func node(_ op: String, _ inputs: [String], _ output: String, _ name: String,
                               _ attributes: [(String, Attribute)] = []) {
        nodes.append(Node(op: op, inputs: inputs, outputs: [output], name: name, attributes: attributes))
    }

    private mutating func add(_ layer: Layer, path: String, inputs: [String], output: String) throws {
        func unshaped() -> NNError {
            NNError("export: \(layer.description) does not know its input size yet; run the model on an input (or fit it) first")
        }
        let x = inputs[0]
        switch layer {
        case let c as Conv2d:
            guard let w = c.weight else { throw unshaped() }
            var ins = [x, weight(path, "weight", w.value)]
            if let b = c.bias { ins.append(weight(path, "bias", b.value)) }
            node("Conv", ins, output, path, [
                ("kernel_shape", .ints([c.kernel, c.kernel])), ("strides", .ints([c.stride, c.stride])),
                ("pads", .ints(Array(repeating: c.padding, count: 4))), ("dilations", .ints([1, 1])), ("group", .int(c.groups)),
            ])
        case let l as Linear:
            guard let w = l.weight else { throw unshaped() }
            var ins = [x, weight(path, "weight", w.value)]
            if let b = l.bias { ins.append(weight(path, "bias", b.value)) }
            node("Gemm", ins, output, path, [("transB", .int(1))])
        case let b as BatchNorm2d:
            guard let w = b.weight, let bias = b.bias, let mean = b.runningMean, let variance = b.runningVar else { throw unshaped() }
            let ins = [x, weight(path, "weight", w.value), weight(path, "bias", bias.value),
                       weight(path, "running_mean", mean), weight(path, "running_var", variance)]
            node("BatchNormalization", ins, output, path, [("epsilon", .float(b.eps)), ("momentum", .float(1 - b.momentum))])
        case let p as Pool2d:
            node(p.mode == .max ? "MaxPool" : "AveragePool", [x], output, path,
                 [("kernel_shape", .ints([p.kernel, p.kernel])), ("strides", .ints([p.stride, p.stride]))])
        case let p as PaddedMaxPool2d:
            node("MaxPool", [x], output, path, [("kernel_shape", .ints([p.kernel, p.kernel])),
                                                ("strides", .ints([p.stride, p.stride])), ("pads", .ints(Array(repeating: p.padding, count: 4)))])
        case is GlobalAvgPool:
            node("GlobalAveragePool", [x], "\(path)/pooled", "\(path)/pool")
            node("Flatten", ["\(path)/pooled"], output, path, [("axis", .int(1))])
        case let u as Upsample:
            let scales = constant("\(path)/scales", floats: [1, 1, Float(u.scale), Float(u.scale)], dims: [4])
            node("Resize", [x, "", scales], output, path, [
                ("mode", .string("nearest")), ("coordinate_transformation_mode", .string("asymmetric")),
                ("nearest_mode", .string("floor")),
            ])
        case is ReLU: node("Relu", [x], output, path)
        case is ReLU6:
            let lo = constant("\(path)/min", floats: [0], dims: []), hi = constant("\(path)/max", floats: [6], dims: [])
            node("Clip", [x, lo, hi], output, path)
        case let l as LeakyReLU: node("LeakyRelu", [x], output, path, [("alpha", .float(l.slope))])
        case is Sigmoid: node("Sigmoid", [x], output, path)
        case is Tanh: node("Tanh", [x], output, path)
        case is Softmax: node("Softmax", [x], output, path, [("axis", .int(1))])
        case is Flatten: node("Flatten", [x], output, path, [("axis", .int(1))])
        case let u as Unflatten:
            node("Reshape", [x, constant("\(path)/shape", ints: [-1] + u.sizes)], output, path)
        case is Identity, is Dropout: node("Identity", [x], output, path)
        // The inference graph: a VAE's latent gives its mean.
        case is Gaussian: node("Identity", [inputs[0]], output, path)
        case is Add: node(inputs.count == 2 ? "Add" : "Sum", inputs, output, path)
        case is Concat: node("Concat", inputs, output, path, [("axis", .int(1))])
        default:
            throw NNError("export: \(layer.callName) (\(layer.kind)) has no ONNX counterpart in the exporter")
        }
    }
}
