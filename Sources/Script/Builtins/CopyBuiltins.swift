import NN

/// `copy(m)` / `m.copy()`: an independent model. Parts and `+` share weights with the
/// models they come from (the lecture's "cut off the decoder, connect a perceptron"
/// trains the autoencoder's encoder too); a copy does not.
///
///     clf = ae.encoder + fc(10) + softmax         # fit clf changes ae's encoder too
///     clf = copy(ae.encoder) + fc(10) + softmax   # ae stays as it was
enum CopyBuiltins {
    static func register(_ r: inout [String: Builtin]) {
        r["copy"] = Builtin("copy") { a in
            try a.finish(maxPositional: 1)
            let v = try a.require(0, "model")
            do {
                switch v {
                case .model(let m): return .model(try m.copy())
                case .layer(let l):
                    let copied = try Model(layer: l).copy()
                    return .layer(try copied.layer(at: 0))
                case .tensor(let t): return .tensor(t.copy())
                default:
                    throw RuntimeError("copy: argument 1 must be a model, a layer or a tensor, got \(v.typeName)", at: a.span(0))
                }
            } catch let e as NNError {
                throw RuntimeError("copy: \(e.message)", at: a.span(0))
            }
        }
    }
}
