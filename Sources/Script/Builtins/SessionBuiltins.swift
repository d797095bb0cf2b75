import Tensor
import Data

/// Commands about the session itself: `print`, `show`, `seed`, `backend`, `vars`, `del`, `help`.
enum SessionBuiltins {
    static func register(_ r: inout [String: Builtin]) {
        func add(_ name: String, _ f: @escaping (inout Arguments) throws -> Value) { r[name] = Builtin(name, f) }

        add("print") { a in
            try a.finish(maxPositional: Int.max)
            a.host.output((0..<a.count).map { a.value($0)?.description ?? "" }.joined(separator: " "))
            return .none
        }
        add("seed") { a in
            try a.finish(maxPositional: 1)
            let n = try a.int(0, "seed")
            Random.seed(UInt64(bitPattern: Int64(n)))
            return .none
        }
        add("backend") { a in
            try a.finish(maxPositional: 1)
            if a.count == 0 { return .string("backend \(Backend.current.name); available: \(Backend.available.keys.sorted().joined(separator: ", "))") }
            try Backend.use(try a.string(0, "backend name"))
            return .string("backend \(Backend.current.name)")
        }
        add("show") { a in
            let caption = try a.string("caption") ?? ""
            try a.finish(maxPositional: 1)
            let v = try a.require(0, "what to show")
            let image = try Pictures.image(of: v, span: a.span(0))
            a.host.showImage(image, caption: caption)
            return .none
        }
        add("vars") { a in
            try a.finish(maxPositional: 0)
            let vars = a.interpreter.variables.sorted { $0.key < $1.key }
            if vars.isEmpty { return .string("no variables yet") }
            return .string(vars.map { "\($0.key)  \($0.value.shortDescription)" }.joined(separator: "\n"))
        }
        add("del") { a in
            try a.finish(maxPositional: Int.max)
            guard a.count > 0 else { throw RuntimeError("del: name the variables to forget, e.g. del x", at: a.callSpan) }
            for i in 0..<a.count {
                let name = try a.string(i, "variable name")
                guard a.interpreter.variables[name] != nil else {
                    throw RuntimeError("del: there is no variable '\(name)'", at: a.span(i))
                }
                a.interpreter.removeVariable(name)
            }
            return .none
        }
        add("len") { a in
            try a.finish(maxPositional: 1)
            let v = try a.require(0, "value")
            switch v {
            case .list(let xs): return .number(Double(xs.count))
            case .string(let s): return .number(Double(s.count))
            case .range(let lo, let hi): return .number(Double(max(0, hi - lo)))
            case .tensor(let t): return .number(Double(t.rank == 0 ? 1 : t.shape[0]))
            case .dataset, .datasets: return .number(Double(try Coerce.dataset(v, what: "len", at: a.span(0)).count))
            default: throw RuntimeError("len: \(Operators.article(v.typeName)) has no length", at: a.span(0))
            }
        }
        add("round") { a in
            try a.finish(maxPositional: 2)
            let x = try a.number(0, "number")
            let digits = a.count > 1 ? try a.int(1, "digits") : 0
            guard (0...15).contains(digits) else { throw RuntimeError("round: digits must be between 0 and 15", at: a.span(1)) }
            let scale = Double.pow10(digits)
            return .number((x * scale).rounded() / scale)
        }
        for name in ["all", "any"] {
            add(name) { a in
                try a.finish(maxPositional: 1)
                let v = try a.require(0, "values")
                let xs: [Bool]
                switch v {
                case .list(let items): xs = try items.map { try Coerce.truthy($0, at: a.span(0)) }
                default: xs = try Coerce.tensor(v, what: "\(name): the values", at: a.span(0)).scalars.map { $0 != 0 }
                }
                return .bool(name == "all" ? xs.allSatisfy { $0 } : xs.contains(true))
            }
        }
        add("type") { a in
            try a.finish(maxPositional: 1)
            return .string(try a.require(0, "value").typeName)
        }
        add("help") { a in
            try a.finish(maxPositional: 1)
            if a.count == 0 { return .string(HelpTopics.overview) }
            let topic = try a.string(0, "topic")
            return .string(HelpTopics.text(for: topic, known: Array(a.interpreter.builtins.keys)))
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
