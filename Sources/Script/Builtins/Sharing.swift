import NN
import Tensor

/// Which other variables hold the same weights as a model: parts and `+` share layers
/// (that is how "cut off the decoder, connect a perceptron" works), so training or
/// freezing one changes the others. Assignments, `freeze`, `unfreeze`, `fit` and
/// summaries say so; `copy(m)` makes an independent model.
enum Sharing {
    /// One other variable with some of the same parameters.
    struct Share: Equatable {
        let variable: String
        /// The other model's named part that is shared whole (`encoder`), if one is.
        let part: String?
        /// Shared parameter values.
        let count: Int
    }

    static func parameters(of v: Value) -> [NN.Parameter] {
        switch v {
        case .model(let m): return m.parameters
        case .layer(let l): return l.parameters.map { $0.1 }
        default: return []
        }
    }

    /// The variables (other than `name`, and other than ones holding this very object)
    /// that share parameters with `v`, sorted by name. `onlyTrainable` counts only the
    /// parameters training would change.
    static func shares(of v: Value, named name: String? = nil, in variables: [String: Value],
                       onlyTrainable: Bool = false) -> [Share] {
        let mine = Set(parameters(of: v).filter { !onlyTrainable || !$0.isFrozen }.map(ObjectIdentifier.init))
        guard !mine.isEmpty else { return [] }
        var out: [Share] = []
        for (other, ov) in variables.sorted(by: { $0.key < $1.key }) where other != name {
            if case .model(let a) = v, case .model(let b) = ov, a === b { continue }
            if case .layer(let a) = v, case .layer(let b) = ov, a === b { continue }
            let theirs = parameters(of: ov)
            let common = theirs.filter { mine.contains(ObjectIdentifier($0)) }
            guard !common.isEmpty else { continue }
            let count = common.reduce(0) { $0 + $1.count }
            var part: String? = nil
            if case .model(let om) = ov, common.count < theirs.count {
                for p in om.partNames {
                    guard let pp = try? om.part(p).parameters, !pp.isEmpty else { continue }
                    if pp.allSatisfy({ mine.contains(ObjectIdentifier($0)) }), pp.reduce(0, { $0 + $1.count }) == count {
                        part = p
                        break
                    }
                }
            }
            out.append(Share(variable: other, part: part, count: count))
        }
        return out
    }

    /// `encoder (2,240 parameters) with ae` / `2,240 parameters with ae` / `all 4,385 parameters with ae`.
    static func describe(_ s: Share, of variables: [String: Value]) -> String {
        let n = formatCount(s.count) + " parameter" + (s.count == 1 ? "" : "s")
        if let part = s.part { return "\(part) (\(n)) with \(s.variable)" }
        let total = variables[s.variable].map { parameters(of: $0).reduce(0) { $0 + $1.count } } ?? 0
        return (total == s.count ? "all its \(n)" : n) + " with \(s.variable)"
    }

    /// `shares encoder (2,240 parameters) with ae` (and `, … with pre`), or nil.
    static func sentence(_ shares: [Share], of variables: [String: Value]) -> String? {
        guard !shares.isEmpty else { return nil }
        return "shares " + shares.map { describe($0, of: variables) }.joined(separator: ", ")
    }

    /// Names for messages: `ae`, `ae and pre`, `ae, pre and tl`.
    static func names(_ shares: [Share]) -> String {
        let n = shares.map(\.variable)
        if n.count <= 1 { return n.first ?? "" }
        return n.dropLast().joined(separator: ", ") + " and " + (n.last ?? "")
    }
}
