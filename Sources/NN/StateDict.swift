import Tensor

/// Weights by name, PyTorch's `state_dict` convention: `<node path>.<name>`, e.g.
/// `0.3.weight`; batch norms add `running_mean`, `running_var`, `num_batches_tracked`.
/// For the models twinned in `bench/torch_ref.py` the names are exactly PyTorch's,
/// so a `.safetensors` file saved with `safetensors.torch.save_file(model.state_dict())`
/// loads directly, and ours load in PyTorch.
extension Model {
    /// Parameters and buffers by name, in node order (tensors are the live ones).
    ///
    ///     let sd = ae.stateDict()      // [("0.0.weight", …), ("0.0.bias", …), …]
    public func stateDict() -> [(String, Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var out: [(String, Tensor)] = []
        for n in nodes {
            let entries = n.layer.parameters.map { ($0.0, $0.1.value) } + n.layer.buffers
            for (local, t) in entries where seen.insert(ObjectIdentifier(t)).inserted {
                out.append(((n.path + [local]).joined(separator: "."), t))
            }
        }
        return out
    }

    /// Copies the values of `state` into the model's parameters and buffers.
    /// Everything is checked before anything is copied: with `strict`, a missing or
    /// unexpected name throws; a shape mismatch always throws, naming both shapes.
    ///
    ///     try ae.load(stateDict: Safetensors.read(path: "ae.safetensors"))
    public func load(stateDict state: [String: Tensor], strict: Bool = true) throws {
        let mine = stateDict()
        var plan: [(Tensor, Tensor, Parameter?)] = []
        let params = Dictionary(namedParameters, uniquingKeysWith: { a, _ in a })
        for (name, t) in mine {
            guard let src = state[name] else {
                if strict { throw NNError("the weights have no '\(name)' (expected shape \(describeShape(t.shape)))") }
                continue
            }
            // PyTorch stores num_batches_tracked as a scalar; accept any one-element tensor there.
            let fits = src.shape == t.shape || (t.count == 1 && src.count == 1)
            guard fits else {
                throw NNError("'\(name)' has shape \(describeShape(src.shape)) in the weights but \(describeShape(t.shape)) in the model")
            }
            plan.append((t, src, params[name]))
        }
        if strict {
            let known = Set(mine.map { $0.0 })
            let extra = state.keys.filter { !known.contains($0) }.sorted()
            if !extra.isEmpty {
                let shown = extra.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
                throw NNError("the weights have \(extra.count) name\(extra.count == 1 ? "" : "s") this model does not: \(shown)\(extra.count > 3 ? ", …" : "")")
            }
        }
        for (dst, src, p) in plan {
            if let p { p.assign(src) } else { dst.plain.update(from: src.plain, count: dst.count) }
        }
    }
}
