/// A script's notebook cells: its top-level statements grouped into paragraphs
/// (a blank line after a statement starts a new cell), each cell taking the comment
/// lines above its first statement, up to the statement before. `latent FILE`
/// numbers these cells as the REPL numbers its inputs, so `export session` writes
/// them with their outputs.
///
///     ScriptCells.split("# make it\nx = 1\ny = 2\n\nprint(x)")
///     // [(line 2, "# make it\nx = 1\ny = 2"), (line 5, "print(x)")]
public enum ScriptCells {
    /// The line of each cell's first statement and the cell's text.
    public static func split(_ source: String) -> [(line: Int, source: String)] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let starts = Set(Parser.parse(source, file: "<script>").statements.map(\.span.line)).sorted()
        guard !starts.isEmpty else { return [] }
        func blank(_ l: Int) -> Bool { l >= 1 && l <= lines.count && lines[l - 1].allSatisfy(\.isWhitespace) }
        // Each cell's first line: after the last blank line above its first statement.
        var cells: [(first: Int, line: Int)] = [(1, starts[0])]
        for (prev, s) in zip(starts, starts.dropFirst()) {
            // The first blank line after the end of the statement above (a blank line
            // inside a loop's body does not end it): comments below it go with `s`.
            let ends = (prev + 1..<s).first { b in
                blank(b) && !Parser.isIncomplete(lines[(prev - 1)..<(b - 1)].joined(separator: "\n"))
            }
            guard let lastBlank = ends else { continue }
            cells.append((lastBlank + 1, s))
        }
        return cells.enumerated().map { i, c in
            var end = i + 1 < cells.count ? cells[i + 1].first - 1 : lines.count
            var first = c.first
            while first < c.line, blank(first) { first += 1 }
            while end > c.line, blank(end) { end -= 1 }
            return (c.line, lines[(first - 1)..<end].joined(separator: "\n"))
        }
    }
}
