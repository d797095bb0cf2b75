import Script

/// The source text of the functions a session defined, found again in its cell
/// history. Script keeps a function's body as a syntax tree without its text,
/// so a session stores `fn sq(a) { return a * a }` as written and restores the
/// function by running that definition again (Function.source could replace this: docs/notebook-api.md).
struct FunctionSources {
    /// `fn NAME(...) { ... }` at the top level of a cell, by name (the latest wins).
    private(set) var named: [String: (params: [String], source: String)] = [:]
    /// `VAR = fn(...) { ... }` at the top level of a cell, by variable name.
    private(set) var lambdas: [String: (params: [String], source: String)] = [:]

    init(history: [(number: Int, source: String)]) {
        for cell in history {
            let (stmts, errors) = Parser.parse(cell.source, file: "<cell \(cell.number)>")
            guard errors.isEmpty else { continue }
            let text = Array(cell.source)
            for s in stmts {
                switch s.kind {
                case .function(let name, let params, _):
                    if let src = FunctionSources.definition(in: cell.source, chars: text, from: s.span.offset) {
                        named[name] = (params, src)
                    }
                case .assign(let name, nil, let value):
                    if case .lambda(let params, _) = value.kind,
                       let src = FunctionSources.definition(in: cell.source, chars: text, from: value.span.offset) {
                        lambdas[name] = (params, src)
                    }
                default: break
                }
            }
        }
    }

    /// The text from the `fn` at character `offset` to the brace closing its body.
    static func definition(in source: String, chars: [Character], from offset: Int) -> String? {
        var lexer = Lexer(source)
        let tokens = lexer.tokens()
        guard let start = tokens.firstIndex(where: { $0.span.offset == offset && $0.kind == .keyword(.fn) }) else { return nil }
        var depth = 0
        for t in tokens[start...] {
            switch t.kind {
            case .symbol(.lbrace): depth += 1
            case .symbol(.rbrace):
                depth -= 1
                if depth == 0 {
                    let end = t.span.offset + 1
                    guard offset >= 0, end <= chars.count, offset < end else { return nil }
                    return String(chars[offset..<end])
                }
            case .eof: return nil
            default: break
            }
        }
        return nil
    }
}
