import Tensor
import NN

/// Ready-made models and model utilities: `autoencoder(latent: 72)`,
/// `classifier(encoder: ae.encoder)`, `freeze ae.encoder`, `summary(model)`.
enum ModelBuiltins {
    static func register(_ r: inout [String: Builtin]) {
        func add(_ name: String, _ f: @escaping (inout Arguments) throws -> Value) { r[name] = Builtin(name, f) }
        func model(_ a: Arguments) throws -> Model {
            let v = try a.require(0, "model")
            if let m = try ModelSupport.asModel(v) { return m }
            throw RuntimeError("\(a.function): argument 1 must be a model, got \(v.typeName)", at: a.span(0))
        }

        add("autoencoder") { a in
            let latent = try a.int("latent", default: 72)
            try a.finish(maxPositional: 0)
            guard latent >= 1, latent <= 1 << 16 else {
                throw RuntimeError("autoencoder: latent must be between 1 and 65,536, got \(latent)", at: a.callSpan)
            }
            return .model(try Builders.autoencoder(latent: latent))
        }
        add("classifier") { a in
            let classes = try a.int("classes", default: 10)
            let latent = try a.int("latent", default: 72)
            var encoder: Model? = nil
            if let (v, span) = a.label("encoder") {
                guard let m = try ModelSupport.asModel(v) else {
                    throw RuntimeError("classifier: encoder must be a model, got \(v.typeName)", at: span)
                }
                encoder = m
            }
            try a.finish(maxPositional: 0)
            guard latent >= 1, latent <= 1 << 16 else {
                throw RuntimeError("classifier: latent must be between 1 and 65,536, got \(latent)", at: a.callSpan)
            }
            return .model(try Builders.classifier(classes: classes, latent: latent, encoder: encoder))
        }
        add("model") { a in
            try a.finish(maxPositional: Int.max)
            var items: [Value] = (0..<a.count).compactMap { a.value($0) }
            if items.count == 1, case .list(let xs) = items[0] { items = xs }
            guard var m = try items.first.flatMap({ try ModelSupport.asModel($0) }) else {
                throw RuntimeError("model: give layers, e.g. model(conv(16), relu, maxpool)", at: a.callSpan)
            }
            for (i, v) in items.dropFirst().enumerated() {
                guard let next = try ModelSupport.asModel(v) else {
                    throw RuntimeError("model: item \(i + 2) is \(Operators.article(v.typeName)), not a layer", at: a.callSpan)
                }
                m = try m.composed(with: next)
            }
            return .model(m)
        }
        for name in ["freeze", "unfreeze"] {
            add(name) { a in
                try a.finish(maxPositional: 1)
                let v = try a.require(0, "model")
                if case .layer(let l) = v {
                    for (_, p) in l.parameters { p.isFrozen = name == "freeze" }
                    return .string("\(name == "freeze" ? "froze" : "unfroze") \(l.description)")
                }
                let m = try model(a)
                if name == "freeze" { m.freeze() } else { m.unfreeze() }
                return .string("\(name == "freeze" ? "froze" : "unfroze") \(Printer.grouped(m.parameterCount)) parameters")
            }
        }
        add("summary") { a in
            try a.finish(maxPositional: 1)
            return .string(try model(a).summaryTable())
        }
        add("parameters") { a in
            try a.finish(maxPositional: 1)
            return .list(try model(a).namedParameters.map { .list([.string($0.0), .tensor($0.1.value)]) })
        }
    }
}
