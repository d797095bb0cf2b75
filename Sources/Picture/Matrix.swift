import Foundation
import Tensor

extension Picture {
    /// A small matrix with its numbers written in the cells, shaded over its min…max in gray
    /// (dark text on light cells and vice versa) — the worked examples of pooling and upsampling:
    ///
    ///     try Picture.matrix(Tensor(nested: [[1, 2], [3, 4]]))   // 2×2 cells reading 1 2 / 3 4
    ///
    /// Takes [H, W] or [1, H, W] with at most 64×64 values.
    public static func matrix(_ t: Tensor, title: String = "") throws -> Canvas {
        var s = t.shape
        while s.count > 2 && s[0] == 1 { s.removeFirst() }
        if s.count == 1 { s = [1, s[0]] }
        guard s.count == 2, s[0] > 0, s[1] > 0 else {
            throw PictureError("matrix", "expected a matrix [H, W], got \(describeShape(t.shape))")
        }
        let (h, w) = (s[0], s[1])
        guard h <= 64, w <= 64 else {
            throw PictureError("matrix", "\(h)×\(w) is too big to write out (at most 64×64); use show for a picture")
        }
        let values = t.scalars
        let texts = values.map { v -> String in
            if !v.isFinite { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
            if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
            return String(format: "%.3g", Double(v))
        }
        let cell = max(28, (texts.map { Canvas.textWidth($0) }.max() ?? 0) + 10)
        let top = title.isEmpty ? 0 : 26
        let gridWidth = w * cell + 1
        let width = max(gridWidth, title.isEmpty ? 0 : Canvas.textWidth(title, scale: 2) + 8)
        let left = (width - gridWidth) / 2
        var c = Canvas(width: width, height: top + h * cell + 1)
        if !title.isEmpty { c.text(title, centerX: c.width / 2, y: 6, color: .black, scale: 2) }
        let (lo, hi) = finiteExtent(values)
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                // Keep the lightest cells off pure white so the grid stays visible.
                let shade = ColorMap.gray(0.15 + 0.8 * normalise(values[i], lo, hi))
                c.fill(x: left + x * cell, y: top + y * cell, width: cell, height: cell, color: shade)
                c.stroke(x: left + x * cell, y: top + y * cell, width: cell + 1, height: cell + 1, color: RGB.gray(100))
                c.text(texts[i], centerX: left + x * cell + cell / 2, y: top + y * cell + (cell - 7) / 2,
                       color: shade.luminance < 0.5 ? .white : .black)
            }
        }
        return c
    }
}
