import Tensor
import NN

/// Layers (`conv(16)`, `fc(10)`, `maxpool`, `relu`, ...). Each layer builder is
/// also the function on tensors when given one: `relu(x)`, `maxpool(x, 2)`,
/// `upsample(tensor([[1, 2], [3, 4]]), 2)` — the lecture's 2×2 → 4×4 example.
enum LayerBuiltins {
    static let declarations: [Declaration] = activations + pooling + [
        Declaration("softmax", .layers, summary: "e^x_i / Σ e^x_k: probabilities of mutually exclusive classes",
                    params: [.arg("x", .tensor, optional: true), .label("axis", .int, default: -1)],
                    examples: ["softmax(tensor([1, 2, 3]))", "m = flatten + fc(10) + softmax"],
                    methodOf: [.tensor], layer: { Softmax() }) { c in
            guard c.has("x") else { return .layer(Softmax()) }
            return .tensor(try c.tensor("x").softmax(axis: try c.int("axis")))
        },
        Declaration("flatten", .layers, summary: "feature maps to one vector (a layer); flatten(x) flattens a tensor",
                    params: [.arg("x", .tensor, optional: true), .label("start", .int, default: 0)],
                    examples: ["flatten(zeros(2, 3, 4)).shape", "m = conv(8) + relu + flatten + fc(10)"],
                    methodOf: [.tensor], layer: { Flatten() }) { c in
            guard c.has("x") else { return .layer(Flatten()) }
            return .tensor(try c.tensor("x").flatten(startDim: try c.int("start")))
        },
        Declaration("conv", .layers,
                    summary: "a convolution: small perceptrons sharing weights at every pixel",
                    params: [.arg("channels", .int, in: 1...65_536),
                             .label("kernel", .int, default: 3, in: 1...64), .label("stride", .int, default: 1, in: 1...64),
                             .label("padding", .int, default: .none, in: 0...64), .label("groups", .int, default: 1, in: 1...65_536),
                             .label("bias", .bool, default: true)],
                    examples: ["m = conv(16) + relu + maxpool", "conv(8, kernel: 5, padding: 2)"],
                    hint: { c in inferredInput(c, "channels", "conv") }) { c in
            .layer(try Conv2d(out: try c.int("channels"), kernel: try c.int("kernel"), stride: try c.int("stride"),
                              padding: try c.optionalInt("padding"), bias: try c.bool("bias"), groups: try c.int("groups")))
        },
        Declaration("fc", .layers, summary: "a fully connected layer (perceptron) of SIZE outputs",
                    params: [.arg("size", .int, in: 1...1_048_576), .label("bias", .bool, default: true)],
                    examples: ["m = flatten + fc(10) + softmax", "fc(10, bias: false)"],
                    hint: { c in inferredInput(c, "size", "fc") }) { c in
            .layer(try Linear(out: try c.int("size"), bias: try c.bool("bias")))
        },
        Declaration("batchnorm", .layers,
                    summary: "normalises each channel with the batch's mean and variance",
                    params: [],
                    or: [[.arg("x", .tensor), .arg("weight", .tensor, default: .none), .arg("bias", .tensor, default: .none),
                          .label("eps", .number, default: 1e-5, in: 1e-12...1)]],
                    examples: ["m = conv(16) + batchnorm + relu",
                               "batchnorm(tensor([[1, 2], [3, 6]]), tensor([1, 1]), tensor([0, 0]))"],
                    methodOf: [.tensor], layer: { try BatchNorm2d() }) { c in
            guard c.form == 1 else { return .layer(try BatchNorm2d()) }
            return .tensor(try c.tensor("x").batchNorm2d(weight: try c.optionalTensor("weight"), bias: try c.optionalTensor("bias"),
                                                        runningMean: nil, runningVar: nil, training: true,
                                                        eps: Float(try c.number("eps"))))
        },
        Declaration("dropout", .layers,
                    summary: "zeroes values with probability p while training, scales the rest",
                    params: [.arg("p", .number, default: 0.5, in: 0...0.999_999)],
                    or: [[.arg("x", .tensor), .arg("p", .number, default: 0.5, in: 0...0.999_999)]],
                    examples: ["m = fc(64) + relu + dropout(0.25) + fc(10)", "seed 1; dropout(ones(8), 0.5)"],
                    methodOf: [.tensor], layer: { try Dropout(p: 0.5) }) { c in
            let p = Float(try c.number("p"))
            guard c.form == 1 else { return .layer(try Dropout(p: p)) }
            return .tensor(try c.tensor("x").dropout(p: p, training: true, using: &Random.shared))
        },
        Declaration("globalpool", .layers, summary: "averages each feature map to one number",
                    params: [], or: [[.arg("x", .tensor)]],
                    examples: ["m = conv(16) + relu + globalpool + fc(10)", "globalpool(ones(2, 3, 3))"],
                    methodOf: [.tensor], layer: { GlobalAvgPool() }) { c in
            guard c.form == 1 else { return .layer(GlobalAvgPool()) }
            return .tensor(try asImages(try c.tensor("x"), "globalpool") { try $0.globalAvgPool2d() })
        },
        Declaration("unflatten", .layers, summary: "a vector back into feature maps (the decoder's first step)",
                    params: [.rest("sizes", .shape)],
                    examples: ["m = fc(72) + unflatten(8, 3, 3) + upsample"]) { c in
            .layer(try Unflatten(try c.shape()))
        },
    ]

    /// Parameter-free pointwise layers that are also functions on tensors.
    static let activations: [Declaration] = [
        activation("relu", "max(0, x), as a layer or relu(x) on a tensor", "relu(tensor([-1, 2]))", { ReLU() }) { $0.relu() },
        activation("sigmoid", "1/(1+e^-x): independent probabilities (a wheel AND a bicycle)",
                   "sigmoid(tensor([0, 2]))", { Sigmoid() }) { $0.sigmoid() },
        Declaration("leakyrelu", .layers, summary: "x for x > 0, slope·x otherwise; leakyrelu(x, 0.1) on a tensor",
                    params: [.arg("slope", .number, default: 0.01, in: 0...1)],
                    or: [[.arg("x", .tensor), .arg("slope", .number, default: 0.01, in: 0...1)]],
                    examples: ["leakyrelu(tensor([-1, 2]), 0.1)", "m = conv(16) + leakyrelu(0.1)"],
                    methodOf: [.tensor], layer: { LeakyReLU() }) { c in
            let slope = Float(try c.number("slope"))
            guard c.form == 1 else { return .layer(LeakyReLU(slope: slope)) }
            return .tensor(try c.tensor("x").leakyRelu(slope: slope))
        },
    ]

    static func activation(_ name: String, _ summary: String, _ example: String, _ make: @escaping () -> Layer,
                           _ op: @escaping (Tensor) throws -> Tensor) -> Declaration {
        Declaration(name, .layers, summary: summary, params: [.arg("x", .tensor, optional: true)],
                    examples: [example, "m = conv(16) + \(name)"], methodOf: [.tensor], layer: make) { c in
            guard c.has("x") else { return .layer(make()) }
            return .tensor(try op(try c.tensor("x")))
        }
    }

    /// maxpool, avgpool and upsample: `maxpool`, `maxpool(2)` layers; `maxpool(x, 2)` on a tensor.
    static let pooling: [Declaration] = [
        pool("maxpool", .max, "dimension reduction: each 2×2 block, step 2, becomes its maximum",
             "maxpool(tensor([[1, 2, 5, 6], [3, 4, 7, 8]]), 2)"),
        pool("avgpool", .average, "like maxpool but averaging", "avgpool(tensor([[1, 2, 5, 6], [3, 4, 7, 8]]), 2)"),
        Declaration("upsample", .layers, summary: "dimension expansion by nearest neighbour",
                    params: [.arg("scale", .int, default: 2, in: 1...64)],
                    or: [[.arg("x", .tensor), .arg("scale", .int, default: 2, in: 1...64)]],
                    examples: ["upsample(tensor([[1, 2], [3, 4]]), 2)", "m = unflatten(8, 3, 3) + upsample + conv(8)"],
                    methodOf: [.tensor], layer: { try Upsample(scale: 2) }) { c in
            let s = try c.int("scale")
            guard c.form == 1 else { return .layer(try Upsample(scale: s)) }
            return .tensor(try asImages(try c.tensor("x"), "upsample") { try $0.upsampleNearest(scale: s) })
        },
    ]

    static func pool(_ name: String, _ mode: Pool2d.Mode, _ summary: String, _ example: String) -> Declaration {
        let stride = Parameter.label("stride", .int, default: .none, in: 1...64)
        return Declaration(name, .layers, summary: summary,
                           params: [.arg("kernel", .int, default: 2, in: 1...64), stride],
                           or: [[.arg("x", .tensor), .arg("kernel", .int, default: 2, in: 1...64), stride]],
                           examples: [example, "m = conv(16) + relu + \(name)"],
                           methodOf: [.tensor], layer: { try Pool2d(mode, kernel: 2) }) { c in
            let k = try c.int("kernel"), stride = try c.optionalInt("stride")
            guard c.form == 1 else { return .layer(try Pool2d(mode, kernel: k, stride: stride)) }
            return .tensor(try asImages(try c.tensor("x"), name) {
                mode == .max ? try $0.maxPool2d(kernel: k, stride: stride) : try $0.avgPool2d(kernel: k, stride: stride)
            })
        }
    }

    /// PyTorch writes `Conv2d(1, 16)`; here the input side is learnt from the data.
    static func inferredInput(_ c: Call, _ what: String, _ name: String) -> String? {
        guard c.rest.count == 2, case .number = c.rest[0].0, case .number(let out) = c.rest[1].0 else { return nil }
        return "latent infers the input \(what): write \(name)(\(Printer.number(out)))"
    }

    /// Pooling and upsampling want NCHW; a single image [C,H,W] or a matrix [H,W]
    /// is lifted and the result brought back to the same rank.
    static func asImages(_ x: Tensor, _ op: String, _ f: (Tensor) throws -> Tensor) throws -> Tensor {
        switch x.rank {
        case 4: return try f(x)
        case 3:
            let y = try f(try x.reshape([1] + x.shape))
            return try y.reshape(Array(y.shape.dropFirst()))
        case 2:
            let y = try f(try x.reshape([1, 1] + x.shape))
            return try y.reshape(Array(y.shape.dropFirst(2)))
        default:
            throw RuntimeError("\(op): expected an image [H, W], [C, H, W] or a batch [N, C, H, W], got shape \(describeShape(x.shape))")
        }
    }
}
