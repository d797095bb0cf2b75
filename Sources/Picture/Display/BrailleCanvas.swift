/// A dot canvas drawn with Unicode braille (each cell U+2800 + bits holds 2×4 dots),
/// one colour per cell: high-resolution line plots in any UTF-8 terminal.
///
///     var b = BrailleCanvas(columns: 40, rows: 10)
///     b.line(x0: 0, y0: 39, x1: 79, y1: 0, color: RGB(hex: 0x1f77b4))
///     print(b.render(color: true))
public struct BrailleCanvas: Sendable {
    /// Size in character cells.
    public let columns: Int
    public let rows: Int
    var bits: [UInt8]
    var colors: [RGB?]

    /// Width in dots (2 per column).
    public var dotWidth: Int { columns * 2 }
    /// Height in dots (4 per row).
    public var dotHeight: Int { rows * 4 }

    /// An empty canvas of `columns`×`rows` cells (clamped to 0…1000).
    public init(columns: Int, rows: Int) {
        self.columns = max(0, min(columns, 1000))
        self.rows = max(0, min(rows, 1000))
        bits = [UInt8](repeating: 0, count: self.columns * self.rows)
        colors = [RGB?](repeating: nil, count: self.columns * self.rows)
    }

    /// Braille dot numbering: column-major 1,2,3 then 4,5,6, with 7 and 8 on the bottom row.
    static let dotBit: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets one dot (x right, y down); the cell takes the colour.
    public mutating func set(x: Int, y: Int, color: RGB? = nil) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= BrailleCanvas.dotBit[x % 2][y % 4]
        if let color { colors[cell] = color }
    }

    /// A straight line of dots.
    public mutating func line(x0: Int, y0: Int, x1: Int, y1: Int, color: RGB? = nil) {
        let limit = 100_000
        guard abs(x0) < limit, abs(y0) < limit, abs(x1) < limit, abs(y1) < limit else { return }
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            set(x: x, y: y, color: color)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// The character of one cell (a blank braille cell is a space, so empty areas copy cleanly).
    public func character(column: Int, row: Int) -> Character {
        guard column >= 0, row >= 0, column < columns, row < rows else { return " " }
        let b = bits[row * columns + column]
        return b == 0 ? " " : Character(UnicodeScalar(0x2800 + UInt32(b))!)
    }

    /// One string per row; with `color`, 24-bit foreground codes where the colour changes
    /// and `ESC[0m` at the end of each coloured line.
    public func lines(color: Bool) -> [String] {
        (0..<rows).map { r in
            var s = ""
            var current: RGB? = nil
            for c in 0..<columns {
                let cellColor = colors[r * columns + c]
                if color, bits[r * columns + c] != 0, let k = cellColor, k != current {
                    s += "\u{1b}[38;2;\(k.r);\(k.g);\(k.b)m"
                    current = k
                }
                s.append(character(column: c, row: r))
            }
            return color && current != nil ? s + "\u{1b}[0m" : s
        }
    }

    /// The whole canvas, rows joined by newlines.
    public func render(color: Bool) -> String { lines(color: color).joined(separator: "\n") + "\n" }
}
