import Tensor
import NN
import Data
import Picture

/// A value the language computes with. Tensors, models, layers and datasets are the
/// runtime's own objects (shared by reference, as in PyTorch); the rest are plain.
public enum Value {
    case none
    case number(Double)
    case bool(Bool)
    case string(String)
    case list([Value])
    /// Half-open `lower..upper`; `upper` is nil for an open range (`2..`), which only
    /// slices (see Ranges). Both ends lie within ±Ranges.maxBound.
    case range(lower: Int, upper: Int?)
    case tensor(Tensor)
    case layer(Layer)
    case model(Model)
    case dataset(Dataset)
    /// A pair of splits (`mnist`): used as a dataset it means its training split.
    case datasets(DatasetPair)
    case function(Function)
    case builtin(Builtin)
    /// A result with named fields (evaluation, fit history): `r.accuracy`.
    case record(Record)
    /// A finished picture (`lossplot(ae)`, `filters(conv)`): shows itself as a cell's result.
    case picture(Figure)

    /// The name used in messages: "number", "tensor", "model", ...
    public var typeName: String {
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
        case .function: return "function"
        case .builtin: return "builtin"
        case .record(let r): return r.typeName
        case .picture: return "picture"
        }
    }

    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}

/// A user function or lambda, closing over the environment it was written in.
public final class Function {
    public let name: String
    public let params: [String]
    /// The definition as written, from `fn` to its closing brace.
    public let source: String
    let body: [Stmt]
    let closure: Environment
    let span: SourceSpan

    /// True when the function was written at the top level of a session (it closes
    /// over the globals only), so its `source` alone brings it back: a session saves
    /// these and refuses functions that captured a caller's local variables.
    public var isTopLevel: Bool { closure.parent == nil }

    init(name: String, params: [String], body: [Stmt], closure: Environment, span: SourceSpan, source: String) {
        self.source = source
        self.name = name
        self.params = params
        self.body = body
        self.closure = closure
        self.span = span
    }
}

/// Named fields, printed one per line (`accuracy 0.9812`).
public final class Record {
    public let typeName: String
    public let fields: [(String, Value)]
    /// Optional one-line or table rendering; fields are printed otherwise.
    public let text: String?

    public init(_ typeName: String, _ fields: [(String, Value)], text: String? = nil) {
        self.typeName = typeName
        self.fields = fields
        self.text = text
    }

    public subscript(_ name: String) -> Value? { fields.first { $0.0 == name }?.1 }
}

/// Two splits loaded on first use (`mnist.train`, `mnist.test`).
public final class DatasetPair {
    public let name: String
    private let loadTrain: () throws -> Dataset
    private let loadTest: () throws -> Dataset

    public init(name: String, train: @escaping () throws -> Dataset, test: @escaping () throws -> Dataset) {
        self.name = name
        self.loadTrain = train
        self.loadTest = test
    }

    public func train() throws -> Dataset { try loadTrain() }
    public func test() throws -> Dataset { try loadTest() }
}
