/// A figure on a terminal, fitted to its size: graphics terminals get pixels scaled down to
/// the window (never scrolled out), character terminals get the picture in half-blocks or
/// ASCII at most `columns` × `rows` cells, with a plot's words (title, ticks, legend) and a
/// figure's notes printed as terminal text — 5×7 pixel letters are unreadable in cells.
extension TerminalImage {
    /// The size of the terminal a figure is drawn on.
    public struct Room: Equatable, Sendable {
        public var columns: Int
        public var rows: Int
        /// Pixels of one cell (from the terminal, or a guess of 8×16).
        public var cellWidth: Int
        public var cellHeight: Int
        public init(columns: Int = 80, rows: Int = 24, cellWidth: Int = 8, cellHeight: Int = 16) {
            self.columns = max(8, columns)
            self.rows = max(6, rows)
            self.cellWidth = max(1, cellWidth)
            self.cellHeight = max(1, cellHeight)
        }
    }

    /// Everything to write for `figure` in `mode`, ending in a newline ("" for `.none`).
    /// Two rows are left free for the caption and the next prompt.
    public static func render(_ figure: Figure, as mode: DisplayMode, tmux: Bool = false, room: Room) throws -> String {
        let notes = figure.notes.map { $0 + "\n" }.joined()
        let rows = max(3, room.rows - 2)
        switch mode {
        case .none: return ""
        case .kitty, .iterm, .sixel:
            let c = figure.fitted(maxWidth: room.columns * room.cellWidth, maxHeight: rows * room.cellHeight)
            return try encode(c, as: mode, tmux: tmux) + "\n"
        case .halfBlocks, .ascii:
            if let plot = figure.plot { return textPlot(plot, mode: mode, room: Room(columns: room.columns, rows: rows)) + notes }
            let noteRows = figure.notes.reduce(0) { $0 + 1 + $1.count / max(1, room.columns) }
            let c = figure.fitted(maxWidth: room.columns - 1, maxHeight: 2 * max(2, rows - noteRows))
            let picture = mode == .ascii ? ascii(c) : halfBlocks(c, trueColor: mode == .halfBlocks(trueColor: true))
            return picture + notes
        }
    }

    /// A plot in cells: the title, y ticks beside the rows, x ticks and the axis label under
    /// them, and the legend as coloured squares with names.
    static func textPlot(_ p: PlotText, mode: DisplayMode, room: Room) -> String {
        let colour = mode != .ascii
        let trueColor = mode == .halfBlocks(trueColor: true)
        let tickWidth = p.yTicks.map { $0.label.count }.max() ?? 0
        let left = tickWidth + 2                                   // "0.25 ┤"
        let textRows = (p.title.isEmpty ? 0 : 1) + (p.yLabel.isEmpty ? 0 : 1) + 2 + (p.legend.isEmpty ? 0 : 1)
        let cellsHigh = max(4, min(room.rows - textRows, 20))
        let cellsWide = max(10, min(room.columns - left - 1, 100))
        let area = p.drawArea(cellsWide, cellsHigh * 2)
        let lines = (mode == .ascii ? ascii(area) : halfBlocks(area, trueColor: trueColor))
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        var out = ""
        if !p.title.isEmpty { out += String(repeating: " ", count: left + max(0, (cellsWide - p.title.count) / 2)) + (colour ? "\(esc)[1m\(p.title)\(esc)[0m" : p.title) + "\n" }
        if !p.yLabel.isEmpty { out += p.yLabel + "\n" }
        // Each y tick goes on the row its value falls in (row 0 at the top).
        var rowLabel: [Int: String] = [:]
        for t in p.yTicks {
            let r = Int(((1 - t.position) * Double(lines.count * 2 - 1) / 2).rounded())
            if (0..<lines.count).contains(r), rowLabel[r] == nil { rowLabel[r] = t.label }
        }
        for (r, line) in lines.enumerated() {
            let label = rowLabel[r] ?? ""
            out += String(repeating: " ", count: tickWidth - label.count) + label + (rowLabel[r] == nil ? " │" : " ┤") + line + "\n"
        }
        // X ticks at their columns, skipping one that would run into the previous label.
        var xs = [Character](repeating: " ", count: left + cellsWide + 8)
        var free = 0
        for t in p.xTicks {
            let centre = left + Int((t.position * Double(cellsWide - 1)).rounded())
            let start = max(free, centre - t.label.count / 2)
            guard start + t.label.count <= xs.count, start <= centre else { continue }
            for (i, ch) in t.label.enumerated() { xs[start + i] = ch }
            free = start + t.label.count + 1
        }
        var tickLine = String(xs)
        while tickLine.last == " " { tickLine.removeLast() }
        out += tickLine + "\n"
        if !p.xLabel.isEmpty { out += String(repeating: " ", count: left + max(0, (cellsWide - p.xLabel.count) / 2)) + p.xLabel + "\n" }
        if !p.legend.isEmpty {
            out += p.legend.map { name, c in
                let swatch = colour ? (trueColor ? "\(esc)[38;2;\(c.r);\(c.g);\(c.b)m■\(esc)[0m" : "\(esc)[38;5;\(xterm256(c))m■\(esc)[0m") : "*"
                return swatch + " " + name
            }.joined(separator: "   ") + "\n"
        }
        return out
    }
}
