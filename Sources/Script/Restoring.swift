import Foundation

/// What a saved session may bring back into an interpreter, as data only.
///
/// A session file is something people share with students, so loading one must
/// never run code: a builtin comes back by looking its name up, a variable name
/// must be an identifier, and a function comes back as its parsed definition,
/// unevaluated until someone calls it (as opening a notebook does not run it).
extension Interpreter {
    /// True when `name` could have been written on the left of `NAME = …`:
    /// one identifier, not a keyword.
    public static func isVariableName(_ name: String) -> Bool {
        var lexer = Lexer(name, file: "<name>")
        let tokens = lexer.tokens()
        guard tokens.count == 2, tokens[1].isEOF, case .identifier(let word) = tokens[0].kind else { return false }
        return word == name
    }

    /// The builtin called `name` (`f = relu` saved as "relu"), or nil when this
    /// latent has none of that name. A lookup, never an evaluation.
    public func builtinValue(named name: String) -> Value? {
        builtins[name].map { .builtin($0) }
    }

    /// A function from its stored definition, parsed but not run. Accepted only
    /// when the text is exactly one named definition `fn NAME(…) { … }` whose
    /// name is `name` or, for a lambda (`VAR = fn(a) { … }`), exactly one
    /// `fn(…) { … }` expression. Anything else — a second statement, a call, an
    /// assignment — is refused with the reason.
    public func storedFunction(name: String, source: String, lambda: Bool) throws -> Value {
        let file = "<session function \(name)>"
        let (stmts, errors) = Parser.parse(source, file: file)
        if let e = errors.first { throw RestoreError("the function '\(name)' does not parse: \(e.message)") }
        guard stmts.count == 1, let stmt = stmts.first else {
            throw RestoreError("the function '\(name)' is not exactly one definition (\(stmts.count) statements)")
        }
        let text = source.trimmingCharacters(in: .whitespacesAndNewlines)
        switch (stmt.kind, lambda) {
        case (.function(let fname, let params, let body), false):
            guard fname == name else {
                throw RestoreError("the function '\(name)' defines '\(fname)' instead")
            }
            return .function(Function(name: fname, params: params, body: body, closure: globals, span: stmt.span, source: text))
        case (.expression(let e), true):
            guard case .lambda(let params, let body) = e.kind else {
                throw RestoreError("the function '\(name)' is not a fn(…) { … } expression")
            }
            return .function(Function(name: "fn", params: params, body: body, closure: globals, span: e.span, source: text))
        default:
            throw RestoreError("the function '\(name)' is not \(lambda ? "a fn(…) { … } expression" : "a fn \(name)(…) { … } definition")")
        }
    }
}

/// Why a stored value cannot come back (Notebook wraps it with the file's name).
public struct RestoreError: Error, CustomStringConvertible {
    public let description: String
    init(_ message: String) { description = message }
}
