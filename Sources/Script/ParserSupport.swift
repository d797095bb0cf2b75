/// Token cursor, error reporting and recovery for the parser.
extension Parser {
    var peek: Token { tokens[min(current, tokens.count - 1)] }
    var previous: Token { tokens[max(0, current - 1)] }
    var peekNext: Token { tokens[min(current + 1, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let t = peek
        if current < tokens.count - 1 { current += 1 }
        return t
    }

    mutating func skipNewlines() {
        while peek.isNewline { advance() }
    }

    /// A statement ends at a newline, `;`, `}` or the end — or where a new line starts
    /// although an unclosed bracket hid the newline (so one missing `)` does not
    /// swallow the rest of a script).
    var atStatementEnd: Bool {
        peek.isNewline || peek.isEOF || peek.isSymbol(.rbrace) || startsNewLine
    }

    var startsNewLine: Bool {
        guard current > 0 else { return false }
        let previous = tokens[current - 1]
        return !previous.isNewline && peek.span.line > previous.span.line
    }

    mutating func endOfStatement() throws {
        if atStatementEnd { return }
        throw fail("expected the end of the statement, found \(describe(peek))", at: peek)
    }

    @discardableResult
    mutating func consume(_ s: Symbol, _ message: String) throws -> Token {
        if peek.isSymbol(s) { return advance() }
        throw fail(message + ", found " + describe(peek), at: peek)
    }

    /// Runs a nested rule, refusing to go deeper than `maxDepth` (deep input must
    /// give an error, never a stack overflow).
    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth {
            throw fail("nesting is too deep (limit \(Parser.maxDepth) levels)", at: peek)
        }
        return try body(&self)
    }

    func fail(_ message: String, at token: Token, span: SourceSpan? = nil) -> Failure {
        var msg = message
        if case .invalid(let m) = token.kind, m != message { msg = m }
        return Failure(error: ScriptError(.syntax, msg, at: span ?? token.span))
    }

    mutating func report(_ e: ScriptError) {
        if errors.count < 100 { errors.append(e) }
    }

    /// Skips to the start of the next statement: after a newline, or before a `}`.
    mutating func synchronize() {
        if startsNewLine { return }     // the error token begins the next line's statement
        let line = peek.span.line
        while !peek.isEOF {
            if peek.isNewline { advance(); return }
            if peek.isSymbol(.rbrace) && depth > 0 { return }
            if peek.span.line > line { return }
            advance()
        }
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "the end of input"
        case .newline: return t.lexeme == ";" ? "';'" : "the end of the line"
        case .string: return "a string"
        case .number: return "'\(t.lexeme)'"
        default: return "'\(t.lexeme.prefix(40))'"
        }
    }

    /// The source text a span covers (the whole first line of it at most).
    func sourceText(_ span: SourceSpan) -> String {
        let start = max(0, min(span.offset, source.count))
        let end = max(start, min(span.offset + span.length, source.count))
        return String(source[start..<end])
    }

    /// True when `offset` is at the end of the source, ignoring trailing blanks.
    func isAtEndOffset(_ offset: Int) -> Bool {
        guard offset < source.count else { return true }
        return source[offset...].allSatisfy { $0.isWhitespace }
    }
}
