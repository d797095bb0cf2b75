import Tensor
import NN

/// Ready-made models and model utilities: `autoencoder(latent: 72)`,
/// `classifier(encoder: ae.encoder)`, `freeze ae.encoder`, `summary(model)`.
enum ModelBuiltins {
    static let latent = Parameter.label("latent", .int, default: 72, in: 1...65_536)
    /// The sample shape: `input: [3, 32, 32]` or `input: d` (a dataset's images); 1×28×28 digits otherwise.
    static let input = Parameter.label("input", .one([.list, .dataset]), default: .none)
    /// Unless given, a labelled `input:` dataset's class count, else 10.
    static let classes = Parameter.label("classes", .int, default: .none, in: 2...100_000)

    static func inputShape(_ c: Call) throws -> [Int] {
        guard let v = c.value("input"), !v.isNone else { return [1, 28, 28] }
        switch v {
        case .dataset, .datasets: return try c.dataset("input").imageShape
        default:
            let s = try Coerce.ints(v, what: "\(c.function): input", at: c.span("input"))
            guard s.count == 3, s.allSatisfy({ (1...1024).contains($0) }) else {
                throw RuntimeError("\(c.function): input must be [C, H, W] with sizes 1…1024 (or a dataset), got \(describeShape(s))", at: c.span("input"))
            }
            return s
        }
    }

    static func classCount(_ c: Call) throws -> Int {
        if let n = try c.optionalInt("classes") { return n }
        switch c.value("input") {
        case .dataset?, .datasets?:
            let d = try c.dataset("input")
            return d.labels == nil ? 10 : max(2, d.classes)
        default: return 10
        }
    }

    static let declarations: [Declaration] = [
        Declaration("autoencoder", .models,
                    summary: "the lecture's autoencoder: encoder (features) + decoder",
                    params: [latent, input],
                    examples: ["ae = autoencoder(latent: 72)", "autoencoder(input: [3, 32, 32]).encoder"]) { c in
            .model(try Builders.autoencoder(latent: try c.int("latent"), inputShape: try inputShape(c)))
        },
        Declaration("classifier", .models, summary: "encoder → fc → softmax; give an encoder to reuse its features",
                    params: [classes, latent, .label("encoder", .model, default: .none), input],
                    examples: ["clf = classifier(classes: 10)", "clf = classifier(encoder: autoencoder().encoder)"]) { c in
            .model(try Builders.classifier(classes: try classCount(c), latent: try c.int("latent"),
                                           encoder: c.has("encoder") ? try c.model("encoder") : nil, inputShape: try inputShape(c)))
        },
        backbone("vgg", "VGG-style: blocks of 3×3 convolutions and pooling", depth: "blocks"),
        backbone("alexnet", "AlexNet-style: large first kernels, then 3×3 convolutions", width: 32),
        backbone("resnet", "residual blocks: x + f(x)"),
        backbone("mobilenet", "depthwise-separable convolutions"),
        backbone("inception", "parallel branches, concatenated"),
        backbone("unet", "encoder, decoder and skip connections (image to image)", depth: "levels", classes: false),
        Declaration("model", .models, summary: "a chain of layers (the same as conv(16) + relu + maxpool)",
                    params: [.rest("layers", .any, minimum: 1), .label("input", .list, default: .none)],
                    examples: ["m = model(conv(16), relu, maxpool)", "model(fc(10), softmax, input: [784]).output"]) { c in
            var items = c.rest.map(\.0)
            if items.count == 1, case .list(let xs) = items[0] { items = xs }
            guard var m = try items.first.flatMap({ try ModelSupport.asModel($0) }) else {
                throw RuntimeError("model: give layers, e.g. model(conv(16), relu, maxpool)", at: c.callSpan)
            }
            for (i, v) in items.dropFirst().enumerated() {
                guard let next = try ModelSupport.asModel(v) else {
                    throw RuntimeError("model: item \(i + 2) is \(Operators.article(v.typeName)), not a layer", at: c.callSpan)
                }
                m = try m.composed(with: next)
            }
            if c.has("input") {
                let input = try Coerce.ints(c.value("input") ?? .none, what: "model: input", at: c.span("input"))
                guard (1...4).contains(input.count), input.allSatisfy({ (1...4096).contains($0) }) else {
                    throw RuntimeError("model: input must be a sample shape like [1, 28, 28]", at: c.span("input"))
                }
                if items.count == 1 { m = try m.composed(with: Model(layer: Identity())) }
                try m.setInputShape(input)
            }
            return .model(m)
        },
        freezing("freeze", "its weights stop changing in fit (train only a new head)",
                 "m = autoencoder(); freeze m.encoder"),
        freezing("unfreeze", "lets frozen weights learn again (fine-tuning, with a lower lr)",
                 "m = autoencoder(); freeze m; unfreeze m.decoder"),
        Declaration("summary", .models, summary: "the layer table as text", params: [.arg("model", .model)],
                    examples: ["summary(autoencoder())"], methodOf: [.model]) { c in
            .string(ModelSupport.table(try c.model("model"), variables: c.interpreter.variables))
        },
        Declaration("parameters", .models, summary: "the [name, tensor] pairs of a model's weights",
                    params: [.arg("model", .model)],
                    examples: ["len(parameters(autoencoder()))"], methodOf: [.model]) { c in
            .list(try c.model("model").namedParameters.map { .list([.string($0.0), .tensor($0.1.value)]) })
        },
    ]

    /// The lecture's backbones, sized for 28×28 digits unless `input:` says otherwise.
    static func backbone(_ name: String, _ summary: String, width: Int = 16, depth: String? = nil,
                         classes: Bool = true) -> Declaration {
        var params: [Parameter] = classes ? [Self.classes] : []
        params.append(.label("width", .int, default: Literal(integerLiteral: width), in: 1...256))
        params.append(input)
        if let depth { params.append(.label(depth, .int, default: .none, in: 1...8)) }
        return Declaration(name, .models, summary: summary, params: params,
                           examples: ["m = \(name)()", "\(name)(\(classes ? "classes: 5, " : "")width: 8).parameters"]) { c in
            let input = try inputShape(c)
            let classes = classes ? try classCount(c) : 0, width = try c.int("width")
            let d = try depth.flatMap { try c.optionalInt($0) }
            switch name {
            case "vgg": return .model(try Builders.vgg(classes: classes, inputShape: input, width: width, blocks: d ?? 3))
            case "alexnet": return .model(try Builders.alexnet(classes: classes, inputShape: input, width: width))
            case "resnet": return .model(try Builders.resnet(classes: classes, inputShape: input, width: width))
            case "mobilenet": return .model(try Builders.mobilenet(classes: classes, inputShape: input, width: width))
            case "inception": return .model(try Builders.inception(classes: classes, inputShape: input, width: width))
            default: return .model(try Builders.unet(inputShape: input, width: width, levels: d ?? 2))
            }
        }
    }

    static func freezing(_ name: String, _ summary: String, _ example: String) -> Declaration {
        Declaration(name, .models, summary: summary, params: [.arg("model", .model)], examples: [example],
                    command: .plain, methodOf: [.model, .layer]) { c in
            let freeze = name == "freeze"
            // Shared weights are frozen everywhere they are used: say where.
            let others = Sharing.shares(of: c.value("model") ?? .none, in: c.interpreter.variables)
            let also = others.isEmpty ? "" : "; also \(freeze ? "frozen" : "unfrozen") in " + others.map { s in
                s.variable + (s.part.map { " (its \($0))" } ?? "")
            }.joined(separator: ", ")
            if case .layer(let l)? = c.value("model") {
                for (_, p) in l.parameters { p.isFrozen = freeze }
                return .string("\(freeze ? "froze" : "unfroze") \(l.description)" + also)
            }
            let m = try c.model("model")
            if freeze { m.freeze() } else { m.unfreeze() }
            return .string("\(freeze ? "froze" : "unfroze") \(formatCount(m.parameterCount)) parameters" + also)
        }
    }
}
