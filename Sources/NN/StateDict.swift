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
    /// `prefix` is stripped from the names that start with it first (`module.` of a
    /// DistributedDataParallel checkpoint); a strict failure that a prefix would fix
    /// says so. Returns what was loaded and, when not strict, what did not match.
    ///
    ///     try ae.load(stateDict: Safetensors.read(path: "ae.safetensors"))
    ///     let r = try ae.load(stateDict: ddp, strict: false, prefix: "module.")
    @discardableResult
    public func load(stateDict raw: [String: Tensor], strict: Bool = true, prefix: String? = nil) throws -> LoadReport {
        var state = raw
        if let prefix, !prefix.isEmpty {
            guard raw.keys.contains(where: { $0.hasPrefix(prefix) }) else {
                let sample = raw.keys.sorted().prefix(2).map { "'\($0)'" }.joined(separator: ", ")
                throw NNError("no name in the weights starts with '\(prefix)'\(sample.isEmpty ? "" : " (they are like \(sample))")")
            }
            state = [:]
            for (k, v) in raw {
                let name = k.hasPrefix(prefix) ? String(k.dropFirst(prefix.count)) : k
                guard state.updateValue(v, forKey: name) == nil else {
                    throw NNError("stripping '\(prefix)' gives the name '\(name)' twice")
                }
            }
        }
        let mine = stateDict()
        var plan: [(Tensor, Tensor, Parameter?)] = []
        var missing: [String] = []
        let params = Dictionary(namedParameters, uniquingKeysWith: { a, _ in a })
        for (name, t) in mine {
            guard let src = state[name] else {
                if strict {
                    throw NNError("the weights have no '\(name)' (expected shape \(describeShape(t.shape)))"
                                  + LoadReport.prefixHint(model: mine.map { $0.0 }, weights: Array(state.keys)))
                }
                missing.append(name)
                continue
            }
            // PyTorch stores num_batches_tracked as a scalar; accept any one-element tensor there.
            let fits = src.shape == t.shape || (t.count == 1 && src.count == 1)
            guard fits else {
                throw NNError("'\(name)' has shape \(describeShape(src.shape)) in the weights but \(describeShape(t.shape)) in the model")
            }
            plan.append((t, src, params[name]))
        }
        let known = Set(mine.map { $0.0 })
        let extra = state.keys.filter { !known.contains($0) }.sorted()
        if strict && !extra.isEmpty {
            let shown = extra.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
            throw NNError("the weights have \(extra.count) name\(extra.count == 1 ? "" : "s") this model does not: \(shown)\(extra.count > 3 ? ", …" : "")")
        }
        for (dst, src, p) in plan {
            if let p { p.assign(src) } else { dst.plain.update(from: src.plain, count: dst.count) }
        }
        return LoadReport(loaded: plan.count, missing: missing, unexpected: extra)
    }
}

/// What `Model.load(stateDict:)` did: tensors copied, and (when not strict) the
/// model's names the weights lacked and the weights' names the model lacked.
public struct LoadReport: Equatable, Sendable {
    public var loaded: Int
    public var missing: [String]
    public var unexpected: [String]

    /// "; the weights' names start with 'module.' (…): load with prefix: "module."" —
    /// when stripping one common prefix from the weights' names gives the model's names.
    static func prefixHint(model: [String], weights: [String]) -> String {
        guard let first = model.first else { return "" }
        let theirs = Set(weights)
        for k in weights.sorted() where k.count > first.count && k.hasSuffix("." + first) {
            let p = String(k.dropLast(first.count))
            guard model.allSatisfy({ theirs.contains(p + $0) }) else { continue }
            let ddp = p == "module." ? " (a DistributedDataParallel checkpoint)" : ""
            return "; the weights' names start with '\(p)'\(ddp): load with prefix: \"\(p)\""
        }
        return ""
    }
}
