import Tensor

/// Tensor creation: `tensor([[1, 2], [3, 4]])`, `zeros(2, 3)`, `randn(4, std: 0.1)`,
/// `arange(5)`, `onehot([3], 10)`. The operations are in TensorOpBuiltins, the
/// losses in LossBuiltins, the names that are also layers in LayerBuiltins.
enum TensorBuiltins {
    static let declarations: [Declaration] = [
        Declaration("tensor", .tensors, summary: "a tensor from nested lists (or a copy of a tensor)",
                    params: [.arg("values", .tensor)],
                    examples: ["tensor([[1, 2], [3, 4]])", "tensor(0..4)"]) { c in
            .tensor(try Coerce.tensor(c.value("values") ?? .none, what: "tensor", at: c.span("values")).copy())
        },
        filled("zeros", "a tensor of zeros") { try Tensor(zeros: $0) },
        filled("ones", "a tensor of ones") { try Tensor.ones($0) },
        Declaration("full", .tensors, summary: "a tensor filled with one value",
                    params: [.arg("shape", .shape), .arg("value", .number)],
                    or: [[.rest("sizes", .number, minimum: 3)]],
                    examples: ["full([2, 3], 0.5)", "full(2, 3, 0.5)"]) { c in
            if c.form == 0 {
                return .tensor(try Tensor.full(try checkedShape(c, try Coerce.ints(c.value("shape") ?? .none, what: "full: a size", at: c.span("shape"))),
                                               Float(try c.number("value"))))
            }
            let value = try Coerce.number(c.rest[c.rest.count - 1].0, what: "full: value", at: c.rest[c.rest.count - 1].1)
            let sizes = try c.rest.dropLast().map { try Coerce.int($0.0, what: "full: a size", at: $0.1) }
            return .tensor(try Tensor.full(try checkedShape(c, sizes), Float(value)))
        },
        Declaration("randn", .tensors, summary: "normal random numbers (repeatable after `seed N`)",
                    params: [.rest("sizes", .shape, minimum: 0), .label("std", .number, default: 1, in: 0...1_000_000)],
                    examples: ["seed 1; randn(2, 3)", "randn(4, std: 0.1).shape"]) { c in
            .tensor(try Tensor.randn(try checkedShape(c, try c.shape()), std: Float(try c.number("std")), using: &Random.shared))
        },
        Declaration("rand", .tensors, summary: "uniform random numbers between low and high",
                    params: [.rest("sizes", .shape, minimum: 0), .label("low", .number, default: 0), .label("high", .number, default: 1)],
                    examples: ["seed 1; rand(2, 3)", "rand(3, low: -1, high: 1).shape"]) { c in
            .tensor(try Tensor.uniform(try checkedShape(c, try c.shape()), low: Float(try c.number("low")),
                                       high: Float(try c.number("high")), using: &Random.shared))
        },
        Declaration("arange", .tensors, summary: "0, 1, …, count − 1 (or start … end − 1) as a tensor",
                    params: [.arg("count", .int, in: 0...1_073_741_824)],
                    or: [[.arg("start", .int), .arg("end", .int)]],
                    examples: ["arange(5)", "arange(2, 5)"]) { c in
            if c.form == 0 { return .tensor(try Tensor.arange(try c.int("count"))) }
            let lo = try c.int("start"), hi = try c.int("end")
            guard hi - lo <= 1_073_741_824 else { throw RuntimeError("arange: \(lo)..<\(hi) is too long (limit 1,073,741,824)", at: c.callSpan) }
            return .tensor(try Tensor.arange(max(0, hi - lo)).adding(Float(lo)))
        },
        Declaration("onehot", .tensors, summary: "the target vector y of cross-entropy: 1 at the label, 0 elsewhere",
                    params: [.arg("labels", .one([.list, .number, .tensor])), .arg("classes", .int, default: 10, in: 1...1_048_576)],
                    examples: ["onehot([3], 10)", "onehot([0, 2], classes: 3)"]) { c in
            let n = try c.int("classes")
            let labels = try Coerce.ints(c.value("labels") ?? .none, what: "onehot: a label", at: c.span("labels"))
            var out = [Float](repeating: 0, count: labels.count * n)
            for (i, l) in labels.enumerated() {
                guard l >= 0 && l < n else { throw RuntimeError("onehot: label \(l) is not in 0..<\(n)", at: c.span("labels")) }
                out[i * n + l] = 1
            }
            return .tensor(try Tensor(shape: [labels.count, n], scalars: out))
        },
    ]

    static func filled(_ name: String, _ summary: String, _ make: @escaping ([Int]) throws -> Tensor) -> Declaration {
        Declaration(name, .tensors, summary: summary, params: [.rest("sizes", .shape, minimum: 0)],
                    examples: ["\(name)(2, 3)", "\(name)([2, 3]).shape"]) { c in
            .tensor(try make(try checkedShape(c, try c.shape())))
        }
    }

    /// Sizes are not negative and the element count fits in memory.
    static func checkedShape(_ c: Call, _ dims: [Int]) throws -> [Int] {
        if let bad = dims.first(where: { $0 < 0 }) {
            throw RuntimeError("\(c.function): sizes must not be negative, got \(bad)", at: c.callSpan)
        }
        _ = try Tensor.checkedCount(dims.map { max($0, 1) }, op: c.function)
        return dims
    }
}
