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
            let input = try OwnDataBuiltins.inputShape(&a, default: [1, 28, 28])
            try a.finish(maxPositional: 0)
            guard latent >= 1, latent <= 1 << 16 else {
                throw RuntimeError("autoencoder: latent must be between 1 and 65,536, got \(latent)", at: a.callSpan)
            }
            return .model(try Builders.autoencoder(latent: latent, inputShape: input))
        }
        add("classifier") { a in
            let classes = try a.int("classes", default: OwnDataBuiltins.classes(of: a) ?? 10)
            let latent = try a.int("latent", default: 72)
            var encoder: Model? = nil
            if let (v, span) = a.label("encoder") {
                guard let m = try ModelSupport.asModel(v) else {
                    throw RuntimeError("classifier: encoder must be a model, got \(v.typeName)", at: span)
                }
                encoder = m
            }
            let input = try OwnDataBuiltins.inputShape(&a, default: [1, 28, 28])
            try a.finish(maxPositional: 0)
            guard latent >= 1, latent <= 1 << 16 else {
                throw RuntimeError("classifier: latent must be between 1 and 65,536, got \(latent)", at: a.callSpan)
            }
            return .model(try Builders.classifier(classes: classes, latent: latent, encoder: encoder, inputShape: input))
        }
        // Backbones from the lecture, sized for 28×28 digits.
        for name in ["vgg", "alexnet", "resnet", "mobilenet", "inception", "unet"] {
            add(name) { a in
                let classes = try a.int("classes", default: OwnDataBuiltins.classes(of: a) ?? 10)
                let width = try a.int("width", default: name == "alexnet" ? 32 : 16)
                let input = try OwnDataBuiltins.inputShape(&a, default: [1, 28, 28])
                let depth = try a.optionalInt(name == "unet" ? "levels" : "blocks")
                try a.finish(maxPositional: 0)
                guard (2...100_000).contains(classes) || name == "unet" else {
                    throw RuntimeError("\(name): classes must be between 2 and 100,000, got \(classes)", at: a.callSpan)
                }
                guard (1...256).contains(width) else {
                    throw RuntimeError("\(name): width must be between 1 and 256, got \(width)", at: a.callSpan)
                }
                guard input.count == 3, input.allSatisfy({ (1...1024).contains($0) }) else {
                    throw RuntimeError("\(name): input must be [C, H, W] with sizes 1...1024", at: a.callSpan)
                }
                if let d = depth, !(1...8).contains(d) {
                    throw RuntimeError("\(name): depth must be between 1 and 8, got \(d)", at: a.callSpan)
                }
                switch name {
                case "vgg": return .model(try Builders.vgg(classes: classes, inputShape: input, width: width, blocks: depth ?? 3))
                case "alexnet": return .model(try Builders.alexnet(classes: classes, inputShape: input, width: width))
                case "resnet": return .model(try Builders.resnet(classes: classes, inputShape: input, width: width))
                case "mobilenet": return .model(try Builders.mobilenet(classes: classes, inputShape: input, width: width))
                case "inception": return .model(try Builders.inception(classes: classes, inputShape: input, width: width))
                default: return .model(try Builders.unet(inputShape: input, width: width, levels: depth ?? 2))
                }
            }
        }
        add("model") { a in
            let input = try a.label("input").map { try Coerce.ints($0.0, what: "model: input", at: $0.1) }
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
            if let input {
                guard (1...4).contains(input.count), input.allSatisfy({ (1...4096).contains($0) }) else {
                    throw RuntimeError("model: input must be a sample shape like [1, 28, 28]", at: a.callSpan)
                }
                if items.count == 1 { m = try m.composed(with: Model(layer: Identity())) }
                try m.setInputShape(input)
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
