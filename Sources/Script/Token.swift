/// Where a piece of source came from: file, 1-based line and column, and length in
/// characters (at least 1 so a caret always shows).
public struct SourceSpan: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var length: Int
    /// Offset of the first character in the source (Character index), for slicing.
    public var offset: Int

    public init(file: String = "<input>", line: Int = 1, column: Int = 1, length: Int = 1, offset: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
        self.length = max(1, length)
        self.offset = offset
    }

    /// A span from the start of `self` to the end of `other` (same line: length grows;
    /// across lines: the caret covers the rest of the first line).
    public func through(_ other: SourceSpan) -> SourceSpan {
        var s = self
        if other.line == line {
            s.length = max(1, other.column + other.length - column)
        } else if other.offset > offset {
            s.length = max(1, other.offset + other.length - offset)
        }
        return s
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// The kinds of token the lexer produces.
public enum TokenKind: Equatable, Sendable {
    case identifier(String)
    case number(Double)
    case string(String)
    case keyword(Keyword)
    case symbol(Symbol)
    case newline      // also `;`
    case eof
    /// A lexical error; the parser reports it with this message.
    case invalid(String)
}

/// Reserved words. Command words (fit, show, ...) are NOT keywords: they are names
/// that start a command statement only at the beginning of a statement.
public enum Keyword: String, CaseIterable, Sendable {
    case `for`, `in`, `if`, `else`, `fn`, `return`, `true`, `false`, `none`
    case and, or, not, time, expect, `while`, `break`, `continue`
}

public enum Symbol: String, CaseIterable, Sendable {
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case comma = ",", colon = ":", dot = ".", equal = "="
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", caret = "^"
    case equalEqual = "==", bangEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case dotDot = "..", dotDotEqual = "..=", arrow = "->"
    case plusEqual = "+=", minusEqual = "-=", starEqual = "*=", slashEqual = "/="
}

public struct Token: Equatable, Sendable {
    public var kind: TokenKind
    public var span: SourceSpan
    /// The exact source text of the token.
    public var lexeme: String

    public init(_ kind: TokenKind, _ span: SourceSpan, _ lexeme: String) {
        self.kind = kind
        self.span = span
        self.lexeme = lexeme
    }

    public var isEOF: Bool { kind == .eof }
    public var isNewline: Bool { kind == .newline }

    func isSymbol(_ s: Symbol) -> Bool { kind == .symbol(s) }
    func isKeyword(_ k: Keyword) -> Bool { kind == .keyword(k) }

    var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }
}
