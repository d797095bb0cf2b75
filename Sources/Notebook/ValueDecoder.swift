import Script
import NN
import Data
import Tensor

/// Turns stored values back into the language's values, with the tensors, models
/// and datasets already rebuilt (shared objects stay shared).
final class ValueDecoder {
    let tensors: [Int: Tensor]
    let models: [String: Model]
    let datasets: [Int: Dataset]
    /// Builtins are looked up in a fresh interpreter, so a variable shadowing a
    /// builtin's name in the session cannot change what `f = relu` restores.
    private lazy var scratch = Interpreter(host: SilentHost())

    init(tensors: [Int: Tensor], models: [String: Model], datasets: [Int: Dataset]) {
        self.tensors = tensors
        self.models = models
        self.datasets = datasets
    }

    func restore(_ v: StoredValue, variable: String) throws -> LoadedSession.Restored {
        if case .function(let name, _, let source, let lambda) = v {
            let check = lambda ? "\(variable) = \(source)" : source
            guard Parser.parse(check, file: "<session>").errors.isEmpty else {
                throw SessionError("the function '\(name)' does not parse")
            }
            return .function(name: lambda ? variable : name, source: source, lambda: lambda)
        }
        return .value(try value(v))
    }

    func value(_ v: StoredValue) throws -> Value {
        switch v {
        case .none: return .none
        case .number(let bits, _):
            guard let b = UInt64(bits, radix: 16) else { throw SessionError("the number '\(bits)' is not a bit pattern") }
            return .number(Double(bitPattern: b))
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .range(let lo, let hi): return .range(lower: lo, upper: hi)
        case .list(let items): return .list(try items.map(value))
        case .tensor(let id):
            guard let t = tensors[id] else { throw SessionError("tensor \(id) is missing") }
            return .tensor(t)
        case .model(let key):
            guard let m = models[key] else { throw SessionError("model \(key) is missing") }
            return .model(m)
        case .layer(let key):
            guard let m = models[key], let l = m.nodes.first?.layer else { throw SessionError("layer \(key) is missing") }
            return .layer(l)
        case .dataset(let id):
            guard let d = datasets[id] else { throw SessionError("dataset \(id) is missing") }
            return .dataset(d)
        case .datasets(let name, let train, let test):
            if name == "mnist" && train == nil && test == nil {
                return .datasets(DatasetPair(name: "mnist", train: { try MNIST.shared.train() }, test: { try MNIST.shared.test() }))
            }
            guard let tr = train.flatMap({ datasets[$0] }), let te = test.flatMap({ datasets[$0] }) else {
                throw SessionError("the splits of '\(name)' are missing")
            }
            return .datasets(DatasetPair(name: name, train: { tr }, test: { te }))
        case .builtin(let name):
            _ = scratch.run("latent_restore_builtin = \(name)", file: "<session>")
            guard let b = scratch.variables["latent_restore_builtin"], case .builtin = b else {
                throw Unsupported(reason: "this latent has no builtin '\(name)'")
            }
            scratch.removeVariable("latent_restore_builtin")
            return b
        case .record(let type, let names, let values, let text):
            guard names.count == values.count else { throw SessionError("a record of type \(type) is incomplete") }
            return .record(Record(type, Array(zip(names, try values.map(value))), text: text))
        case .function:
            throw SessionError("a function inside another value cannot be restored")
        }
    }
}

/// A host that shows nothing (for the scratch interpreter).
final class SilentHost: Host {
    func output(_ text: String) {}
}
