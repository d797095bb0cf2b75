// The content of the shell channel's replies, as plain functions of the
// interpreter and the request, so tests can call them without sockets.

import Foundation
import Script
import Notebook

enum Replies {
    static let version = KernelLanguage.version

    /// kernel_info_reply. The language is latent (Notebook's `KernelLanguage`); its
    /// highlighting borrows Python's modes: `#` comments, strings, numbers and the
    /// shared keywords (for, in, if, else, and, or, not, return).
    static let kernelInfo: JSONObject = [
        "status": "ok",
        "protocol_version": Message.protocolVersion,
        "implementation": "latent",
        "implementation_version": version,
        "language_info": languageInfo,
        "banner": "latent \(version) — type `help` for the tour, `help fit` for one command",
        "help_links": [[String: Any]](),
    ]

    /// The same language_info `export session` writes into a notebook.
    static let languageInfo: JSONObject = Dictionary(uniqueKeysWithValues: KernelLanguage.languageInfo.map { ($0.0, $0.1 as Any) })

    /// is_complete_reply: `incomplete` (with an indent per open brace) while the
    /// parser wants more, like the REPL's `...>` prompt; `invalid` for a syntax
    /// error before the end; `complete` otherwise.
    static func isComplete(_ code: String) -> JSONObject {
        if Parser.isIncomplete(code) {
            return ["status": "incomplete", "indent": String(repeating: "    ", count: max(1, openBrackets(code)))]
        }
        if !Parser.parse(code, file: "<cell>").errors.isEmpty { return ["status": "invalid"] }
        return ["status": "complete"]
    }

    /// Brackets still open at the end of `code` (strings and `#` comments skipped).
    static func openBrackets(_ code: String) -> Int {
        var depth = 0
        var quote: Character? = nil
        var comment = false
        var escaped = false
        for ch in code {
            if comment { if ch == "\n" { comment = false }; continue }
            if let q = quote {
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "#": comment = true
            case "\"", "'": quote = ch
            case "{", "(", "[": depth += 1
            case "}", ")", "]": depth = max(0, depth - 1)
            default: break
            }
        }
        return depth
    }

    /// complete_reply with the REPL's candidates for the word before the cursor.
    /// Jupyter counts the cursor in Unicode code points.
    static func complete(_ interpreter: Interpreter, code: String, cursor: Int?) -> JSONObject {
        let scalars = Array(code.unicodeScalars)
        let pos = min(max(cursor ?? scalars.count, 0), scalars.count)
        let before = String(String.UnicodeScalarView(scalars[..<pos]))
        var start = pos
        while start > 0, isWordScalar(scalars[start - 1]) { start -= 1 }
        let matches = interpreter.completions(for: before, cursor: before.count)
        return ["status": "ok", "matches": matches, "cursor_start": start, "cursor_end": pos, "metadata": [String: Any]()]
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s)
    }

    /// inspect_reply: `help NAME` for the name under the cursor (a variable also
    /// says what it holds), run in a scratch interpreter so the session's cells and
    /// numbers do not change.
    static func inspect(_ interpreter: Interpreter, code: String, cursor: Int?) -> JSONObject {
        let scalars = Array(code.unicodeScalars)
        let pos = min(max(cursor ?? scalars.count, 0), scalars.count)
        var start = pos, end = pos
        while start > 0, isWordScalar(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isWordScalar(scalars[end]) { end += 1 }
        let name = String(String.UnicodeScalarView(scalars[start..<end]))
        guard !name.isEmpty else { return ["status": "ok", "found": false, "data": [String: Any](), "metadata": [String: Any]()] }
        var parts: [String] = []
        if let v = interpreter.variables[name] { parts.append("\(name): \(v.shortDescription)") }
        let scratch = TextCollector()
        let r = Interpreter(host: scratch).runCell("help \(name)")
        let help = scratch.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if r.ok, !help.isEmpty, !help.hasPrefix("no help") { parts.append(help) }
        guard !parts.isEmpty else { return ["status": "ok", "found": false, "data": [String: Any](), "metadata": [String: Any]()] }
        return ["status": "ok", "found": true, "data": ["text/plain": parts.joined(separator: "\n")], "metadata": [String: Any]()]
    }

    /// history_reply: this kernel's cells as (session 1, cell number, source).
    static func history(_ interpreter: Interpreter, request: JSONObject) -> JSONObject {
        var cells = interpreter.cellHistory.map { [1, $0.number, $0.source] as [Any] }
        switch request["hist_access_type"] as? String ?? "tail" {
        case "tail":
            let n = request["n"] as? Int ?? cells.count
            cells = Array(cells.suffix(max(0, n)))
        case "range":
            let lo = request["start"] as? Int ?? 0, hi = request["stop"] as? Int ?? Int.max
            cells = cells.filter { ($0[1] as? Int).map { $0 >= lo && (hi <= 0 || $0 < hi) } ?? false }
        case "search":
            let pattern = (request["pattern"] as? String ?? "*").replacingOccurrences(of: "*", with: "")
            cells = cells.filter { pattern.isEmpty || (($0[2] as? String)?.contains(pattern) ?? false) }
            if let n = request["n"] as? Int { cells = Array(cells.suffix(max(0, n))) }
        default:
            break
        }
        return ["status": "ok", "history": cells]
    }

    /// The error output of a failed cell: the message as evalue, the caret
    /// rendering (the line, the caret under the place) as the traceback.
    static func error(_ r: CellResult) -> JSONObject {
        let first = r.diagnostics.first
        let ename: String
        switch first?.kind {
        case .syntax?: ename = "SyntaxError"
        case .expectation?: ename = "ExpectFailed"
        case .interrupted?: ename = "Interrupted"
        default: ename = "Error"
        }
        let text = r.errorText.hasSuffix("\n") ? String(r.errorText.dropLast()) : r.errorText
        return ["ename": ename, "evalue": first?.message ?? "error",
                "traceback": text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)]
    }
}

/// A host that keeps text (for `help NAME` in inspect_request).
final class TextCollector: Script.Host {
    var text = ""
    func output(_ t: String) { text += t + "\n" }
}
