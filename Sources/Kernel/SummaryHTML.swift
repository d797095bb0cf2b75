// A model summary (NN's `summaryTable`, the text a model prints) as ONE html
// table: the `# layer output params` header, a group row for each named part
// (`encoder`, `decoder`), a row per layer with its marks (`frozen`, `shared with
// ae`) in a last column, then the totals and any note lines after it as
// paragraphs. The text/plain stays the REPL's text; this is what JupyterLab styles.

enum SummaryHTML {
    /// The html for a summary's text, or nil when `text` is not a summary: its first
    /// line is the header `#  layer  output  params`, every line up to the totals
    /// (`4,385 parameters …`) is a layer row (`0  conv 3×3 1→16  16×28×28  160 …`)
    /// or a part name alone, and at least one layer row comes before the totals.
    ///
    ///     SummaryHTML.html(" #  layer   output  params\n 0  relu  10  0\n0 parameters")
    ///     // "<table><thead>…</thead><tbody><tr><td …>0</td>…</tr></tbody></table><p>0 parameters</p>"
    static func html(_ text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, RichOutput.columns(first) == ["#", "layer", "output", "params"] else { return nil }
        enum Row { case group(String), layer([String], marks: [String]) }
        var rows: [Row] = []
        var end = 1
        while end < lines.count, !isTotals(lines[end]) {
            let cells = RichOutput.columns(lines[end])
            if cells.count == 1, lines[end].hasPrefix("   "), !cells[0].contains(" ") {
                rows.append(.group(cells[0]))
            } else if cells.count >= 4, Int(cells[0]) != nil, isCount(cells[3]) {
                rows.append(.layer(Array(cells[0..<4]), marks: Array(cells[4...])))
            } else {
                return nil
            }
            end += 1
        }
        guard end < lines.count, rows.contains(where: { if case .layer = $0 { return true }; return false }) else { return nil }
        let hasMarks = rows.contains { if case .layer(_, let marks) = $0 { return !marks.isEmpty }; return false }
        let width = hasMarks ? 5 : 4
        let align = ["right", "left", "left", "right", "left"]
        func cell(_ tag: String, _ c: Int, _ v: String) -> String {
            "<\(tag) style=\"text-align:\(align[c])\">\(RichOutput.escape(v))</\(tag)>"
        }
        var html = "<table><thead><tr>"
        html += ["#", "layer", "output", "params", ""].prefix(width).enumerated().map { cell("th", $0, $1) }.joined()
        html += "</tr></thead><tbody>"
        for row in rows {
            switch row {
            case .group(let name):
                html += "<tr><th colspan=\"\(width)\" style=\"text-align:left\">\(RichOutput.escape(name))</th></tr>"
            case .layer(let cells, let marks):
                let values = hasMarks ? cells + [marks.joined(separator: ", ")] : cells
                html += "<tr>" + values.enumerated().map { cell("td", $0, $1) }.joined() + "</tr>"
            }
        }
        html += "</tbody></table>"
        html += lines[end...].filter { !$0.isEmpty }.map { "<p>\(RichOutput.escape($0))</p>" }.joined()
        return html
    }

    /// `4,385 parameters` or `2,634 parameters (1,904 frozen, 730 trainable)`.
    static func isTotals(_ line: String) -> Bool {
        guard let space = line.firstIndex(of: " ") else { return false }
        return isCount(String(line[..<space])) && line[space...].hasPrefix(" parameters")
    }

    /// `1,160` (digits with thousands commas).
    static func isCount(_ s: String) -> Bool {
        !s.isEmpty && s.first != "," && s.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ",") }
    }
}
