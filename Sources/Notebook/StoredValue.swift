/// A variable's value as stored in the `variables` table (JSON). Plain values are
/// inline; tensors, models, layers and datasets refer to rows of their own tables
/// by id, so values that shared an object before a save share it after a load.
indirect enum StoredValue: Codable, Equatable {
    case none
    /// A number as its IEEE-754 bit pattern in hex (exact, NaN and infinities too)
    /// and, for people reading the file, its value.
    case number(bits: String, value: String)
    case bool(Bool)
    case string(String)
    case list([StoredValue])
    case range(lower: Int, upper: Int)
    case tensor(id: Int)
    /// A bare layer, stored as a one-layer model of the archive.
    case layer(key: String)
    case model(key: String)
    case dataset(id: Int)
    /// A pair of splits: `mnist` by name, others with both splits stored.
    case datasets(name: String, train: Int?, test: Int?)
    /// A builtin (`f = relu`) by name.
    case builtin(name: String)
    /// A picture (`lossplot(ae)`): its canvas before enlargement as a [3, H, W] tensor
    /// row, the enlargement, title and the notes a text terminal prints under it.
    case picture(tensor: Int, scale: Int, title: String, notes: [String])
    case record(type: String, names: [String], values: [StoredValue], text: String?)
    /// A user function by its definition as written; `lambda` when it was `VAR = fn(...) {...}`.
    case function(name: String, params: [String], source: String, lambda: Bool)

    /// The `kind` column: the top-level type.
    var kind: String {
        switch self {
        case .none: return "none"
        case .number: return "number"
        case .bool: return "bool"
        case .string: return "string"
        case .list: return "list"
        case .range: return "range"
        case .tensor: return "tensor"
        case .layer: return "layer"
        case .model: return "model"
        case .dataset, .datasets: return "dataset"
        case .builtin: return "builtin"
        case .picture: return "picture"
        case .record: return "record"
        case .function: return "function"
        }
    }

    static func number(_ x: Double) -> StoredValue {
        .number(bits: String(x.bitPattern, radix: 16), value: "\(x)")
    }
}

/// A value that cannot be saved (yet); the save goes on without that variable
/// and says so.
struct Unsupported: Error {
    let reason: String
}

/// Something a session file needs that this machine lacks (MNIST missing):
/// not damage in the file, so it gets its own message.
struct Unavailable: Error {
    let message: String
}
