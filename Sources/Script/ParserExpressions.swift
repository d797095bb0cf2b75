/// Expressions, lowest precedence first:
/// or · and · not · comparison · range (..) · + - · * / % · unary - · ^ · call/member/index · primary
extension Parser {
    mutating func expression() throws -> Expr {
        try nested { try $0.or() }
    }

    mutating func or() throws -> Expr {
        let first = try and()
        var links: [ChainLink] = []
        while peek.isKeyword(.or) {
            let opToken = advance(); skipNewlines()
            let right = try and()
            links.append(ChainLink(op: .or, operand: right, operatorSpan: opToken.span.through(right.span)))
        }
        return Parser.fold(first, links)
    }

    mutating func and() throws -> Expr {
        let first = try not()
        var links: [ChainLink] = []
        while peek.isKeyword(.and) {
            let opToken = advance(); skipNewlines()
            let right = try not()
            links.append(ChainLink(op: .and, operand: right, operatorSpan: opToken.span.through(right.span)))
        }
        return Parser.fold(first, links)
    }

    mutating func not() throws -> Expr {
        if peek.isKeyword(.not) {
            let op = advance()
            let operand = try nested { try $0.not() }
            return Expr(.unary(.not, operand), op.span.through(operand.span))
        }
        return try comparison()
    }

    mutating func comparison() throws -> Expr {
        let ops: [Symbol: BinaryOp] = [.equalEqual: .equal, .bangEqual: .notEqual, .less: .less,
                                       .lessEqual: .lessEqual, .greater: .greater, .greaterEqual: .greaterEqual]
        let first = try range()
        var links: [ChainLink] = []
        while case .symbol(let s) = peek.kind, let op = ops[s] {
            let opToken = advance(); skipNewlines()
            let right = try range()
            links.append(ChainLink(op: op, operand: right, operatorSpan: opToken.span.through(right.span)))
        }
        return Parser.fold(first, links)
    }

    mutating func range() throws -> Expr {
        if peek.isSymbol(.dotDot) || peek.isSymbol(.dotDotEqual) {
            let op = advance()
            let upper = try additive()
            return Expr(.range(nil, upper, inclusive: op.isSymbol(.dotDotEqual)), op.span.through(upper.span))
        }
        let lower = try additive()
        guard peek.isSymbol(.dotDot) || peek.isSymbol(.dotDotEqual) else { return lower }
        let op = advance()
        // `2..` is open when nothing that could be its end follows: before a
        // closer, a block, or the end of the line (`r = 2..`, `x[2..]`, `f(2..)`).
        if op.isSymbol(.dotDot), peek.isNewline || peek.isEOF
            || [.rbracket, .comma, .rparen, .lbrace, .rbrace].contains(where: { peek.isSymbol($0) }) {
            return Expr(.range(lower, nil, inclusive: false), lower.span.through(op.span))
        }
        let upper = try additive()
        return Expr(.range(lower, upper, inclusive: op.isSymbol(.dotDotEqual)), lower.span.through(upper.span))
    }

    mutating func additive() throws -> Expr {
        let first = try multiplicative()
        var links: [ChainLink] = []
        while peek.isSymbol(.plus) || peek.isSymbol(.minus) {
            let opToken = advance()
            let op: BinaryOp = opToken.isSymbol(.plus) ? .add : .subtract
            skipNewlines()
            let right = try multiplicative()
            links.append(ChainLink(op: op, operand: right, operatorSpan: opToken.span.through(right.span)))
        }
        return Parser.fold(first, links)
    }

    mutating func multiplicative() throws -> Expr {
        let ops: [Symbol: BinaryOp] = [.star: .multiply, .slash: .divide, .percent: .modulo]
        let first = try unary()
        var links: [ChainLink] = []
        while case .symbol(let s) = peek.kind, let op = ops[s] {
            let opToken = advance(); skipNewlines()
            let right = try unary()
            links.append(ChainLink(op: op, operand: right, operatorSpan: opToken.span.through(right.span)))
        }
        return Parser.fold(first, links)
    }

    mutating func unary() throws -> Expr {
        if peek.isSymbol(.minus) {
            let op = advance()
            let operand = try nested { try $0.unary() }
            if case .number(let v) = operand.kind {
                return Expr(.number(-v), op.span.through(operand.span))
            }
            return Expr(.unary(.negate, operand), op.span.through(operand.span))
        }
        return try power()
    }

    mutating func power() throws -> Expr {
        let base = try postfix()
        guard peek.isSymbol(.caret) else { return base }
        advance(); skipNewlines()
        let exponent = try nested { try $0.unary() }    // right-associative: 2^3^2 = 2^9
        return Expr(.binary(.power, base, exponent), base.span.through(exponent.span))
    }

    mutating func postfix() throws -> Expr {
        var e = try primary()
        // Each call, member or index wraps the expression before it, so a chain
        // of them is nested, not flat: it counts against the nesting limit.
        var links = 0
        while true {
            if peek.isSymbol(.lparen) || peek.isSymbol(.dot) || peek.isSymbol(.lbracket) {
                links += 1
                if depth + links > Parser.maxDepth {
                    throw fail("too many calls, members or indexes in a row (limit \(Parser.maxDepth))", at: peek)
                }
            }
            if peek.isSymbol(.lparen) {
                let (args, close) = try nested { try $0.arguments() }
                e = Expr(.call(e, args), e.span.through(close.span))
            } else if peek.isSymbol(.dot) {
                advance()
                guard let name = peek.identifier else {
                    throw fail("expected a member name after '.'", at: peek)
                }
                let nameToken = advance()
                e = Expr(.member(e, name, nameToken.span), e.span.through(nameToken.span))
            } else if peek.isSymbol(.lbracket) {
                advance()
                let items = try nested { try $0.commaList(closing: .rbracket, what: "index") }
                let close = try consume(.rbracket, "expected ']' after the index")
                if items.isEmpty { throw fail("expected an index inside '[]'", at: close) }
                e = Expr(.index(e, items), e.span.through(close.span))
            } else {
                return e
            }
        }
    }

    mutating func arguments() throws -> ([Argument], Token) {
        advance()    // (
        var args: [Argument] = []
        while !peek.isSymbol(.rparen) && !peek.isEOF {
            var label: String? = nil
            var start = peek.span
            if let name = peek.identifier, peekNext.isSymbol(.colon) {
                label = name
                start = advance().span
                advance()
            }
            let value = try expression()
            if label == nil, args.contains(where: { $0.label != nil }) {
                throw fail("positional argument after a labelled one", at: peek, span: value.span)
            }
            args.append(Argument(label: label, value: value, span: start.through(value.span)))
            if !peek.isSymbol(.comma) { break }
            advance()
        }
        let close = try consume(.rparen, "expected ')' after the arguments")
        return (args, close)
    }

    mutating func commaList(closing: Symbol, what: String) throws -> [Expr] {
        var items: [Expr] = []
        while !peek.isSymbol(closing) && !peek.isEOF {
            items.append(try expression())
            if !peek.isSymbol(.comma) { break }
            advance()
        }
        return items
    }

    mutating func primary() throws -> Expr {
        let t = peek
        switch t.kind {
        case .number(let v): advance(); return Expr(.number(v), t.span)
        case .string(let s): advance(); return Expr(.string(s), t.span)
        case .keyword(.true): advance(); return Expr(.bool(true), t.span)
        case .keyword(.false): advance(); return Expr(.bool(false), t.span)
        case .keyword(.none): advance(); return Expr(.none, t.span)
        case .identifier(let name): advance(); return Expr(.name(name), t.span)
        case .symbol(.lparen):
            advance()
            let inner = try expression()
            try consume(.rparen, "expected ')' to close '(' at line \(t.span.line), column \(t.span.column)")
            return inner
        case .symbol(.lbracket):
            advance()
            let items = try nested { try $0.commaList(closing: .rbracket, what: "list") }
            let close = try consume(.rbracket, "expected ']' to close the list")
            return Expr(.list(items), t.span.through(close.span))
        case .keyword(.fn):
            advance()
            let params = try parameterList()
            let body = try block()
            return Expr(.lambda(params: params, body: body), t.span.through(previous.span))
        case .invalid(let message):
            throw fail(message, at: t)
        case .eof:
            throw fail("unexpected end of input; expected an expression", at: t)
        default:
            throw fail("expected an expression, found \(describe(t))", at: t)
        }
    }

    /// `first` alone, a `.binary` pair, or one flat `.chain` of three or more.
    static func fold(_ first: Expr, _ links: [ChainLink]) -> Expr {
        guard let last = links.last else { return first }
        let span = first.span.through(last.operand.span)
        if links.count == 1 {
            return Expr(.binary(last.op, first, last.operand), span, operatorSpan: last.op == .add ? last.operatorSpan : nil)
        }
        return Expr(.chain(first, links), span)
    }
}
