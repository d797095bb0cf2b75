import Tensor
import NN
import Picture

/// Models and layers as values: members (`ae.encoder`), indexing (`model[0..3]`),
/// calling (`ae.encoder(x)`), and composition with `+`.
enum ModelSupport {
    static func propertyNames(of v: Value) -> [String] {
        guard case .model(let m) = v else { return [] }
        return m.partNames + ["layers", "parameters", "trainable", "losses", "loss", "kind", "input", "output"]
    }

    /// A model's training history as Picture's loss plot wants it.
    static func lossHistory(_ h: TrainingHistory) -> LossHistory {
        LossHistory(h.epochs.map { e in
            LossHistory.Epoch(loss: Double(e.loss), validation: e.validationLoss.map(Double.init),
                              fraction: e.batchesPlanned > 0 ? Double(e.batches) / Double(e.batchesPlanned) : 1,
                              batchLosses: (e.batchLosses ?? []).map(Double.init))
        })
    }

    static func property(of v: Value, _ name: String) throws -> Value? {
        guard case .model(let m) = v else { return nil }
        if m.partNames.contains(name) { return .model(try m.part(name)) }
        switch name {
        case "layers": return .number(Double(m.nodes.count))
        case "parameters": return .number(Double(m.parameterCount))
        case "trainable": return .number(Double(m.trainableCount))
        case "losses": return .list(m.history.losses.map { .number(Double($0)) })
        case "loss": return m.history.losses.last.map { .number(Double($0)) } ?? Value.none
        case "kind": return .string(m.kind.rawValue)
        case "input": return m.inputShape.map { .list($0.map { .number(Double($0)) }) } ?? Value.none
        case "output": return m.outputShape.map { .list($0.map { .number(Double($0)) }) } ?? Value.none
        default: return nil
        }
    }

    static func index(_ v: Value, _ idx: Value, span: SourceSpan) throws -> Value? {
        guard case .model(let m) = v else { return nil }
        let n = m.nodes.count
        if case .range(let lo, let hi) = idx {
            return .model(try m.slice(try Sequences.bounds(lo, hi, count: n, span: span, what: "a model of")))
        }
        let i = try Coerce.int(idx, what: "a layer index", at: span)
        return .layer(try m.layer(at: try Sequences.position(i, count: n, span: span, what: "a model")))
    }

    /// A value usable as one side of `+` between models: a model, a layer, or a
    /// bare layer name (`softmax`).
    static func asModel(_ v: Value) throws -> Model? {
        switch v {
        case .model(let m): return m
        case .layer(let l): return try Model(layer: l)
        case .builtin(let b):
            guard let make = b.layer, b.boundSelf == nil else { return nil }
            return try Model(layer: try make())
        default: return nil
        }
    }

    static func isComposable(_ v: Value) -> Bool {
        switch v {
        case .model, .layer: return true
        case .builtin(let b): return b.layer != nil
        default: return false
        }
    }

    /// The summary table with the layers other variables share marked `shared with ae`.
    static func table(_ m: Model, variables: [String: Value]) -> String {
        var owners: [ObjectIdentifier: Set<String>] = [:]
        let mine = Set(m.parameters.map(ObjectIdentifier.init))
        for (name, v) in variables {
            if case .model(let o) = v, o === m { continue }
            for p in Sharing.parameters(of: v) where mine.contains(ObjectIdentifier(p)) { owners[ObjectIdentifier(p), default: []].insert(name) }
        }
        return m.summaryTable(sharedWith: owners.mapValues { $0.sorted().joined(separator: ", ") })
    }

    /// `clf: classifier  2,634 parameters …, shares encoder (2,240 parameters) with ae`:
    /// an assignment says which other variables it shares weights with.
    static func assignmentSummary(_ name: String, _ v: Value, variables: [String: Value]) -> String? {
        guard case .model(let m) = v else { return nil }
        var line = "\(name): \(m.oneLineSummary)"
        let same = variables.filter { $0.key != name && { if case .model(let o) = $0.value { return o === m }; return false }($0) }
            .keys.sorted()
        if !same.isEmpty {
            line += ", the same model as \(same.joined(separator: " and ")) (copy(\(same[0])) makes an independent one)"
        }
        if let s = Sharing.sentence(Sharing.shares(of: v, named: name, in: variables), of: variables) { line += ", " + s }
        return line
    }
}

enum Composition {
    /// `a + b` for models and layers; nil when either side is not one.
    static func compose(_ l: Value, _ r: Value, span: SourceSpan) throws -> Value? {
        guard let a = try ModelSupport.asModel(l), let b = try ModelSupport.asModel(r) else { return nil }
        return .model(try a.composed(with: b))
    }
}

enum Callables {
    static func call(_ f: Value, positional: [(Value, SourceSpan)], labelled: [String: (Value, SourceSpan)],
                     span: SourceSpan, interpreter: Interpreter) throws -> Value {
        let model: Model
        switch f {
        case .model(let m): model = m
        case .layer(let l): model = try Model(layer: l)
        default:
            throw RuntimeError("\(Operators.article(f.typeName)) cannot be called", at: span)
        }
        guard positional.count == 1, labelled.isEmpty else {
            throw RuntimeError("a model takes one input (an image, a batch or a dataset), got \(positional.count + labelled.count) arguments", at: span)
        }
        let (arg, argSpan) = positional[0]
        let x: Tensor
        if case .dataset = arg {
            let d = try Coerce.dataset(arg, what: "the input", at: argSpan)
            x = try d.batch(0..<d.count).images
        } else {
            x = try Coerce.tensor(arg, what: "the model's input", at: argSpan)
        }
        if x.needsGrad { return .tensor(try model(x)) }
        return .tensor(try Autodiff.withoutGrad { try model(x) })
    }
}
