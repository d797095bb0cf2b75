import NN

/// One builtin, declared once: everything the language knows about it — the
/// parser's command keywords, argument checking and its messages, `help`, Tab
/// completion, the methods of a value and the list in docs/script-api.md — comes
/// from this value. A family file holds an array of them:
///
///     Declaration("dropout", .layers, summary: "randomly zeroes values while training",
///                 params: [.arg("p", .number, default: 0.5, in: 0...1)],
///                 examples: ["m = conv(16) + relu + dropout(0.25)"]) { c in
///         .layer(try Dropout(p: Float(try c.number("p"))))
///     }
struct Declaration {
    let name: String
    let family: Family
    let summary: String
    /// Lines `help NAME` adds after the summary, where one line cannot say it all.
    let details: [String]
    /// The ways it can be called; most builtins have one. Forms are tried in order
    /// with the positional arguments' kinds (`maxpool(2)` versus `maxpool(x, 2)`).
    let forms: [[Parameter]]
    let examples: [String]
    /// Set for command words (`fit ae mnist epochs 5`); their keywords are the
    /// labelled parameters' names.
    let command: Command?
    /// The value kinds it is a method of: `x.sum()`, `mnist.test.filter(...)`.
    let methodOf: [Kind]
    /// Makes the bare name usable as a layer (`conv(16) + relu`).
    let layer: (() throws -> Layer)?
    /// An extra sentence for a call that does not fit (a habit from elsewhere).
    let hint: ((Call) -> String?)?
    let body: (inout Call) throws -> Value

    init(_ name: String, _ family: Family, summary: String, details: [String] = [],
         params: [Parameter] = [], or more: [[Parameter]] = [],
         examples: [String], command: Command? = nil, methodOf: [Kind] = [],
         layer: (() throws -> Layer)? = nil, hint: ((Call) -> String?)? = nil,
         _ body: @escaping (inout Call) throws -> Value) {
        self.name = name
        self.family = family
        self.summary = summary
        self.details = details
        self.forms = [params] + more
        self.examples = examples
        self.command = command
        self.methodOf = methodOf
        self.layer = layer
        self.hint = hint
        self.body = body
    }

    /// Every parameter name over all forms, each once, in order.
    var parameterNames: [String] {
        var seen: [String] = []
        for p in forms.joined() where !seen.contains(p.name) { seen.append(p.name) }
        return seen
    }

    /// The words a command accepts as `keyword value`.
    var keywords: [String] {
        guard let command else { return [] }
        var words: [String] = []
        for p in forms.joined() where p.labelled && !words.contains(p.name) { words.append(p.name) }
        return words + command.aliases.keys.sorted()
    }
}

/// How a command word reads its operands.
struct Command {
    /// Bare word operands are names, not variables (`help fit`, `backend fast`).
    var takesWords = false
    /// Extra keywords meaning a parameter (`validation` for `val`).
    var aliases: [String: String] = [:]
    static let plain = Command()
    static let words = Command(takesWords: true)
}

/// `help` groups builtins by family, in this order.
enum Family: String, CaseIterable {
    case tensors, math, layers, models, data, training, pictures, session, transfer, tutorials

    var title: String {
        switch self {
        case .tensors: return "Tensors: making them and changing their shape"
        case .math: return "Tensor math (differentiable with grad)"
        case .layers: return "Layers (also functions on tensors)"
        case .models: return "Models"
        case .data: return "Data"
        case .training: return "Training"
        case .pictures: return "Pictures"
        case .session: return "Session"
        case .transfer: return "Pretrained models (transfer learning)"
        case .tutorials: return "Tutorials"
        }
    }
}

/// What a parameter accepts; the phrase is what messages say was expected.
indirect enum Kind: Equatable {
    case any, number, int, bool, string, tensor, model, layer, dataset, function, list
    /// Sizes: numbers or one list (`zeros(2, 3)`, `zeros([2, 3])`).
    case shape
    case one([Kind])

    var phrase: String {
        switch self {
        case .any: return "a value"
        case .number: return "a number"
        case .int: return "a whole number"
        case .bool: return "true or false"
        case .string: return "a string"
        case .tensor: return "a tensor"
        case .model: return "a model"
        case .layer: return "a layer"
        case .dataset: return "a dataset"
        case .function: return "a function"
        case .list: return "a list"
        case .shape: return "whole numbers or a list of them"
        case .one(let kinds):
            let p = kinds.map(\.phrase)
            return p.count <= 1 ? (p.first ?? "") : p.dropLast().joined(separator: ", ") + " or " + (p.last ?? "")
        }
    }

    /// What `help` writes for a labelled command option without a default:
    /// `[into MODEL]`, `[caption "TEXT"]`, `[epochs N]`.
    var placeholder: String {
        switch self {
        case .any: return "VALUE"
        case .number, .int: return "N"
        case .bool: return "true|false"
        case .string: return "\"TEXT\""
        case .tensor: return "TENSOR"
        case .model: return "MODEL"
        case .layer: return "LAYER"
        case .dataset: return "DATA"
        case .function: return "FUNCTION"
        case .list: return "LIST"
        case .shape: return "SIZES"
        case .one(let kinds): return kinds.map(\.placeholder).joined(separator: "|")
        }
    }

    /// Whether `v` is of this kind. `strict` is used to pick a form: there a
    /// number is not taken for a tensor (`maxpool(2)` is the layer).
    func accepts(_ v: Value, strict: Bool = false) -> Bool {
        switch (self, v) {
        case (.any, _): return true
        case (.number, .number), (.number, .bool), (.int, .number), (.int, .bool): return true
        case (.number, .tensor(let t)), (.int, .tensor(let t)): return !strict && t.count == 1
        case (.bool, .bool), (.string, .string), (.list, .list), (.layer, .layer): return true
        case (.tensor, .tensor), (.tensor, .list), (.tensor, .range): return true
        case (.tensor, .number), (.tensor, .bool): return !strict
        case (.model, .model), (.model, .layer): return true
        case (.model, .builtin(let b)): return b.layer != nil && b.boundSelf == nil
        case (.layer, .builtin(let b)): return b.layer != nil && b.boundSelf == nil
        case (.dataset, .dataset), (.dataset, .datasets): return true
        case (.function, .function), (.function, .builtin): return true
        case (.shape, .number), (.shape, .list), (.shape, .range): return true
        case (.shape, .tensor(let t)): return t.rank <= 1
        case (.one(let kinds), _): return kinds.contains { $0.accepts(v, strict: strict) }
        default: return false
        }
    }

    /// Whether a value is exactly of this kind (for `methodOf`).
    func isKind(of v: Value) -> Bool {
        switch (self, v) {
        case (.tensor, .tensor), (.model, .model), (.layer, .layer), (.list, .list), (.string, .string): return true
        case (.dataset, .dataset), (.dataset, .datasets): return true
        default: return false
        }
    }
}

/// One parameter of a form: positional or labelled, its kind, default and range.
struct Parameter {
    let name: String
    let kind: Kind
    let labelled: Bool
    /// Nil: required (positional) or absent unless given (labelled or `optional`).
    let defaultValue: Value?
    let optional: Bool
    let range: ClosedRange<Double>?
    /// Takes all remaining positional arguments (`zeros(2, 3, 4)`).
    let rest: Bool
    /// How messages name it when it is missing ("output channels").
    let about: String?

    /// A positional parameter: required unless it has a default or is `optional`.
    static func arg(_ name: String, _ kind: Kind, default d: Literal = .absent, optional: Bool = false,
                    in range: ClosedRange<Double>? = nil, about: String? = nil) -> Parameter {
        Parameter(name: name, kind: kind, labelled: false, defaultValue: d.value, optional: optional || d.value != nil,
                  range: range, rest: false, about: about)
    }

    /// A labelled parameter (`stride: 2`, or `stride 2` after a command word).
    static func label(_ name: String, _ kind: Kind, default d: Literal = .absent,
                      in range: ClosedRange<Double>? = nil) -> Parameter {
        Parameter(name: name, kind: kind, labelled: true, defaultValue: d.value, optional: true,
                  range: range, rest: false, about: nil)
    }

    /// The remaining positional arguments, at least `minimum` of them.
    static func rest(_ name: String, _ kind: Kind, minimum: Int = 1, in range: ClosedRange<Double>? = nil) -> Parameter {
        Parameter(name: name, kind: kind, labelled: false, defaultValue: nil, optional: minimum == 0,
                  range: range, rest: true, about: nil)
    }
}

/// A default written as a literal in a declaration: `default: 2`, `default: "adam"`, `default: .none`.
struct Literal: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
                ExpressibleByBooleanLiteral {
    /// Nil: no default (`.absent`).
    let value: Value?
    init(_ value: Value?) { self.value = value }
    init(integerLiteral v: Int) { value = .number(Double(v)) }
    init(floatLiteral v: Double) { value = .number(v) }
    init(stringLiteral v: String) { value = .string(v) }
    init(booleanLiteral v: Bool) { value = .bool(v) }
    /// The default is `none`: the parameter may be left out or given as `none`.
    static let none = Literal(Value.none)
    static let absent = Literal(nil)
}
