import Tensor

/// Every tensor operation as a function (and a method: `x.sum()`): pointwise
/// functions, reductions, shape changes, `matmul`, `conv2d`, `linear`.
enum TensorOpBuiltins {
    static let x = Parameter.arg("x", .tensor)
    static let axis = Parameter.label("axis", .int, default: .none)

    static let declarations: [Declaration] = pointwise + reductions + shapes + [
        Declaration("logsoftmax", .math, summary: "the log of softmax, computed stably",
                    params: [x, .label("axis", .int, default: -1)],
                    examples: ["logsoftmax(tensor([1, 2, 3]))"], methodOf: [.tensor]) { c in
            .tensor(try c.tensor("x").logSoftmax(axis: try c.int("axis")))
        },
        Declaration("pow", .math, summary: "x to a power, elementwise (also x ^ 2)",
                    params: [x, .arg("exponent", .number)],
                    examples: ["pow(tensor([1, 2, 3]), 2)"], methodOf: [.tensor]) { c in
            .tensor(try c.tensor("x").pow(Float(try c.number("exponent"))))
        },
        Declaration("clamp", .math, summary: "limits every value to [min, max]",
                    params: [x, .label("min", .number, default: .none), .label("max", .number, default: .none)],
                    examples: ["clamp(tensor([-1, 0.5, 2]), min: 0, max: 1)"], methodOf: [.tensor]) { c in
            .tensor(try c.tensor("x").clamp(min: Float(try c.optionalNumber("min") ?? -.infinity),
                                            max: Float(try c.optionalNumber("max") ?? .infinity)))
        },
        Declaration("matmul", .math, summary: "the matrix product: what a perceptron (fc) computes",
                    params: [.arg("a", .tensor), .arg("b", .tensor)],
                    examples: ["matmul(tensor([[1, 2]]), tensor([[3], [4]]))"], methodOf: [.tensor]) { c in
            .tensor(try c.tensor("a").matmul(try c.tensor("b")))
        },
        Declaration("conv2d", .math,
                    summary: "images [N, C, H, W] convolved with kernels [out, in, kh, kw]",
                    params: [x, .arg("weight", .tensor), .arg("bias", .tensor, default: .none),
                             .label("stride", .int, default: 1, in: 1...64), .label("padding", .int, default: 0, in: 0...64),
                             .label("groups", .int, default: 1, in: 1...65_536)],
                    examples: ["conv2d(ones(1, 1, 4, 4), ones(2, 1, 3, 3), none, padding: 1).shape"]) { c in
            .tensor(try c.tensor("x").conv2d(weight: try c.tensor("weight"), bias: try c.optionalTensor("bias"),
                                             stride: try c.int("stride"), padding: try c.int("padding"), groups: try c.int("groups")))
        },
        Declaration("linear", .math, summary: "x·weightᵀ + bias, PyTorch's F.linear",
                    params: [x, .arg("weight", .tensor), .arg("bias", .tensor, default: .none)],
                    examples: ["linear(tensor([[1, 2]]), tensor([[1, 0], [0, 1], [1, 1]]), tensor([0, 0, 1]))"]) { c in
            .tensor(try c.tensor("x").linear(weight: try c.tensor("weight"), bias: try c.optionalTensor("bias")))
        },
    ]

    static let pointwise: [Declaration] = [
        unary("tanh", "the hyperbolic tangent, elementwise", "tanh(tensor([0, 1]))") { $0.tanh() },
        unary("exp", "e^x, elementwise", "exp(tensor([0, 1]))") { $0.exp() },
        unary("log", "the natural logarithm, elementwise", "log(tensor([1, 2.718281828]))") { $0.log() },
        unary("sqrt", "the square root, elementwise", "sqrt(tensor([4, 9]))") { $0.sqrt() },
        unary("abs", "the absolute value, elementwise", "abs(tensor([-1, 2]))") { $0.abs() },
    ]

    static func unary(_ name: String, _ summary: String, _ example: String, _ f: @escaping (Tensor) throws -> Tensor) -> Declaration {
        Declaration(name, .math, summary: summary, params: [x], examples: [example], methodOf: [.tensor]) { c in
            .tensor(try f(try c.tensor("x")))
        }
    }

    static let reductions: [Declaration] = [
        reduction("sum", "the sum of all values, or along an axis") { try $0.sum(axis: $1, keepDims: $2) },
        reduction("mean", "the mean of all values, or along an axis") { try $0.mean(axis: $1, keepDims: $2) },
        reduction("max", "the largest value, or along an axis") { try $0.max(axis: $1, keepDims: $2) },
        reduction("min", "the smallest value, or along an axis") { try $0.min(axis: $1, keepDims: $2) },
        Declaration("argmax", .math, summary: "the index of the largest value: the predicted class",
                    params: [x, axis], examples: ["argmax(tensor([0.1, 0.7, 0.2]))", "argmax(tensor([[1, 2], [4, 3]]), axis: 1)"],
                    methodOf: [.tensor]) { c in
            let x = try c.tensor("x")
            guard x.rank >= 1 else { return .number(0) }
            let r = try x.argmax(axis: try c.optionalInt("axis") ?? (x.rank - 1))
            return r.count == 1 && r.rank <= 1 ? .number(Double(r.item)) : .tensor(r)
        },
    ]

    static func reduction(_ name: String, _ summary: String, _ f: @escaping (Tensor, Int?, Bool) throws -> Tensor) -> Declaration {
        Declaration(name, .math, summary: summary, params: [x, axis, .label("keepdims", .bool, default: false)],
                    examples: ["\(name)(tensor([[1, 2], [3, 4]]))", "tensor([[1, 2], [3, 4]]).\(name)(axis: 0)"],
                    methodOf: [.tensor]) { c in
            .tensor(try f(try c.tensor("x"), try c.optionalInt("axis"), try c.bool("keepdims")))
        }
    }

    static let shapes: [Declaration] = [
        Declaration("reshape", .tensors, summary: "the same numbers in a new shape (one −1 is inferred)",
                    params: [x, .rest("sizes", .shape)],
                    examples: ["reshape(arange(6), 2, -1)", "arange(6).reshape([3, 2])"], methodOf: [.tensor]) { c in
            .tensor(try c.tensor("x").reshape(try c.shape()))
        },
        Declaration("transpose", .tensors, summary: "swaps two axes (the first two unless told)",
                    params: [x, .arg("first", .int, default: 0), .arg("second", .int, default: 1)],
                    examples: ["transpose(tensor([[1, 2, 3]]))", "transpose(zeros(2, 3, 4), 0, 2).shape"], methodOf: [.tensor]) { c in
            .tensor(try c.tensor("x").transposed(try c.int("first"), try c.int("second")))
        },
        Declaration("squeeze", .tensors, summary: "drops axes of size 1 (or just the one at axis)",
                    params: [x, axis], examples: ["squeeze(zeros(1, 3, 1)).shape"], methodOf: [.tensor]) { c in
            .tensor(try c.tensor("x").squeeze(dim: try c.optionalInt("axis")))
        },
        Declaration("unsqueeze", .tensors, summary: "adds an axis of size 1",
                    params: [x, .arg("axis", .int, default: 0)], examples: ["unsqueeze(zeros(3), 0).shape"], methodOf: [.tensor]) { c in
            .tensor(try c.tensor("x").unsqueeze(dim: try c.int("axis")))
        },
        joining("concat", "joins tensors along an axis (as U-Net joins feature maps)",
                "concat([ones(2), zeros(3)])") { try Tensor.concat($0, axis: $1) },
        joining("stack", "tensors of one shape along a new axis", "stack([ones(2), zeros(2)]).shape") { try Tensor.stack($0, axis: $1) },
    ]

    static func joining(_ name: String, _ summary: String, _ example: String,
                        _ f: @escaping ([Tensor], Int) throws -> Tensor) -> Declaration {
        Declaration(name, .tensors, summary: summary,
                    params: [.rest("tensors", .one([.tensor, .list])), .label("axis", .int, default: 0)],
                    examples: [example]) { c in
            var xs: [Tensor]
            if c.rest.count == 1, case .list(let items) = c.rest[0].0 {
                xs = try items.map { try Coerce.tensor($0, what: "\(name): an item", at: c.rest[0].1) }
            } else {
                xs = try c.rest.map { try Coerce.tensor($0.0, what: "\(name): an item", at: $0.1) }
            }
            guard !xs.isEmpty else { throw RuntimeError("\(name): needs at least one tensor", at: c.callSpan) }
            return .tensor(try f(xs, try c.int("axis")))
        }
    }
}
