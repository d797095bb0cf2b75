import Foundation
import Tensor

/// Filters and feature maps for a projector: every tile numbered by its channel and a
/// colour bar that says which value each colour stands for (one range for all tiles, so
/// tiles compare fairly), plus the same facts as text lines for character terminals.
extension Picture {
    /// A conv weight [O, I, kh, kw] as numbered tiles in the diverging map (blue −m, white 0,
    /// red +m, m the largest |weight|) with its colour bar. One input channel: a square grid
    /// of filters numbered 0…O−1; several: one row per output filter, one column per input channel.
    public static func filtersFigure(_ weight: Tensor, scale: Int = 12, gap: Int = 3) throws -> Figure {
        let s = weight.shape
        _ = try filters(weight, scale: scale, gap: gap)   // the same checks and messages
        let (o, i, kh, kw) = (s[0], s[1], s[2], s[3])
        let (lo, hi) = finiteExtent(weight.scalars)
        let m = max(abs(lo), abs(hi))
        let values = weight.scalars, k = kh * kw
        let tiles = (0..<(o * i)).map { j in
            tile(values[(j * k)..<((j + 1) * k)], channels: 1, height: kh, width: kw, lo: -m, hi: m,
                 map: { ColorMap.diverging($0 * 2 - 1) }).scaled(by: scale)
        }
        let columns = i == 1 ? Int(Double(o).squareRoot().rounded(.up)) : i
        let names: [String] = i == 1 ? (0..<o).map(String.init) : (0..<(o * i)).map { "\($0 / i).\($0 % i)" }
        let grid = numbered(tiles, names: names, columns: columns, gap: gap)
        let bar = colourBar(height: max(64, grid.height - 12), labels: [(number(m), 0), ("0", 0.5), (number(-m), 1)],
                            map: { ColorMap.diverging(1 - 2 * $0) })
        let layout = i == 1 ? "numbered left to right, top to bottom" : "tile o.i: output filter o, input channel i"
        let notes = ["filters \(o)×\(i)×\(kh)×\(kw): blue \(number(-m)) · white 0 · red \(number(m)); \(layout)"]
        return Figure(beside(grid, bar), title: "filters", notes: notes)
    }

    /// Feature maps [C, H, W] (or [1, C, H, W]) as numbered tiles in a viridis-like map over
    /// one value range shared by all channels, with its colour bar.
    public static func featureMapsFigure(_ maps: Tensor, columns: Int? = nil, scale: Int? = nil, gap: Int = 2) throws -> Figure {
        var s = maps.shape
        if s.count == 4 && s[0] == 1 { s.removeFirst() }
        if s.count == 2 { s = [1] + s }
        let k = scale ?? max(1, min(4, Figure.defaultScale(height: s.count == 3 ? s[1] : 1, width: s.last ?? 1) / 2))
        _ = try featureMaps(maps, columns: columns, scale: k, gap: gap)   // the same checks and messages
        let (c, h, w) = (s[0], s[1], s[2])
        let values = maps.scalars
        let (lo, hi) = finiteExtent(values)
        let plane = h * w
        let tiles = (0..<c).map { j in
            tile(values[(j * plane)..<((j + 1) * plane)], channels: 1, height: h, width: w, lo: lo, hi: hi,
                 map: ColorMap.viridis).scaled(by: k)
        }
        let cols = max(1, min(c, columns ?? Int(Double(c).squareRoot().rounded(.up))))
        let grid = numbered(tiles, names: (0..<c).map(String.init), columns: cols, gap: gap)
        let bar = colourBar(height: max(64, grid.height - 12), labels: [(number(hi), 0), (number(lo), 1)],
                            map: { ColorMap.viridis(1 - $0) })
        let notes = ["feature maps \(c)×\(h)×\(w): dark \(number(lo)) … bright \(number(hi)) (one range for all); channels numbered left to right, top to bottom"]
        return Figure(beside(grid, bar), title: "feature maps", notes: notes)
    }

    /// Tiles in rows of `columns`, each with its name written above it, on white.
    static func numbered(_ tiles: [Canvas], names: [String], columns: Int, gap: Int) -> Canvas {
        let label = Canvas.textHeight() + 3
        let tw = tiles.map(\.width).max() ?? 0, th = tiles.map(\.height).max() ?? 0
        let cols = max(1, columns), rows = (tiles.count + cols - 1) / cols
        let cellW = max(tw, (names.map { Canvas.textWidth($0) }.max() ?? 0) + 2) + gap
        var out = Canvas(width: cols * cellW - gap + 4, height: rows * (th + label + gap) - gap + 2)
        for (n, t) in tiles.enumerated() {
            let x = 2 + (n % cols) * cellW, y = (n / cols) * (th + label + gap)
            out.text(names[n], x: x, y: y + 1, color: RGB.gray(60))
            out.draw(t, x: x, y: y + label)
        }
        return out
    }

    /// A vertical colour bar `height` pixels tall; `map` takes 0 (top) … 1 (bottom); labels
    /// are written beside it at their positions along the bar (0 top, 1 bottom).
    static func colourBar(height: Int, labels: [(String, Double)], map: (Double) -> RGB) -> Canvas {
        let barWidth = 14, textX = barWidth + 12
        let width = textX + (labels.map { Canvas.textWidth($0.0) }.max() ?? 0) + 4
        var out = Canvas(width: width, height: height + 12)
        for y in 0..<height {
            out.fill(x: 6, y: 6 + y, width: barWidth, height: 1, color: map(Double(y) / Double(max(1, height - 1))))
        }
        out.stroke(x: 5, y: 5, width: barWidth + 2, height: height + 2, color: RGB.gray(120))
        for (text, at) in labels {
            let y = 6 + Int((at * Double(height - 1)).rounded())
            out.fill(x: barWidth + 6, y: y, width: 4, height: 1, color: RGB.gray(60))
            out.text(text, x: textX, y: min(height + 12 - 8, max(0, y - 3)), color: .black)
        }
        return out
    }

    /// `a` with `b` to its right, top-aligned, on white.
    static func beside(_ a: Canvas, _ b: Canvas) -> Canvas {
        var out = Canvas(width: a.width + 8 + b.width, height: max(a.height, b.height))
        out.draw(a, x: 0, y: 0)
        out.draw(b, x: a.width + 8, y: 0)
        return out
    }

    /// A colour-bar number: 3 significant digits (0.423, -1.52, 1.2e-05).
    static func number(_ v: Double) -> String {
        if v == 0 { return "0" }
        if abs(v) >= 1e4 || abs(v) < 1e-3 { return String(format: "%.2e", v) }
        var s = String(format: "%.3g", v)
        if s.hasPrefix("-0.") && Double(s) == 0 { s = "0" }
        return s
    }
}
