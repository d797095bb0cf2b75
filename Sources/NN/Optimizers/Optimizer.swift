import Tensor

/// Updates parameters from their gradients. Frozen parameters and parameters
/// without a gradient are skipped. State (momentum, Adam's moments) is kept per
/// parameter object and can be exported by parameter name for sessions.
///
///     let opt = Adam(lr: 1e-3)
///     try loss.backward(); try opt.step(model.parameters)
public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// "adam lr 0.001", for summaries and sessions.
    var description: String { get }
    func step(_ params: [Parameter]) throws
    /// Forgets all state (used after a NaN restore).
    func reset()
    /// The state as named tensors: `<param>.<slot>` (e.g. `0.0.weight.exp_avg`) plus
    /// scalars under `__step` keys; `named` supplies the parameter names.
    func exportState(_ named: [(String, Parameter)]) -> [String: Tensor]
    /// Restores state exported by `exportState` for the same names; unknown or
    /// mis-shaped entries throw.
    func importState(_ state: [String: Tensor], _ named: [(String, Parameter)]) throws
}

/// A per-parameter slot store keyed by parameter identity.
struct SlotStore {
    var slots: [ObjectIdentifier: [String: Tensor]] = [:]

    mutating func slot(_ name: String, for p: Parameter) -> Tensor {
        if let t = slots[ObjectIdentifier(p)]?[name] { return t }
        let t = Init.constant(p.shape, 0)
        slots[ObjectIdentifier(p), default: [:]][name] = t
        return t
    }

    func existing(_ name: String, for p: Parameter) -> Tensor? { slots[ObjectIdentifier(p)]?[name] }

    func export(_ named: [(String, Parameter)]) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (n, p) in named { for (k, t) in slots[ObjectIdentifier(p)] ?? [:] { out["\(n).\(k)"] = t.copy() } }
        return out
    }

    mutating func load(_ state: [String: Tensor], _ named: [(String, Parameter)], slots names: [String]) throws {
        var fresh: [ObjectIdentifier: [String: Tensor]] = [:]
        var used = Set<String>()
        for (n, p) in named {
            for k in names {
                guard let t = state["\(n).\(k)"] else { continue }
                guard t.shape == p.shape else {
                    throw NNError("optimizer state \(n).\(k) has shape \(describeShape(t.shape)), the parameter \(describeShape(p.shape))")
                }
                fresh[ObjectIdentifier(p), default: [:]][k] = t.copy()
                used.insert("\(n).\(k)")
            }
        }
        if let extra = state.keys.filter({ !used.contains($0) && !$0.hasPrefix("__") }).sorted().first {
            throw NNError("optimizer state has an entry '\(extra)' for no parameter of this model")
        }
        slots = fresh
    }
}

extension Optimizer {
    /// The parameters an update applies to: not frozen, with a gradient, each once.
    func updatable(_ params: [Parameter]) throws -> [(Parameter, Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var out: [(Parameter, Tensor)] = []
        for p in params where !p.isFrozen && seen.insert(ObjectIdentifier(p)).inserted {
            guard let g = p.grad else { continue }
            guard g.shape == p.shape else {
                throw NNError("gradient of \(p.name) has shape \(describeShape(g.shape)), the parameter \(describeShape(p.shape))")
            }
            out.append((p, g))
        }
        return out
    }
}

/// The optimizers asked for by name (`fit ... optimizer "sgd"`): Adam with its defaults
/// (PyTorch's, `Adam.default…`), SGD with lr 0.01 and momentum 0.9 (the lecture's,
/// `SGD.defaultLearningRate`, `SGD.lectureMomentum`) — the values live on the optimizers. `Trainer.fit` and saved sessions use these too.
///
///     let opt = OptimizerKind.sgd.make(lr: 0.05)    // SGD(lr: 0.05, momentum: 0.9)
public enum OptimizerKind: String, CaseIterable {
    case adam, sgd

    public var defaultLearningRate: Float { self == .adam ? Adam.defaultLearningRate : SGD.defaultLearningRate }
    public static let defaultMomentum: Float = SGD.lectureMomentum

    public func make(lr: Float? = nil, momentum: Float? = nil) -> Optimizer {
        switch self {
        case .adam: return Adam(lr: lr ?? defaultLearningRate)
        case .sgd: return SGD(lr: lr ?? defaultLearningRate, momentum: momentum ?? Self.defaultMomentum)
        }
    }
}
