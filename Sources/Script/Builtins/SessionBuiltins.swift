import Tensor
import Data

/// Commands about the session itself: `print`, `show`, `seed`, `backend`, `vars`, `del`, `help`.
enum SessionBuiltins {
    static let declarations: [Declaration] = [
        Declaration("print", .session, summary: "prints values on one line", params: [.rest("values", .any, minimum: 0)],
                    examples: ["print(\"loss\", 0.25)"], command: .plain) { c in
            c.host.output(c.rest.map { $0.0.description }.joined(separator: " "))
            return .none
        },
        Declaration("seed", .session, summary: "makes initial weights, shuffling and dropout repeatable",
                    params: [.arg("value", .int)], examples: ["seed 1"], command: .plain) { c in
            Random.seed(UInt64(bitPattern: Int64(try c.int("value"))))
            return .none
        },
        Declaration("backend", .session, summary: "oneDNN kernels (fast) or the plain Swift teaching version (reference)",
                    params: [.arg("name", .string, optional: true)],
                    examples: ["backend", "backend reference; backend fast"], command: .words) { c in
            guard c.has("name") else {
                return .string("backend \(Backend.current.name); available: \(Backend.available.keys.sorted().joined(separator: ", "))")
            }
            try Backend.use(try c.string("name"))
            return .string("backend \(Backend.current.name)")
        },
        Declaration("vars", .session, summary: "lists the session's variables", examples: ["x = 1; vars"], command: .plain) { c in
            let vars = c.interpreter.variables.sorted { $0.key < $1.key }
            if vars.isEmpty { return .string("no variables yet") }
            return .string(vars.map { "\($0.key)  \($0.value.shortDescription)" }.joined(separator: "\n"))
        },
        Declaration("del", .session, summary: "forgets variables", params: [.rest("names", .string)],
                    examples: ["x = 1; del x"], command: .words) { c in
            for (v, span) in c.rest {
                guard case .string(let name) = v else { throw RuntimeError("del: name a variable, e.g. del x", at: span) }
                guard c.interpreter.variables[name] != nil else {
                    throw RuntimeError("del: there is no variable '\(name)'", at: span)
                }
                c.interpreter.removeVariable(name)
            }
            return .none
        },
        Declaration("help", .session, summary: "explains a builtin, a family (help layers) or a keyword",
                    params: [.arg("topic", .string, optional: true)], examples: ["help", "help fit", "help layers"],
                    command: .words) { c in
            guard c.has("topic") else { return .string(HelpTopics.overview(allNames: Array(c.interpreter.builtins.keys))) }
            return .string(HelpTopics.text(for: try c.string("topic"), known: Array(c.interpreter.builtins.keys)))
        },
        Declaration("type", .session, summary: "the kind of a value: number, tensor, model, …", params: [.arg("value", .any)],
                    examples: ["type(ones(2))"]) { c in
            .string((c.value("value") ?? .none).typeName)
        },
        Declaration("len", .session, summary: "items in a list, images in a dataset, rows of a tensor",
                    params: [.arg("value", .one([.list, .string, .tensor, .dataset]))],
                    examples: ["len([1, 2, 3])", "len(mnist.test)"]) { c in
            let v = c.value("value") ?? .none
            switch v {
            case .list(let xs): return .number(Double(xs.count))
            case .string(let s): return .number(Double(s.count))
            case .range(let lo, let hi): return .number(Double(max(0, hi - lo)))
            case .tensor(let t): return .number(Double(t.rank == 0 ? 1 : t.shape[0]))
            case .dataset, .datasets: return .number(Double(try c.dataset("value").count))
            default: throw RuntimeError("len: \(Operators.article(v.typeName)) has no length", at: c.span("value"))
            }
        },
        Declaration("round", .session, summary: "a number rounded to some digits after the point",
                    params: [.arg("x", .number), .arg("digits", .int, default: 0, in: 0...15)], examples: ["round(3.14159, 2)"]) { c in
            let scale = Double.pow10(try c.int("digits"))
            return .number((try c.number("x") * scale).rounded() / scale)
        },
        truth("all", "true when every value is true (non-zero): expect all(a == b)") { $0.allSatisfy { $0 } },
        truth("any", "true when some value is true (non-zero)") { $0.contains(true) },
    ]

    static func truth(_ name: String, _ summary: String, _ f: @escaping ([Bool]) -> Bool) -> Declaration {
        Declaration(name, .session, summary: summary, params: [.arg("values", .one([.list, .tensor]))],
                    examples: ["\(name)(tensor([1, 0]) == tensor([1, 0]))", "\(name)([true, false])"]) { c in
            let v = c.value("values") ?? .none
            let xs: [Bool]
            switch v {
            case .list(let items): xs = try items.map { try Coerce.truthy($0, at: c.span("values")) }
            default: xs = try c.tensor("values").scalars.map { $0 != 0 }
            }
            return .bool(f(xs))
        }
    }

    /// `show`, until pictures are values of their own (issue 14 item 3).
    static func register(_ r: inout [String: Builtin]) {
        func add(_ name: String, _ f: @escaping (inout Arguments) throws -> Value) { r[name] = Builtin(name, f) }

        add("show") { a in
            let caption = try a.string("caption") ?? ""
            try a.finish(maxPositional: 1)
            let v = try a.require(0, "what to show")
            let image = try Pictures.image(of: v, span: a.span(0))
            a.host.showImage(image, caption: caption)
            return .none
        }
    }
}

extension Double {
    static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }
}

/// Turns values into something a host can draw: one image, or a grid of several.
enum Pictures {
    static func image(of v: Value, span: SourceSpan) throws -> Tensor {
        switch v {
        case .tensor(let t):
            switch t.rank {
            case 2, 3: return t
            case 1:
                // A feature vector: show it as a strip, like the lecture's 72 values.
                return try t.reshape([1, t.count])
            case 4: return try grid((0..<min(t.shape[0], 64)).map { try t.select($0) }, span: span)
            default: throw RuntimeError("show: cannot picture a tensor of shape \(describeShape(t.shape))", at: span)
            }
        case .dataset, .datasets:
            let d = try Coerce.dataset(v, what: "show", at: span)
            let n = min(d.count, 64)
            guard n > 0 else { throw RuntimeError("show: the dataset is empty", at: span) }
            return try grid((0..<n).map { try d.image(at: $0) }, span: span)
        case .list(let items):
            let ts = try items.prefix(64).map { try Coerce.tensor($0, what: "show: an item", at: span) }
            guard !ts.isEmpty else { throw RuntimeError("show: nothing to show", at: span) }
            return try grid(ts.map { $0.rank == 2 ? try $0.reshape([1] + $0.shape) : $0 }, span: span)
        default:
            throw RuntimeError("show: cannot picture \(Operators.article(v.typeName)); show takes images, batches and datasets", at: span)
        }
    }

    /// Tiles same-shaped [C,H,W] images into one [C, rows·(H+1)−1, cols·(W+1)−1] picture.
    static func grid(_ images: [Tensor], span: SourceSpan) throws -> Tensor {
        guard let first = images.first, first.rank == 3 else {
            throw RuntimeError("show: expected images [C, H, W]", at: span)
        }
        guard images.allSatisfy({ $0.shape == first.shape }) else {
            throw RuntimeError("show: images of different shapes cannot share a grid", at: span)
        }
        if images.count == 1 { return first }
        let (c, h, w) = (first.shape[0], first.shape[1], first.shape[2])
        let cols = min(images.count, 16), rows = (images.count + cols - 1) / cols
        let H = rows * (h + 1) - 1, W = cols * (w + 1) - 1
        _ = try Tensor.checkedCount([c, H, W], op: "show")
        var out = [Float](repeating: 1, count: c * H * W)
        for (k, img) in images.enumerated() {
            let px = img.scalars
            let oy = (k / cols) * (h + 1), ox = (k % cols) * (w + 1)
            for ch in 0..<c { for y in 0..<h { for x in 0..<w {
                out[(ch * H + oy + y) * W + ox + x] = px[(ch * h + y) * w + x]
            } } }
        }
        return try Tensor(shape: [c, H, W], scalars: out)
    }
}
