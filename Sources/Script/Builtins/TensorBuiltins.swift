import Tensor

/// Tensor creation and every tensor op as a function: `zeros(2, 3)`, `relu(x)`,
/// `conv2d(x, w, b, stride: 2, padding: 1)`, `crossentropy(logits, [3])`.
/// Names that are also layers (`relu`, `maxpool`, ...) live in LayerBuiltins.
enum TensorBuiltins {
    /// Builtins usable as methods on a tensor: `x.sum()`, `x.reshape(4, 4)`.
    static let methodNames = ["sum", "mean", "max", "min", "argmax", "reshape",
                              "tanh", "softmax", "logsoftmax", "exp", "log", "sqrt", "abs", "transpose",
                              "squeeze", "unsqueeze", "clamp", "matmul", "pow"]

    static func register(_ r: inout [String: Builtin]) {
        func add(_ name: String, _ f: @escaping (inout Arguments) throws -> Value) { r[name] = Builtin(name, f) }
        /// A one-tensor function with no options.
        func pointwise(_ name: String, _ f: @escaping (Tensor) throws -> Tensor) {
            add(name) { a in
                try a.finish(maxPositional: 1)
                return .tensor(try f(try a.tensor(0)))
            }
        }

        add("tensor") { a in
            try a.finish(maxPositional: 1)
            return .tensor(try Coerce.tensor(try a.require(0, "values"), what: "tensor", at: a.span(0)).copy())
        }
        add("zeros") { a in try a.finish(maxPositional: Int.max); return .tensor(try Tensor(zeros: try shape(a))) }
        add("ones") { a in try a.finish(maxPositional: Int.max); return .tensor(try Tensor.ones(try shape(a))) }
        add("full") { a in
            guard a.count >= 2 else { throw RuntimeError("full: give the sizes, then the value: full(2, 3, 0.5)", at: a.callSpan) }
            let value = try a.number(a.count - 1, "value")
            a.positional.removeLast()
            try a.finish(maxPositional: Int.max)
            return .tensor(try Tensor.full(try shape(a), Float(value)))
        }
        add("randn") { a in
            let std = try a.number("std", default: 1)
            try a.finish(maxPositional: Int.max)
            return .tensor(try Tensor.randn(try shape(a), std: Float(std), using: &Random.shared))
        }
        add("rand") { a in
            let lo = try a.number("low", default: 0), hi = try a.number("high", default: 1)
            try a.finish(maxPositional: Int.max)
            return .tensor(try Tensor.uniform(try shape(a), low: Float(lo), high: Float(hi), using: &Random.shared))
        }
        add("arange") { a in
            try a.finish(maxPositional: 2)
            if a.count == 2 {
                let lo = try a.int(0, "start"), hi = try a.int(1, "end")
                let n = max(0, hi - lo)
                return .tensor(try Tensor.arange(n).adding(Float(lo)))
            }
            return .tensor(try Tensor.arange(try a.int(0, "count")))
        }
        add("onehot") { a in
            let classes = try a.int("classes", default: 10)
            try a.finish(maxPositional: 2)
            let n = a.count == 2 ? try a.int(1, "classes") : classes
            let labels = try Coerce.ints(try a.require(0, "labels"), what: "onehot: a label", at: a.span(0))
            guard n >= 1, n <= 1 << 20 else { throw RuntimeError("onehot: classes must be between 1 and 1,048,576", at: a.callSpan) }
            var out = [Float](repeating: 0, count: labels.count * n)
            for (i, l) in labels.enumerated() {
                guard l >= 0 && l < n else { throw RuntimeError("onehot: label \(l) is not in 0..<\(n)", at: a.span(0)) }
                out[i * n + l] = 1
            }
            return .tensor(try Tensor(shape: [labels.count, n], scalars: out))
        }

        pointwise("tanh") { $0.tanh() }
        pointwise("exp") { $0.exp() }
        pointwise("log") { $0.log() }
        pointwise("sqrt") { $0.sqrt() }
        pointwise("abs") { $0.abs() }
        add("logsoftmax") { a in
            let axis = try a.int("axis", default: -1)
            try a.finish(maxPositional: 1)
            return .tensor(try a.tensor(0).logSoftmax(axis: axis))
        }
        add("pow") { a in
            try a.finish(maxPositional: 2)
            return .tensor(try a.tensor(0).pow(Float(try a.number(1, "exponent"))))
        }
        add("clamp") { a in
            let lo = try a.number("min", default: -.infinity), hi = try a.number("max", default: .infinity)
            try a.finish(maxPositional: 1)
            return .tensor(try a.tensor(0).clamp(min: Float(lo), max: Float(hi)))
        }
        add("matmul") { a in
            try a.finish(maxPositional: 2)
            return .tensor(try a.tensor(0).matmul(try a.tensor(1)))
        }
        add("conv2d") { a in
            let stride = try a.int("stride", default: 1), padding = try a.int("padding", default: 0)
            let groups = try a.int("groups", default: 1)
            try a.finish(maxPositional: 3)
            let bias = a.count > 2 && !(a.value(2)?.isNone ?? true) ? try a.tensor(2) : nil
            return .tensor(try a.tensor(0).conv2d(weight: try a.tensor(1), bias: bias, stride: stride, padding: padding, groups: groups))
        }
        add("linear") { a in
            try a.finish(maxPositional: 3)
            let bias = a.count > 2 ? try a.tensor(2) : nil
            return .tensor(try a.tensor(0).linear(weight: try a.tensor(1), bias: bias))
        }
        for name in ["sum", "mean", "max", "min"] {
            add(name) { a in
                let axis = try a.optionalInt("axis")
                let keep = try a.bool("keepdims", default: false)
                try a.finish(maxPositional: 1)
                let x = try a.tensor(0)
                switch name {
                case "sum": return .tensor(try x.sum(axis: axis, keepDims: keep))
                case "mean": return .tensor(try x.mean(axis: axis, keepDims: keep))
                case "max": return .tensor(try x.max(axis: axis, keepDims: keep))
                default: return .tensor(try x.min(axis: axis, keepDims: keep))
                }
            }
        }
        add("argmax") { a in
            let axisLabel = try a.optionalInt("axis")
            try a.finish(maxPositional: 1)
            let x = try a.tensor(0)
            guard x.rank >= 1 else { return .number(0) }
            let r = try x.argmax(axis: axisLabel ?? (x.rank - 1))
            return r.count == 1 && r.rank <= 1 ? .number(Double(r.item)) : .tensor(r)
        }
        add("reshape") { a in
            try a.finish(maxPositional: Int.max)
            let x = try a.tensor(0)
            var rest = a
            if !rest.positional.isEmpty { rest.positional.removeFirst() }
            return .tensor(try x.reshape(try shape(rest, allowNegative: true)))
        }
        add("transpose") { a in
            try a.finish(maxPositional: 3)
            let x = try a.tensor(0)
            if a.count == 1 { return .tensor(try x.transposed(0, 1)) }
            return .tensor(try x.transposed(try a.int(1, "first axis"), try a.int(2, "second axis")))
        }
        add("squeeze") { a in
            let axis = try a.optionalInt("axis")
            try a.finish(maxPositional: 1)
            return .tensor(try a.tensor(0).squeeze(dim: axis))
        }
        add("unsqueeze") { a in
            try a.finish(maxPositional: 2)
            return .tensor(try a.tensor(0).unsqueeze(dim: a.count > 1 ? try a.int(1, "axis") : 0))
        }
        for name in ["concat", "stack"] {
            add(name) { a in
                let axis = try a.int("axis", default: 0)
                try a.finish(maxPositional: Int.max)
                var xs: [Tensor] = []
                if a.count == 1, case .list(let items)? = a.value(0) {
                    xs = try items.map { try Coerce.tensor($0, what: "\(name): an item", at: a.span(0)) }
                } else {
                    xs = try (0..<a.count).map { try a.tensor($0) }
                }
                guard !xs.isEmpty else { throw RuntimeError("\(name): needs at least one tensor", at: a.callSpan) }
                return .tensor(name == "concat" ? try Tensor.concat(xs, axis: axis) : try Tensor.stack(xs, axis: axis))
            }
        }
        LossBuiltins.register(&r)
    }

    /// `zeros(2, 3)` or `zeros([2, 3])`.
    static func shape(_ a: Arguments, allowNegative: Bool = false) throws -> [Int] {
        var dims: [Int] = []
        if a.count == 1, let v = a.value(0), case .list = v {
            dims = try Coerce.ints(v, what: "\(a.function): a size", at: a.span(0))
        } else {
            dims = try (0..<a.count).map { try a.int($0, "a size") }
        }
        if !allowNegative, let bad = dims.first(where: { $0 < 0 }) {
            throw RuntimeError("\(a.function): sizes must not be negative, got \(bad)", at: a.callSpan)
        }
        _ = try Tensor.checkedCount(dims.map { max($0, 1) }, op: a.function)
        return dims
    }
}
