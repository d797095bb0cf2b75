import Foundation

extension Picture {
    /// A line plot as braille text for terminals without graphics: y labels on the left,
    /// the x range below, and a legend line in the series' colours.
    ///
    ///     print(try Picture.lineplotText([Series(name: "train", values: losses)]))
    public static func lineplotText(_ series: [Series], columns: Int = 60, rows: Int = 15,
                                    color: Bool = true) throws -> String {
        let all = series.flatMap(\.points)
        guard !all.isEmpty else { throw PictureError("lineplot", "no finite points to plot") }
        guard (4...1000).contains(columns), (2...1000).contains(rows) else {
            throw PictureError("lineplot", "text size \(columns)×\(rows) is outside 4×2 … 1000×1000")
        }
        let xs = all.map(\.0), ys = all.map(\.1)
        let (xLo, xHi) = (xs.min()!, xs.max()!), (yLo, yHi) = (ys.min()!, ys.max()!)
        var b = BrailleCanvas(columns: columns, rows: rows)
        func dx(_ v: Double) -> Int { xHi > xLo ? Int(((v - xLo) / (xHi - xLo) * Double(b.dotWidth - 1)).rounded()) : b.dotWidth / 2 }
        func dy(_ v: Double) -> Int { yHi > yLo ? b.dotHeight - 1 - Int(((v - yLo) / (yHi - yLo) * Double(b.dotHeight - 1)).rounded()) : b.dotHeight / 2 }
        var legend: [String] = []
        for (k, s) in series.enumerated() {
            let c = s.color ?? ColorMap.category(k)
            let pts = s.points.map { (dx($0.0), dy($0.1)) }
            if pts.count == 1 { b.set(x: pts[0].0, y: pts[0].1, color: c) }
            for (p, q) in zip(pts, pts.dropFirst()) { b.line(x0: p.0, y0: p.1, x1: q.0, y1: q.1, color: c) }
            let mark = color ? "\u{1b}[38;2;\(c.r);\(c.g);\(c.b)m━━\u{1b}[0m" : (k == 0 ? "──" : "╌╌")
            legend.append(mark + " " + s.name)
        }
        return frameText(b, color: color, yLo: yLo, yHi: yHi, xLo: xLo, xHi: xHi, footer: legend.joined(separator: "   "))
    }

    /// A scatter of class-coloured points as braille text (colour per cell: the last point drawn wins).
    public static func scatterText(_ points: [(Double, Double)], labels: [Int], columns: Int = 60, rows: Int = 20,
                                   color: Bool = true) throws -> String {
        guard points.count == labels.count else {
            throw PictureError("scatter", "\(points.count) points but \(labels.count) labels")
        }
        let finite = points.indices.filter { points[$0].0.isFinite && points[$0].1.isFinite }
        guard !finite.isEmpty else { throw PictureError("scatter", "no finite points to plot") }
        guard (4...1000).contains(columns), (2...1000).contains(rows) else {
            throw PictureError("scatter", "text size \(columns)×\(rows) is outside 4×2 … 1000×1000")
        }
        let xs = finite.map { points[$0].0 }, ys = finite.map { points[$0].1 }
        let (xLo, xHi) = (xs.min()!, xs.max()!), (yLo, yHi) = (ys.min()!, ys.max()!)
        var b = BrailleCanvas(columns: columns, rows: rows)
        for i in finite {
            let x = xHi > xLo ? Int(((points[i].0 - xLo) / (xHi - xLo) * Double(b.dotWidth - 1)).rounded()) : b.dotWidth / 2
            let y = yHi > yLo ? b.dotHeight - 1 - Int(((points[i].1 - yLo) / (yHi - yLo) * Double(b.dotHeight - 1)).rounded()) : b.dotHeight / 2
            b.set(x: x, y: y, color: ColorMap.category(labels[i]))
        }
        let classes = Array(Set(finite.map { labels[$0] })).sorted()
        let legend = classes.map { k -> String in
            let c = ColorMap.category(k)
            return color ? "\u{1b}[38;2;\(c.r);\(c.g);\(c.b)m●\u{1b}[0m\(k)" : "\(k)"
        }.joined(separator: " ")
        return frameText(b, color: color, yLo: yLo, yHi: yHi, xLo: xLo, xHi: xHi, footer: legend)
    }

    /// Braille rows with a y axis (top and bottom values), an x axis line with its range, and a footer.
    static func frameText(_ b: BrailleCanvas, color: Bool, yLo: Double, yHi: Double,
                          xLo: Double, xHi: Double, footer: String) -> String {
        let top = shortNumber(yHi), bottom = shortNumber(yLo)
        let w = max(top.count, bottom.count)
        func pad(_ s: String) -> String { String(repeating: " ", count: w - s.count) + s }
        var out = ""
        for (r, line) in b.lines(color: color).enumerated() {
            let label = r == 0 ? pad(top) : r == b.rows - 1 ? pad(bottom) : String(repeating: " ", count: w)
            out += label + " ┤" + line + "\n"
        }
        out += String(repeating: " ", count: w) + " └" + String(repeating: "─", count: b.columns) + "\n"
        let left = shortNumber(xLo), right = shortNumber(xHi)
        let gap = max(1, b.columns - left.count - right.count)
        out += String(repeating: " ", count: w + 2) + left + String(repeating: " ", count: gap) + right + "\n"
        if !footer.isEmpty { out += String(repeating: " ", count: w + 2) + footer + "\n" }
        return out
    }

    /// Up to four significant digits without exponent noise: 0.1043, 12.5, 3000.
    static func shortNumber(_ v: Double) -> String {
        guard v.isFinite else { return String(v) }
        return String(format: "%.4g", v)
    }
}
