/// Every error the language reports: a message and the place it points at.
///
///     error: clf = ae.encoder + fc(10) + softmax
///                             ^~~~~~~~~~ fc: ...
public struct ScriptError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable { case syntax, runtime, expectation, interrupted }

    public var kind: Kind
    public var message: String
    public var span: SourceSpan

    public init(_ kind: Kind = .runtime, _ message: String, at span: SourceSpan) {
        self.kind = kind
        self.message = message
        self.span = span
    }

    public var description: String { "\(span): error: \(message)" }

    /// REPL style: the offending line after `error: `, carets under the span, then the message.
    public func rendered(source: String) -> String {
        let prefix = "error: "
        guard let text = ScriptError.line(span.line, of: source) else { return prefix + message }
        let (shown, column) = ScriptError.clip(text, column: span.column)
        let carets = caretString(lineLength: shown.count, column: column)
        return prefix + shown + "\n" + String(repeating: " ", count: prefix.count + column - 1) + carets + " " + message
    }

    /// Script style: `FILE:LINE:COL: error: message`, then the line and carets.
    public func renderedForScript(source: String) -> String {
        let head = "\(span.file):\(span.line):\(span.column): error: \(message)"
        guard let text = ScriptError.line(span.line, of: source) else { return head }
        let (shown, column) = ScriptError.clip(text, column: span.column)
        return head + "\n" + shown + "\n" + String(repeating: " ", count: column - 1)
            + caretString(lineLength: shown.count, column: column)
    }

    private func caretString(lineLength: Int, column: Int) -> String {
        let room = max(1, lineLength - column + 1)
        let n = max(1, min(span.length, room))
        return "^" + String(repeating: "~", count: n - 1)
    }

    /// The text of 1-based line `n`, without its newline (tabs become spaces so carets line up).
    static func line(_ n: Int, of source: String) -> String? {
        guard n >= 1 else { return nil }
        var current = 1
        var result = ""
        for c in source {
            if c == "\n" || c == "\r\n" {
                if current == n { break }
                current += 1
                continue
            }
            if current == n { result.append(c == "\t" ? " " : c) }
        }
        return current == n ? result : nil
    }

    /// Very long lines are cut to a window around the column so the caret stays visible.
    static func clip(_ text: String, column: Int) -> (String, Int) {
        let width = 160
        let chars = Array(text)
        let col = max(1, min(column, chars.count + 1))
        guard chars.count > width else { return (text, col) }
        let start = max(0, min(col - 1 - width / 2, chars.count - width))
        let end = min(chars.count, start + width)
        let lead = start > 0 ? "…" : ""
        let tail = end < chars.count ? "…" : ""
        return (lead + String(chars[start..<end]) + tail, col - start + lead.count)
    }
}

extension Array where Element == ScriptError {
    /// All diagnostics, REPL style, separated by newlines.
    public func rendered(source: String) -> String {
        map { $0.rendered(source: source) }.joined(separator: "\n")
    }

    public func renderedForScript(source: String) -> String {
        map { $0.renderedForScript(source: source) }.joined(separator: "\n")
    }
}
