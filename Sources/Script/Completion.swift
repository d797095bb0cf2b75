/// Tab completion for the REPL.
extension Interpreter {
    /// Candidates for the partial word before `cursor` (a Character offset into
    /// `line`): after a `.` the members of the value before it; at the start of a
    /// statement commands, keywords, variables and builtins; after a command word
    /// also that command's keywords. Each candidate replaces the partial word
    /// (for `ae.enc` the partial word is `enc` and the answer `["encoder"]`).
    ///
    ///     interp.completions(for: "fit ae mnist ep", cursor: 15)   // ["epochs"]
    public func completions(for line: String, cursor: Int) -> [String] {
        let chars = Array(line.prefix(max(0, cursor)))
        var start = chars.count
        while start > 0, chars[start - 1].isLetter || chars[start - 1].isNumber || chars[start - 1] == "_" { start -= 1 }
        let partial = String(chars[start...])
        var candidates: [String] = []
        if start > 0, chars[start - 1] == "." {
            // Member completion: only plain dotted names are looked at (no calls run).
            var b = start - 1
            while b > 0, chars[b - 1].isLetter || chars[b - 1].isNumber || chars[b - 1] == "_" || chars[b - 1] == "." { b -= 1 }
            let path = String(chars[b..<(start - 1)]).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let first = path.first, !first.isEmpty, var value = try? lookup(first, in: globals, span: SourceSpan()) else { return [] }
            for name in path.dropFirst() {
                guard let next = try? Members.property(of: value, name) else { return [] }
                value = next
            }
            candidates = Members.names(of: value)
        } else {
            let before = String(chars[..<start])
            let statementStart = before.split(whereSeparator: { $0 == ";" || $0 == "{" || $0 == "}" }).last?
                .allSatisfy { $0.isWhitespace } ?? true
            candidates = globals.allNames + Array(builtins.keys) + Array(constants.keys)
            candidates += ["true", "false", "none", "and", "or", "not", "in"]
            if statementStart {
                candidates += Commands.names + Keyword.allCases.map { $0.rawValue }
            }
            let words = before.split(whereSeparator: { $0.isWhitespace })
            if let command = words.first.map(String.init), Commands.isCommand(command) {
                candidates += Commands.keywords(of: command)
            }
        }
        let matches = Set(candidates.filter { $0.hasPrefix(partial) && $0 != partial || ($0 == partial && !partial.isEmpty) })
        return matches.sorted()
    }
}
