import Tensor
import Data

/// Commands about the session itself: `print`, `seed`, `backend`, `vars`, `del`, `help`.
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
        Declaration("backend", .session, summary: "oneDNN kernels (fast) or the plain Swift teaching code (reference)",
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
            guard c.has("topic") else { return .string(HelpTopics.overview) }
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
            case .range(let lo, let hi): return .number(Double(try Ranges.length(lo, hi, what: "len", at: c.span("value"))))
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
}

extension Double {
    static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }
}
