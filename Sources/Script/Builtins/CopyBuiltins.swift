import NN

/// `copy(m)` / `m.copy()`: an independent model. Parts and `+` share weights with the
/// models they come from (the lecture's "cut off the decoder, connect a perceptron"
/// trains the autoencoder's encoder too); a copy does not.
///
///     clf = ae.encoder + fc(10) + softmax         # fit clf changes ae's encoder too
///     clf = copy(ae.encoder) + fc(10) + softmax   # ae stays as it was
enum CopyBuiltins {
    static let declarations: [Declaration] = [
        Declaration("copy", .models, summary: "an independent model: same layers and weights, its own copies",
                    details: ["parts and + share weights with the model they come from (clf = ae.encoder + fc(10)",
                              "trains ae's encoder too); a copy does not"],
                    params: [.arg("model", .one([.model, .layer, .tensor]))],
                    examples: ["ae = autoencoder(latent: 8); clf = copy(ae.encoder) + fc(10) + softmax",
                               "m = fc(2); m2 = m.copy()"],
                    methodOf: [.model, .layer]) { c in
            let v = c.value("model") ?? .none
            do {
                switch v {
                case .model(let m): return .model(try m.copy())
                case .layer(let l): return .layer(try Model(layer: l).copy().layer(at: 0))
                case .tensor, .list: return .tensor(try c.tensor("model").copy())
                default:
                    // A number would pass as a tensor; a builtin layer name has nothing to copy.
                    throw RuntimeError("copy: argument 1 must be a model, a layer or a tensor, got \(v.typeName)", at: c.span("model"))
                }
            } catch let e as NNError {
                throw RuntimeError("copy: \(e.message)", at: c.span("model"))
            }
        },
    ]
}
