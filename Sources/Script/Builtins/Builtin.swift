import Tensor
import NN
import Data

/// A function the language provides. `call` gets the evaluated arguments;
/// `layer`, when set, makes the bare name usable as a layer (`... + softmax`).
public final class Builtin {
    public let name: String
    let call: (inout Arguments) throws -> Value
    let layer: (() throws -> Layer)?
    /// The value this builtin was taken from with `.` (`x.sum()`): passed first.
    let boundSelf: Value?
    /// Where it was declared (nil for the families not yet converted to declarations).
    let declaration: Declaration?

    init(_ name: String, layer: (() throws -> Layer)? = nil, bound: Value? = nil, declaration: Declaration? = nil,
         _ call: @escaping (inout Arguments) throws -> Value) {
        self.name = name
        self.call = call
        self.layer = layer
        self.boundSelf = bound
        self.declaration = declaration
    }

    /// The builtin of a declaration: its arguments are checked and bound before the body runs.
    convenience init(_ d: Declaration) {
        self.init(d.name, layer: d.layer, declaration: d) { a in
            var call = try d.bind(a)
            return try d.body(&call)
        }
    }

    func bound(to value: Value) -> Builtin {
        Builtin(name, layer: nil, bound: value, declaration: declaration, call)
    }
}

/// An error raised while running: message plus, when known, where. The evaluator
/// fills in the span of the call or expression when a builtin gives none.
struct RuntimeError: Error {
    var message: String
    var span: SourceSpan?
    init(_ message: String, at span: SourceSpan? = nil) {
        self.message = message
        self.span = span
    }
}

/// The evaluated arguments of one call, with their spans, and typed accessors
/// that throw messages naming the function and the argument.
struct Arguments {
    let function: String
    var positional: [(Value, SourceSpan)]
    var labelled: [String: (Value, SourceSpan)]
    let callSpan: SourceSpan
    let interpreter: Interpreter
    private var used: Set<String> = []

    init(function: String, positional: [(Value, SourceSpan)], labelled: [String: (Value, SourceSpan)],
         callSpan: SourceSpan, interpreter: Interpreter) {
        self.function = function
        self.positional = positional
        self.labelled = labelled
        self.callSpan = callSpan
        self.interpreter = interpreter
    }

    var count: Int { positional.count }
    var host: Host { interpreter.host }

    func value(_ i: Int) -> Value? { i >= 0 && i < positional.count ? positional[i].0 : nil }
    func span(_ i: Int) -> SourceSpan { i >= 0 && i < positional.count ? positional[i].1 : callSpan }

    func require(_ i: Int, _ what: String) throws -> Value {
        guard let v = value(i) else {
            throw RuntimeError("\(function): missing argument \(i + 1) (\(what))", at: callSpan)
        }
        return v
    }

    mutating func label(_ name: String) -> (Value, SourceSpan)? {
        used.insert(name)
        return labelled[name]
    }

    /// Fails on too many positional arguments or labels nobody asked for.
    func finish(maxPositional: Int) throws {
        if positional.count > maxPositional {
            throw RuntimeError("\(function): expected at most \(maxPositional) argument\(maxPositional == 1 ? "" : "s"), got \(positional.count)",
                               at: positional[maxPositional].1)
        }
        for (name, (_, span)) in labelled where !used.contains(name) {
            var msg = "\(function): unknown argument '\(name)'"
            if let near = Suggest.nearest(name, in: Array(used)) { msg += "; did you mean '\(near)'?" }
            throw RuntimeError(msg, at: span)
        }
    }

    // MARK: typed access

    func tensor(_ i: Int, _ what: String = "tensor") throws -> Tensor {
        try Coerce.tensor(require(i, what), what: "\(function): argument \(i + 1)", at: span(i))
    }

    func int(_ i: Int, _ what: String) throws -> Int {
        try Coerce.int(require(i, what), what: "\(function): \(what)", at: span(i))
    }

    func number(_ i: Int, _ what: String) throws -> Double {
        try Coerce.number(require(i, what), what: "\(function): \(what)", at: span(i))
    }

    func string(_ i: Int, _ what: String) throws -> String {
        let v = try require(i, what)
        guard case .string(let s) = v else {
            throw RuntimeError("\(function): \(what) must be a string, got \(v.typeName)", at: span(i))
        }
        return s
    }

    mutating func int(_ name: String, default d: Int) throws -> Int {
        guard let (v, span) = label(name) else { return d }
        return try Coerce.int(v, what: "\(function): \(name)", at: span)
    }

    mutating func optionalInt(_ name: String) throws -> Int? {
        guard let (v, span) = label(name) else { return nil }
        if v.isNone { return nil }
        return try Coerce.int(v, what: "\(function): \(name)", at: span)
    }

    mutating func number(_ name: String, default d: Double) throws -> Double {
        guard let (v, span) = label(name) else { return d }
        return try Coerce.number(v, what: "\(function): \(name)", at: span)
    }

    mutating func bool(_ name: String, default d: Bool) throws -> Bool {
        guard let (v, span) = label(name) else { return d }
        guard case .bool(let b) = v else {
            throw RuntimeError("\(function): \(name) must be true or false, got \(v.typeName)", at: span)
        }
        return b
    }

    mutating func string(_ name: String) throws -> String? {
        guard let (v, span) = label(name) else { return nil }
        guard case .string(let s) = v else {
            throw RuntimeError("\(function): \(name) must be a string, got \(v.typeName)", at: span)
        }
        return s
    }
}
