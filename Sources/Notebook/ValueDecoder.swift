import Script
import NN
import Data
import Tensor
import Picture

/// Turns stored values back into the language's values, with the tensors, models
/// and datasets already rebuilt (shared objects stay shared).
final class ValueDecoder {
    let tensors: [Int: Tensor]
    let models: [String: Model]
    let datasets: [Int: Dataset]
    /// Builtins are looked up in a fresh interpreter's table (never by running
    /// text), so a variable shadowing a builtin's name cannot change what
    /// `f = relu` restores.
    private lazy var scratch = Interpreter(host: SilentHost())

    init(tensors: [Int: Tensor], models: [String: Model], datasets: [Int: Dataset]) {
        self.tensors = tensors
        self.models = models
        self.datasets = datasets
    }

    /// Nothing here runs code: a function is parsed and kept as a definition, a
    /// builtin is looked up by name, a variable name must be an identifier.
    func restore(_ v: StoredValue, variable: String, into interpreter: Interpreter) throws -> LoadedSession.Restored {
        guard Interpreter.isVariableName(variable) else {
            throw SessionError("the variable name '\(Printable.clip(variable))' is not a name")
        }
        if case .function(let name, _, let source, let lambda) = v {
            guard lambda || Interpreter.isVariableName(name) else {
                throw SessionError("the function name '\(Printable.clip(name))' of variable '\(variable)' is not a name")
            }
            do {
                return .function(name: lambda ? variable : name,
                                 value: try interpreter.storedFunction(name: lambda ? variable : name, source: source, lambda: lambda))
            } catch let e as RestoreError {
                throw SessionError("variable '\(variable)': \(e)")
            }
        }
        return .value(try value(v, field: "variable '\(variable)'"))
    }

    /// `field` names where `v` is stored ("variable 'r'"), for the messages.
    func value(_ v: StoredValue, field: String = "a value") throws -> Value {
        switch v {
        case .none: return .none
        case .number(let bits, _):
            guard let b = UInt64(bits, radix: 16) else { throw SessionError("the number '\(bits)' is not a bit pattern") }
            return .number(Double(bitPattern: b))
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .range(let lo, let hi):
            // Int.max is an open end (`2..`); any other end must be one a script could write.
            let upper: Int? = hi == Int.max ? nil : hi
            guard Ranges.isValid(lower: lo, upper: upper) else {
                throw SessionError("\(field): the range \(lo)..\(hi) has an end beyond ±\(formatCount(Ranges.maxBound))")
            }
            return .range(lower: lo, upper: upper)
        case .list(let items): return .list(try items.map { try value($0, field: field) })
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
            guard Interpreter.isVariableName(name), let b = scratch.builtinValue(named: name) else {
                throw Unsupported(reason: "this latent has no builtin '\(Printable.clip(name))'")
            }
            return b
        case .record(let type, let names, let values, let text):
            guard names.count == values.count else { throw SessionError("a record of type \(type) is incomplete") }
            return .record(Record(type, Array(zip(names, try values.map { try value($0, field: field) })), text: text))
        case .picture(let id, let scale, let title, let notes):
            guard let t = tensors[id] else { throw SessionError("tensor \(id) of a picture is missing") }
            guard t.rank == 3, t.shape[0] == 3, (1...64).contains(scale) else {
                throw SessionError("the picture of tensor \(id) (shape \(describeShape(t.shape)), scale \(scale)) is not a [3, H, W] image at scale 1…64")
            }
            do {
                return .picture(Figure(try Canvas(tensor: t), scale: scale, title: title, notes: notes))
            } catch {
                throw SessionError("the picture of tensor \(id): \(error)")
            }
        case .function:
            throw SessionError("a function inside another value cannot be restored")
        }
    }
}

/// A host that shows nothing (for the scratch interpreter).
final class SilentHost: Host {
    func output(_ text: String) {}
}

/// Stored text shown in a message, cut short so a hostile file cannot flood the screen.
enum Printable {
    static func clip(_ s: String, _ n: Int = 40) -> String {
        let flat = s.map { $0.isNewline ? " " : $0 }
        return flat.count <= n ? String(flat) : String(flat.prefix(n)) + "…"
    }
}
