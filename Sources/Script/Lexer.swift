/// Turns source text into tokens, one pass, like clox's scanner.
///
/// Newlines end statements except inside `(...)` and `[...]`, where they are
/// skipped so a long call can span lines. `;` is a newline. `#` starts a comment.
///
///     Lexer("x = 1 # one", file: "<input>").tokens()   // x, =, 1, newline, eof
public struct Lexer {
    private let chars: [Character]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1
    /// Open brackets; newlines directly inside ( or [ are not statement ends.
    private var open: [Symbol] = []
    private var depth: Int { (open.last == .lparen || open.last == .lbracket) ? 1 : 0 }

    public init(_ source: String, file: String = "<input>") {
        self.chars = Array(source)
        self.file = file
    }

    /// All tokens, ending with `.eof`. Never throws: bad input becomes `.invalid` tokens.
    public mutating func tokens() -> [Token] {
        var out: [Token] = []
        while true {
            let t = next()
            out.append(t)
            if t.isEOF { return out }
        }
    }

    private var atEnd: Bool { index >= chars.count }
    private func peek(_ ahead: Int = 0) -> Character? {
        let i = index + ahead
        return i < chars.count ? chars[i] : nil
    }

    @discardableResult
    private mutating func advance() -> Character {
        let c = chars[index]
        index += 1
        if c == "\n" || c == "\r\n" { line += 1; column = 1 } else { column += 1 }
        return c
    }

    private mutating func next() -> Token {
        skipSpaceAndComments()
        let start = (index, line, column)
        
        guard let c = peek() else { return token(.eof, from: start) }
        if c == "\n" || c == "\r\n" || c == ";" {
            advance()
            return token(.newline, from: start)
        }
        if c.isNumber && c.isASCII { return number(start) }
        if c.isLetter || c == "_" {
            while let d = peek(), d.isLetter || d.isNumber || d == "_" { advance() }
            let word = String(chars[start.0..<index])
            if let k = Keyword(rawValue: word) { return token(.keyword(k), from: start) }
            return token(.identifier(word), from: start)
        }
        if c == "\"" || c == "'" { return string(quote: c, start) }
        return symbol(start)
    }

    private func token(_ kind: TokenKind, from start: (Int, Int, Int)) -> Token {
        let text = String(chars[start.0..<index])
        let span = SourceSpan(file: file, line: start.1, column: start.2,
                              length: start.1 == line ? index - start.0 : 1, offset: start.0)
        return Token(kind, span, text)
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == "#" {
                while let d = peek(), d != "\n", d != "\r\n" { advance() }
            } else if (c == "\n" || c == "\r\n") && depth > 0 {
                advance()
            } else if c.isWhitespace && c != "\n" && c != "\r\n" {
                advance()
            } else if c == "\\", peek(1) == "\n" || peek(1) == "\r\n" {
                advance(); advance()          // explicit line continuation
            } else {
                return
            }
        }
    }

    private mutating func number(_ start: (Int, Int, Int)) -> Token {
        var text = ""
        func digits() {
            while let d = peek(), (d.isNumber && d.isASCII) || d == "_" {
                if d != "_" { text.append(d) }
                advance()
            }
        }
        digits()
        if peek() == ".", let d = peek(1), d.isNumber, d.isASCII {
            text.append(advance())
            digits()
        } else if peek() == ".", !(peek(1).map { $0 == "." || $0.isLetter || $0 == "_" } ?? false) {
            // `0.` as NumPy and C write it: say how it is written here.
            advance()
            return token(.invalid("'\(text).' needs a digit after the point; write \(text).0 or \(text)"), from: start)
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let hasSign = sign == "+" || sign == "-"
            if let d = peek(hasSign ? 2 : 1), d.isNumber, d.isASCII {
                text.append(advance())
                if hasSign { text.append(advance()) }
                digits()
            }
        }
        if let c = peek(), c.isLetter || c == "_" {
            while let d = peek(), d.isLetter || d.isNumber || d == "_" { advance() }
            return token(.invalid("malformed number"), from: start)
        }
        guard let value = Double(text), value.isFinite else {
            return token(.invalid("number '\(text.prefix(40))' is too large"), from: start)
        }
        return token(.number(value), from: start)
    }

    private mutating func string(quote: Character, _ start: (Int, Int, Int)) -> Token {
        advance()
        var value = ""
        while let c = peek() {
            if c == quote { advance(); return token(.string(value), from: start) }
            if c == "\n" || c == "\r\n" { break }
            advance()
            if c == "\\", let e = peek() {
                advance()
                switch e {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "\\": value.append("\\")
                case "\"": value.append("\"")
                case "'": value.append("'")
                default: value.append("\\"); value.append(e)
                }
            } else {
                value.append(c)
            }
        }
        return token(.invalid("unterminated string"), from: start)
    }

    private mutating func symbol(_ start: (Int, Int, Int)) -> Token {
        // Python's power operator: say how it is written here.
        if index + 1 < chars.count, chars[index] == "*", chars[index + 1] == "*" {
            advance(); advance()
            return token(.invalid("'**' is written '^' here: 2 ^ 3"), from: start)
        }
        // Longest match first.
        for width in [3, 2, 1] {
            guard index + width <= chars.count else { continue }
            let text = String(chars[index..<(index + width)])
            if let s = Symbol(rawValue: text) {
                for _ in 0..<width { advance() }
                switch s {
                case .lparen, .lbracket, .lbrace: if open.count < 10_000 { open.append(s) }
                case .rparen, .rbracket, .rbrace: if !open.isEmpty { open.removeLast() }
                default: break
                }
                return token(.symbol(s), from: start)
            }
        }
        let c = advance()
        let shown = c.isASCII && c.asciiValue.map { $0 >= 32 && $0 < 127 } == true
            ? "'\(c)'" : "U+" + (c.unicodeScalars.first.map { String($0.value, radix: 16, uppercase: true) } ?? "?")
        return token(.invalid("unexpected character \(shown)"), from: start)
    }
}
