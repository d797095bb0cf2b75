/// Command words: at the start of a statement they take operands without
/// parentheses and `keyword value` pairs (`fit ae mnist epochs 5 batch 64`).
/// Each command is also a builtin callable as `fit(ae, mnist, epochs: 5)`.
public enum Commands {
    /// Command word → the keywords it accepts: the declared commands' labelled parameters.
    static let table: [String: [String]] = {
        var t: [String: [String]] = [:]
        for d in BuiltinRegistry.declarations where d.command != nil { t[d.name] = d.keywords }
        return t
    }()

    /// Commands whose bare word operands are names, not variables (`help fit`, `backend fast`).
    static let takesWords: Set<String> = {
        var words: Set<String> = []
        for d in BuiltinRegistry.declarations where d.command?.takesWords == true { words.insert(d.name) }
        return words
    }()

    /// Keyword aliases of a command (`validation` for `val`).
    static func alias(_ label: String, of command: String) -> String {
        if let d = BuiltinRegistry.declared[command], let target = d.command?.aliases[label] { return target }
        return label
    }

    public static var names: [String] { table.keys.sorted() }
    static func isCommand(_ word: String) -> Bool { table[word] != nil }
    static func keywords(of word: String) -> [String] { table[word] ?? [] }
}

extension Interpreter {
    /// Runs a command statement: the builtin of the same name with the operands as
    /// positional arguments and the keyword pairs as labelled ones.
    func runCommand(_ name: String, _ args: [Argument], span: SourceSpan, in env: Environment) throws -> Value {
        guard let builtin = builtins[name] else {
            throw ScriptError(.runtime, "command '\(name)' is not available", at: span)
        }
        var positional: [(Value, SourceSpan)] = []
        var labelled: [String: (Value, SourceSpan)] = [:]
        for a in args {
            var v: Value
            if Commands.takesWords.contains(name), a.label == nil, case .name(let word) = a.value.kind {
                v = .string(word)
            } else if a.label == nil, case .name(let word) = a.value.kind, !word.hasPrefix("_"), env.lookup(word) == nil, builtins[word] == nil,
                      constants[word] == nil, let near = Suggest.nearest(word, in: Commands.keywords(of: name)) {
                // `fit ae mnist epoch 1`: a misspelt keyword reads as an unknown variable.
                throw ScriptError(.runtime, "unknown name '\(word)'; did you mean the keyword '\(near)' of \(name)?", at: a.value.span)
            } else {
                v = try evaluate(a.value, in: env)
            }
            if let label = a.label {
                labelled[Commands.alias(label, of: name)] = (v, a.span)
            } else {
                if name == "help", case .member = a.value.kind { v = .string(helpTopic(for: v)) }
                positional.append((v, a.value.span))
            }
        }
        var arguments = Arguments(function: name, positional: positional, labelled: labelled, callSpan: span, interpreter: self)
        return try converting(span) { try builtin.call(&arguments) }
    }

    func helpTopic(for v: Value) -> String {
        switch v {
        case .builtin(let b): return b.name
        default: return v.typeName
        }
    }
}
