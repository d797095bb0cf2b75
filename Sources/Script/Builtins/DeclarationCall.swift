import Tensor
import NN
import Data

/// The arguments of one call, checked against a declaration and bound by name:
/// defaults are filled in, kinds and ranges already hold. The typed accessors
/// convert (a number to a tensor, a layer to a model).
struct Call {
    let function: String
    /// Which of the declaration's forms matched (0 for the first).
    let form: Int
    let callSpan: SourceSpan
    let interpreter: Interpreter
    /// Bound parameters; a labelled one without default is absent unless given.
    var values: [String: (Value, SourceSpan)] = [:]
    /// What a `rest` parameter took.
    var rest: [(Value, SourceSpan)] = []
    /// How many positional arguments were written (the bound self included).
    var positionalCount = 0

    var host: Host { interpreter.host }

    /// Given or defaulted, and not `none`.
    func has(_ name: String) -> Bool { values[name].map { !$0.0.isNone } ?? false }
    func value(_ name: String) -> Value? { values[name]?.0 }
    func span(_ name: String) -> SourceSpan { values[name]?.1 ?? callSpan }

    /// The bound value of `name` converted by `convert`, whose messages start "NAME: param".
    private func converted<T>(_ name: String, _ convert: (Value, String, SourceSpan) throws -> T) throws -> T {
        guard let (v, s) = values[name] else { throw RuntimeError("\(function): missing argument (\(name))", at: callSpan) }
        return try convert(v, "\(function): \(name)", s)
    }

    func tensor(_ name: String) throws -> Tensor { try converted(name) { try Coerce.tensor($0, what: $1, at: $2) } }
    func int(_ name: String) throws -> Int { try converted(name) { try Coerce.int($0, what: $1, at: $2) } }
    func number(_ name: String) throws -> Double { try converted(name) { try Coerce.number($0, what: $1, at: $2) } }
    func dataset(_ name: String) throws -> Dataset { try converted(name) { try Coerce.dataset($0, what: $1, at: $2) } }
    func bool(_ name: String) throws -> Bool {
        try converted(name) { v, what, s in
            guard case .bool(let b) = v else { throw RuntimeError("\(what) must be true or false, got \(v.typeName)", at: s) }
            return b
        }
    }
    func string(_ name: String) throws -> String {
        try converted(name) { v, what, s in
            guard case .string(let text) = v else { throw RuntimeError("\(what) must be a string, got \(v.typeName)", at: s) }
            return text
        }
    }
    func model(_ name: String) throws -> Model {
        try converted(name) { v, what, s in
            if let m = try ModelSupport.asModel(v) { return m }
            throw RuntimeError("\(what) must be a model, got \(v.typeName)", at: s)
        }
    }
    /// Nil when absent or `none`.
    func optionalInt(_ name: String) throws -> Int? { has(name) ? try int(name) : nil }
    func optionalTensor(_ name: String) throws -> Tensor? { has(name) ? try tensor(name) : nil }
    func optionalString(_ name: String) throws -> String? { has(name) ? try string(name) : nil }
    func optionalNumber(_ name: String) throws -> Double? { has(name) ? try number(name) : nil }

    /// The sizes a `.shape` rest parameter took: `zeros(2, 3)` and `zeros([2, 3])` alike.
    func shape() throws -> [Int] {
        var dims: [Int] = []
        for (v, s) in rest { dims += try Coerce.ints(v, what: "\(function): a size", at: s) }
        return dims
    }
}

extension Declaration {
    /// Checks the arguments of a call and binds them, or throws the message that
    /// says what does not fit: an unknown label (with the nearest of this
    /// builtin's own parameter names), too many or missing arguments, a wrong
    /// kind, a value out of range — each followed by the declaration's hint.
    func bind(_ given: Arguments) throws -> Call {
        var a = given
        // Synonyms (`val` for `validate`) work in calls as in commands.
        for (alias, target) in command?.aliases ?? [:] where a.labelled[target] == nil {
            if let v = a.labelled.removeValue(forKey: alias) { a.labelled[target] = v }
        }
        let n = a.positional.count
        let chosen = chooseForm(a) ?? formForMessages(n)
        let params = forms[chosen]
        var call = Call(function: name, form: chosen, callSpan: a.callSpan, interpreter: a.interpreter)
        call.positionalCount = n
        func fail(_ message: String, at span: SourceSpan) -> RuntimeError {
            var text = message
            if let extra = hint?(callWithPositional(a, chosen)) { text += "; " + extra }
            return RuntimeError(text, at: span)
        }
        for (label, (_, span)) in a.labelled.sorted(by: { $0.key < $1.key }) where !params.contains(where: { $0.name == label }) {
            var message = "\(name): unknown argument '\(label)'"
            if let near = Suggest.nearest(label, in: parameterNames) { message += "; did you mean '\(near)'?" }
            throw fail(message, at: span)
        }
        let positional = params.filter { !$0.labelled }
        let hasRest = positional.contains { $0.rest }
        let maximum = positional.filter { !$0.rest }.count
        if !hasRest, n > maximum {
            if maximum == 0 {
                // `autoencoder(72)`: say which label the number wants.
                var message = "\(name): takes no positional arguments, got \(n)"
                if hint == nil, n == 1, let p = params.first(where: { $0.labelled && $0.kind.accepts(a.positional[0].0, strict: true) }) {
                    message += "; write \(p.name): \(literalText(a.positional[0].0))"
                }
                throw fail(message, at: a.positional[0].1)
            }
            throw fail("\(name): expected at most \(maximum) argument\(maximum == 1 ? "" : "s"), got \(n)", at: a.positional[maximum].1)
        }
        var i = 0
        for (index, p) in positional.enumerated() {
            if p.rest {
                if i >= n, !p.optional { throw fail("\(name): missing argument \(index + 1) (\(p.about ?? p.name))", at: a.callSpan) }
                while i < n {
                    let (v, s) = a.positional[i]
                    try check(p, v, s, i, fail)
                    call.rest.append((v, s))
                    i += 1
                }
                continue
            }
            if i < n {
                let (v, s) = a.positional[i]
                if let (_, labelSpan) = a.labelled[p.name] {
                    throw fail("\(name): \(p.name) is given twice", at: labelSpan)
                }
                try check(p, v, s, index, fail)
                call.values[p.name] = (v, s)
                i += 1
            } else if let given = a.labelled[p.name] {
                try check(p, given.0, given.1, index, fail)
                call.values[p.name] = given
            } else if let d = p.defaultValue, !d.isNone {
                call.values[p.name] = (d, a.callSpan)
            } else if p.defaultValue == nil, !p.optional {
                throw fail("\(name): missing argument \(index + 1) (\(p.about ?? p.name))", at: a.callSpan)
            }
        }
        for p in params where p.labelled {
            if let given = a.labelled[p.name] {
                try check(p, given.0, given.1, 0, fail)
                call.values[p.name] = given
            } else if let d = p.defaultValue, !d.isNone {
                call.values[p.name] = (d, a.callSpan)
            }
        }
        return call
    }

    /// The kind and range checks of one argument. `none` is accepted where the
    /// default is `none` or the parameter is optional and labelled.
    private func check(_ p: Parameter, _ v: Value, _ span: SourceSpan, _ position: Int,
                       _ fail: (String, SourceSpan) -> RuntimeError) throws {
        if v.isNone, p.defaultValue?.isNone ?? false || (p.labelled && p.defaultValue == nil) { return }
        guard p.kind.accepts(v) else {
            throw fail("\(name): \(Self.naming(p, position)) must be \(p.kind.phrase), got \(describe(v))", span)
        }
        if p.kind == .int, let x = try? Coerce.number(v, what: "", at: nil), x != x.rounded() || !x.isFinite {
            throw fail("\(name): \(p.name) must be a whole number, got \(Printer.number(x))", span)
        }
        if let r = p.range, let x = try? Coerce.number(v, what: "", at: nil), !r.contains(x) {
            throw fail("\(name): \(p.name) must be \(Self.rangeText(r)), got \(Printer.number(x))", span)
        }
    }

    /// A value as it would be typed, when it is a literal; "..." otherwise.
    private func literalText(_ v: Value) -> String {
        switch v {
        case .number, .bool, .string: return Printer.source(v)
        default: return "..."
        }
    }

    /// How a kind message names the parameter: "argument 1" where the name only
    /// repeats the kind (`fit: argument 1 must be a model`), else its name.
    static func naming(_ p: Parameter, _ position: Int) -> String {
        !p.labelled && p.kind.phrase.hasSuffix(" " + p.name) ? "argument \(position + 1)" : p.name
    }

    private func describe(_ v: Value) -> String {
        if case .tensor(let t) = v { return "a tensor of shape \(describeShape(t.shape))" }
        return v.typeName
    }

    static func rangeText(_ r: ClosedRange<Double>) -> String {
        if r.upperBound == .infinity { return "at least \(bound(r.lowerBound))" }
        if r.lowerBound == -.infinity { return "at most \(bound(r.upperBound))" }
        return "between \(bound(r.lowerBound)) and \(bound(r.upperBound))"
    }

    /// Range ends as people read them: 65,536 rather than 65536.
    private static func bound(_ x: Double) -> String {
        x == x.rounded() && abs(x) >= 1000 && abs(x) < 1e15 ? formatCount(Int(x)) : Printer.number(x)
    }

    /// The first form whose positional arguments fit, strictly by kind first
    /// (`maxpool(2)` is the layer, `maxpool(x, 2)` the function).
    private func chooseForm(_ a: Arguments) -> Int? {
        for strict in [true, false] {
            for (index, params) in forms.enumerated() {
                let positional = params.filter { !$0.labelled }
                let fixed = positional.filter { !$0.rest }
                let hasRest = positional.count > fixed.count
                let required = fixed.filter { !$0.optional && a.labelled[$0.name] == nil }.count
                let n = a.positional.count
                guard n >= required, hasRest || n <= fixed.count else { continue }
                var fits = true
                for (i, (v, _)) in a.positional.enumerated() {
                    let p = i < fixed.count ? fixed[i] : positional.last { $0.rest }
                    guard let p, p.kind.accepts(v, strict: strict) || (v.isNone && p.optional) else { fits = false; break }
                }
                if fits { return index }
            }
        }
        return nil
    }

    /// When no form fits, the one whose messages are most useful: the first that
    /// takes this many arguments, else the one taking the most.
    private func formForMessages(_ n: Int) -> Int {
        func maximum(_ params: [Parameter]) -> Int {
            params.contains { $0.rest } ? Int.max : params.filter { !$0.labelled }.count
        }
        if let i = forms.firstIndex(where: { maximum($0) >= n }) { return i }
        return forms.indices.max { maximum(forms[$0]) < maximum(forms[$1]) } ?? 0
    }

    /// The positional arguments bound as far as they go, for a hint to look at.
    private func callWithPositional(_ a: Arguments, _ form: Int) -> Call {
        var c = Call(function: name, form: form, callSpan: a.callSpan, interpreter: a.interpreter)
        c.rest = a.positional
        c.positionalCount = a.positional.count
        return c
    }
}
