/// A recursive-descent parser that recovers at statement boundaries, so a script
/// reports all of its syntax errors at once (Crafting Interpreters' `synchronize`).
///
///     let (program, errors) = Parser.parse("x = 1 +", file: "<input>")
///     Parser.isIncomplete("for i in 0..3 {")    // true: show a continuation prompt
public struct Parser {
    /// Deepest nesting of brackets, blocks and prefix operators accepted.
    public static let maxDepth = 200

    var tokens: [Token]
    var current = 0
    var depth = 0
    var errors: [ScriptError] = []
    let source: [Character]

    struct Failure: Error { let error: ScriptError }

    init(_ source: String, file: String) {
        var lexer = Lexer(source, file: file)
        self.tokens = lexer.tokens()
        self.source = Array(source)
    }

    /// Parses a whole program; statements with errors are skipped.
    public static func parse(_ source: String, file: String = "<input>") -> (statements: [Stmt], errors: [ScriptError]) {
        var p = Parser(source, file: file)
        let stmts = p.program()
        return (stmts, p.errors)
    }

    /// True when `source` is an unfinished statement (open bracket or block, trailing
    /// operator) rather than a wrong one: the REPL should read another line.
    public static func isIncomplete(_ source: String) -> Bool {
        var p = Parser(source, file: "<input>")
        _ = p.program()
        guard let first = p.errors.first else { return false }
        return p.isAtEndOffset(first.span.offset)
    }

    // MARK: - Statements

    mutating func program() -> [Stmt] {
        var out: [Stmt] = []
        while true {
            skipNewlines()
            if peek.isEOF { return out }
            if peek.isSymbol(.rbrace) {
                report(ScriptError(.syntax, "unexpected '}' with no open block", at: peek.span))
                advance()
                continue
            }
            if let s = statementRecovering() { out.append(s) }
        }
    }

    mutating func statementRecovering() -> Stmt? {
        let start = current
        do {
            let s = try statement()
            try endOfStatement()
            return s
        } catch let f as Failure {
            report(f.error)
            synchronize()
            if current == start { advance() }     // always make progress
            return nil
        } catch {
            return nil
        }
    }

    mutating func statement() throws -> Stmt {
        let start = peek
        switch start.kind {
        case .keyword(.fn) where peekNext.identifier != nil: return try functionDeclaration()
        case .keyword(.for): return try forLoop()
        case .keyword(.while):
            advance()
            let cond = try expression()
            let body = try block()
            return Stmt(.whileLoop(condition: cond, body: body), start.span)
        case .keyword(.if): return try ifStatement()
        case .keyword(.return):
            advance()
            if atStatementEnd { return Stmt(.returnValue(nil), start.span) }
            let value = try expression()
            return Stmt(.returnValue(value), start.span.through(value.span))
        case .keyword(.break): advance(); return Stmt(.breakLoop, start.span)
        case .keyword(.continue): advance(); return Stmt(.continueLoop, start.span)
        case .keyword(.time):
            advance()
            if atStatementEnd { throw fail("expected a statement after 'time'", at: peek) }
            let inner = try nested { try $0.statement() }
            return Stmt(.time(inner), start.span.through(inner.span))
        case .keyword(.expect):
            advance()
            let cond = try expression()
            let text = sourceText(cond.span)
            return Stmt(.expect(cond, source: text), start.span.through(cond.span))
        case .identifier(let name) where Commands.isCommand(name) && startsCommand():
            return try command(name)
        default:
            return try expressionOrAssignment()
        }
    }

    mutating func expressionOrAssignment() throws -> Stmt {
        let target = try expression()
        let compound: [Symbol: BinaryOp] = [.plusEqual: .add, .minusEqual: .subtract, .starEqual: .multiply, .slashEqual: .divide]
        if case .symbol(let s) = peek.kind, s == .equal || compound[s] != nil {
            let opToken = advance()
            guard case .name(let name) = target.kind else {
                throw fail("can only assign to a name (like `x = ...`)", at: opToken, span: target.span)
            }
            skipNewlines()
            // `z = explore ae`: a command word after `=` reads its operands as a command
            // does, and its result is assigned (the call `explore(ae)`).
            if case .identifier(let word)? = Optional(peek.kind), Commands.isCommand(word), startsCommand() {
                let wordSpan = peek.span
                let cmd = try command(word)
                if case .command(_, let args) = cmd.kind {
                    let call = Expr(.call(Expr(.name(word), wordSpan), args), cmd.span)
                    return Stmt(.assign(name: name, op: compound[s], value: call), target.span.through(cmd.span))
                }
            }
            let value = try expression()
            return Stmt(.assign(name: name, op: compound[s], value: value), target.span.through(value.span))
        }
        return Stmt(.expression(target), target.span)
    }

    /// A command word starts a command when what follows is an operand or the end
    /// of the statement — not `=`, `(`, `.`, `[` or an operator.
    func startsCommand() -> Bool {
        let next = peekNext
        switch next.kind {
        case .identifier, .number, .string, .newline, .eof: return true
        case .keyword(let k): return [.true, .false, .none, .not, .fn].contains(k)
        case .symbol(.rbrace): return true
        case .symbol(.minus):
            // `seed -1`: a minus glued to a number after a space is a sign, not subtraction.
            let after = current + 2 < tokens.count ? tokens[current + 2] : next
            let spaced = next.span.offset > peek.span.offset + peek.span.length
            let glued = after.span.offset == next.span.offset + 1
            return spaced && glued
        default: return false
        }
    }

    mutating func command(_ name: String) throws -> Stmt {
        let word = advance()
        var args: [Argument] = []
        var end = word.span
        let keywords = Commands.keywords(of: name)
        while !atStatementEnd {
            if let label = peek.identifier, keywords.contains(label) {
                let labelToken = advance()
                if atStatementEnd { throw fail("expected a value after '\(label)'", at: peek) }
                let value = try expression()
                args.append(Argument(label: label, value: value, span: labelToken.span.through(value.span)))
                end = value.span
                continue
            }
            let value = try expression()
            args.append(Argument(label: nil, value: value, span: value.span))
            end = value.span
            if !atStatementEnd, peek.isSymbol(.comma) { advance() }
        }
        return Stmt(.command(name: name, args: args), word.span.through(end))
    }

    mutating func functionDeclaration() throws -> Stmt {
        let start = advance()
        let nameToken = advance()
        let params = try parameterList()
        let body = try block()
        return Stmt(.function(name: nameToken.identifier ?? "", params: params, body: body), start.span.through(previous.span))
    }

    mutating func parameterList() throws -> [String] {
        try consume(.lparen, "expected '(' before the parameter list")
        var params: [String] = []
        while !peek.isSymbol(.rparen) {
            guard let p = peek.identifier else { throw fail("expected a parameter name", at: peek) }
            if params.contains(p) { throw fail("parameter '\(p)' appears twice", at: peek) }
            params.append(p)
            advance()
            if !peek.isSymbol(.comma) { break }
            advance()
        }
        try consume(.rparen, "expected ')' after the parameters")
        return params
    }

    mutating func forLoop() throws -> Stmt {
        let start = advance()
        guard let name = peek.identifier else { throw fail("expected a loop variable after 'for'", at: peek) }
        advance()
        guard peek.isKeyword(.in) else { throw fail("expected 'in' after 'for \(name)'", at: peek) }
        advance()
        let seq = try expression()
        let body = try block()
        return Stmt(.forLoop(variable: name, sequence: seq, body: body), start.span.through(seq.span))
    }

    mutating func ifStatement() throws -> Stmt {
        let start = advance()
        let cond = try expression()
        let then = try block()
        var otherwise: [Stmt]? = nil
        // `else` may follow the closing brace on the next line.
        let save = current
        skipNewlines()
        if peek.isKeyword(.else) {
            advance()
            if peek.isKeyword(.if) {
                let inner = try nested { try $0.ifStatement() }
                otherwise = [inner]
            } else {
                otherwise = try block()
            }
        } else {
            current = save
        }
        return Stmt(.ifElse(condition: cond, then: then, else: otherwise), start.span.through(cond.span))
    }

    /// `{ statements }`; errors inside are reported and skipped like top-level ones.
    mutating func block() throws -> [Stmt] {
        guard peek.isSymbol(.lbrace) else {
            throw fail("expected '{' to start a block, found \(describe(peek))", at: peek)
        }
        let open = advance()
        return try nested { p in
            var body: [Stmt] = []
            while true {
                p.skipNewlines()
                if p.peek.isSymbol(.rbrace) { p.advance(); return body }
                if p.peek.isEOF {
                    throw p.fail("expected '}' to close the block opened at line \(open.span.line)", at: p.peek)
                }
                if let s = p.statementRecovering() { body.append(s) }
            }
        }
    }
}
