import Foundation

/// An axis range lo…hi and "nice" tick positions (1, 2, 2.5, 5 × 10ⁿ steps) inside it,
/// about `count` of them. The range is the data's (plus padding), not stretched to ticks.
struct Ticks: Equatable {
    var lo: Double
    var hi: Double
    var values: [Double]
    var step: Double

    init(lo: Double, hi: Double, count: Int = 6, minStep: Double = 0) {
        var lo = lo, hi = hi
        if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
        if hi < lo { swap(&lo, &hi) }
        if hi - lo < 1e-12 * max(1, abs(lo)) { lo -= 0.5; hi += 0.5 }
        let raw = (hi - lo) / Double(max(1, count))
        let mag = pow(10, floor(log10(raw)))
        let f = raw / mag
        let step = max(minStep, (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag)
        let first = ceil(lo / step - 1e-9), last = floor(hi / step + 1e-9)
        self.lo = lo
        self.hi = hi
        self.step = step
        values = first <= last ? stride(from: first, through: last, by: 1).prefix(64).map { $0 * step } : []
    }

    /// The data range widened by `fraction` of its width on both sides.
    static func padded(lo: Double, hi: Double, fraction: Double, count: Int, minStep: Double = 0) -> Ticks {
        let pad = (hi - lo) * fraction
        return Ticks(lo: lo - pad, hi: hi + pad, count: count, minStep: minStep)
    }

    /// Labels with just enough decimals for the step: 0.25 → "0.25", 200 → "200", 1e-5 → "1e-05".
    func label(_ v: Double) -> String {
        if abs(v) < step * 1e-6 { return "0" }
        // The fewest decimals that write every multiple of the step exactly (2.5 needs one).
        var decimals = 0
        while decimals < 7 {
            let scaled = step * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { break }
            decimals += 1
        }
        if decimals > 5 || abs(v) >= 1e6 { return String(format: "%.1e", v) }
        return String(format: "%.\(decimals)f", v)
    }
}

/// The drawing area of a plot: data coordinates → pixels, axes, ticks and labels.
struct PlotFrame {
    var left = 64, right = 16, top = 28, bottom = 40
    var width: Int
    var height: Int
    var x: Ticks
    var y: Ticks

    var plotWidth: Int { max(1, width - left - right) }
    var plotHeight: Int { max(1, height - top - bottom) }
    var xLo: Double { x.lo }
    var xHi: Double { x.hi }
    var yLo: Double { y.lo }
    var yHi: Double { y.hi }

    init(width: Int, height: Int, x: Ticks, y: Ticks) {
        self.width = width
        self.height = height
        self.x = x
        self.y = y
    }

    /// Pixel column of data x.
    func px(_ v: Double) -> Int {
        let t = xHi > xLo && v.isFinite ? min(4, max(-4, (v - xLo) / (xHi - xLo))) : 0.5
        return left + Int((t * Double(plotWidth - 1)).rounded())
    }

    /// Pixel row of data y (up is larger).
    func py(_ v: Double) -> Int {
        let t = yHi > yLo && v.isFinite ? min(4, max(-4, (v - yLo) / (yHi - yLo))) : 0.5
        return top + plotHeight - 1 - Int((t * Double(plotHeight - 1)).rounded())
    }

    /// The same axes filling a `width`×`height` area with no margins (a plot drawn without text).
    func area(width w: Int, height h: Int) -> PlotFrame {
        var f = PlotFrame(width: w, height: h, x: x, y: y)
        f.left = 0; f.right = 0; f.top = 0; f.bottom = 0
        return f
    }

    /// Grid lines and the frame, without any text.
    func drawGrid(on c: inout Canvas) {
        for v in x.values { c.fill(x: px(v), y: top, width: 1, height: plotHeight, color: RGB.gray(225)) }
        for v in y.values { c.fill(x: left, y: py(v), width: plotWidth, height: 1, color: RGB.gray(225)) }
        c.stroke(x: left, y: top, width: plotWidth, height: plotHeight, color: RGB.gray(40))
    }

    /// The plot's words with tick positions along its axes, and a drawer for its area.
    func text(title: String, xLabel: String, yLabel: String, legend: [(String, RGB)],
              drawArea: @escaping (Int, Int) -> Canvas) -> PlotText {
        func at(_ v: Double, _ t: Ticks) -> Double { t.hi > t.lo ? (v - t.lo) / (t.hi - t.lo) : 0.5 }
        return PlotText(title: title, xLabel: xLabel, yLabel: yLabel,
                        xTicks: x.values.map { .init(label: x.label($0), position: at($0, x)) },
                        yTicks: y.values.map { .init(label: y.label($0), position: at($0, y)) },
                        legend: legend, drawArea: drawArea)
    }

    /// Light grid lines, the axis box, tick labels, title and axis labels.
    func drawAxes(on c: inout Canvas, title: String, xLabel: String, yLabel: String) {
        let gridColor = RGB.gray(230), ink = RGB.gray(40)
        for v in x.values {
            let p = px(v)
            c.fill(x: p, y: top, width: 1, height: plotHeight, color: gridColor)
            c.fill(x: p, y: top + plotHeight, width: 1, height: 4, color: ink)
            c.text(x.label(v), centerX: p, y: top + plotHeight + 7, color: ink)
        }
        for v in y.values {
            let p = py(v)
            c.fill(x: left, y: p, width: plotWidth, height: 1, color: gridColor)
            c.fill(x: left - 4, y: p, width: 4, height: 1, color: ink)
            let s = y.label(v)
            c.text(s, x: left - 7 - Canvas.textWidth(s), y: p - 3, color: ink)
        }
        c.stroke(x: left, y: top, width: plotWidth, height: plotHeight, color: ink)
        if !title.isEmpty { c.text(title, centerX: left + plotWidth / 2, y: 6, color: .black, scale: 2) }
        if !xLabel.isEmpty { c.text(xLabel, centerX: left + plotWidth / 2, y: height - 14, color: ink) }
        if !yLabel.isEmpty { c.text(yLabel, x: 4, y: title.isEmpty ? 8 : top - 10, color: ink) }
    }

    /// A boxed legend in the top-right corner of the plot: a colour swatch and a name per entry.
    func drawLegend(on c: inout Canvas, _ entries: [(String, RGB)]) {
        guard !entries.isEmpty else { return }
        let w = (entries.map { Canvas.textWidth($0.0) }.max() ?? 0) + 30
        let h = entries.count * 12 + 6
        let x0 = left + plotWidth - w - 6, y0 = top + 6
        c.fill(x: x0, y: y0, width: w, height: h, color: .white)
        c.stroke(x: x0, y: y0, width: w, height: h, color: RGB.gray(160))
        for (i, (name, color)) in entries.enumerated() {
            let yy = y0 + 5 + i * 12
            c.fill(x: x0 + 5, y: yy + 2, width: 14, height: 3, color: color)
            c.text(name, x: x0 + 24, y: yy, color: .black)
        }
    }
}
