/// One named line of a line plot.
///
///     Series(name: "train", values: [0.21, 0.12, 0.10])   // x = 1, 2, 3
public struct Series: Equatable, Sendable {
    public var name: String
    public var values: [Double]
    /// x positions; when nil the points sit at 1, 2, 3, … (epochs).
    public var xs: [Double]?
    /// When nil the series takes the next tab10 colour.
    public var color: RGB?
    /// How its points are marked: filled squares (few points), hollow rings (a partial
    /// epoch), or not at all (a per-batch series).
    public var marker: Marker = .filled
    /// Line thickness in pixels at 640×400.
    public var thickness = 2

    public enum Marker: Equatable, Sendable { case filled, hollow, none }

    /// A named series; `xs` nil puts the points at 1, 2, 3, …
    public init(name: String, values: [Double], xs: [Double]? = nil, color: RGB? = nil) {
        self.name = name
        self.values = values
        self.xs = xs
        self.color = color
    }

    /// (x, y) pairs with non-finite points dropped.
    var points: [(Double, Double)] {
        values.indices.compactMap { i in
            let x = xs.map { i < $0.count ? $0[i] : Double.nan } ?? Double(i + 1)
            let y = values[i]
            return x.isFinite && y.isFinite ? (x, y) : nil
        }
    }
}

extension Picture {
    /// A line plot with axes, "nice" ticks, labels and a legend.
    ///
    ///     try Picture.lineplot([Series(name: "train", values: losses)], title: "loss", xLabel: "epoch")
    public static func lineplot(_ series: [Series], title: String = "", xLabel: String = "", yLabel: String = "",
                                width: Int = 640, height: Int = 400) throws -> Canvas {
        let frame = try lineFrame(series, width: width, height: height)
        var c = Canvas(width: width, height: height)
        frame.drawAxes(on: &c, title: title, xLabel: xLabel, yLabel: yLabel)
        frame.drawLegend(on: &c, drawSeries(series, frame: frame, on: &c, small: false))
        return c
    }

    /// The line plot as a figure: the picture, and its words apart for character terminals.
    public static func lineplotFigure(_ series: [Series], title: String = "", xLabel: String = "", yLabel: String = "",
                                      width: Int = 640, height: Int = 400) throws -> Figure {
        let c = try lineplot(series, title: title, xLabel: xLabel, yLabel: yLabel, width: width, height: height)
        let frame = try lineFrame(series, width: width, height: height)
        var legend: [(String, RGB)] = []
        for (k, s) in series.enumerated() where !s.name.isEmpty { legend.append((s.name, s.color ?? ColorMap.category(k))) }
        let text = frame.text(title: title, xLabel: xLabel, yLabel: yLabel, legend: legend) { w, h in
            let f = frame.area(width: w, height: h)
            var a = Canvas(width: w, height: h)
            f.drawGrid(on: &a)
            _ = drawSeries(series, frame: f, on: &a, small: true)
            return a
        }
        return Figure(c, title: title, plot: text)
    }

    /// Axes for the series' points, with "nice" ticks.
    static func lineFrame(_ series: [Series], width: Int, height: Int) throws -> PlotFrame {
        let all = series.flatMap(\.points)
        guard !all.isEmpty else { throw PictureError("lineplot", "no finite points to plot") }
        guard (160...Canvas.maxPlotSide).contains(width), (120...Canvas.maxPlotSide).contains(height) else {
            throw PictureError("lineplot", "size \(width)×\(height) is outside 160×120 … \(Canvas.maxPlotSide)×\(Canvas.maxPlotSide)")
        }
        let xs = all.map(\.0), ys = all.map(\.1)
        // Whole-number x (epochs) gets whole-number ticks: no "epoch 1.2".
        let integral = xs.allSatisfy { $0 == $0.rounded() } || xs.max()! - xs.min()! >= 2
        let xTicks = Ticks.padded(lo: xs.min()!, hi: xs.max()!, fraction: 0.02, count: min(8, max(2, width / 80)),
                                  minStep: integral ? 1 : 0)
        let yTicks = Ticks.padded(lo: ys.min()!, hi: ys.max()!, fraction: 0.06, count: min(8, max(2, height / 60)))
        return PlotFrame(width: width, height: height, x: xTicks, y: yTicks)
    }

    /// Draws each series' line and markers; returns the legend entries. `small` draws thin
    /// lines and small markers (terminal cells).
    static func drawSeries(_ series: [Series], frame: PlotFrame, on c: inout Canvas, small: Bool) -> [(String, RGB)] {
        var legend: [(String, RGB)] = []
        for (k, s) in series.enumerated() {
            let color = s.color ?? ColorMap.category(k)
            let pts = s.points.map { (frame.px($0.0), frame.py($0.1)) }
            let t = small ? 1 : s.thickness
            for (a, b) in zip(pts, pts.dropFirst()) {
                c.line(x0: a.0, y0: a.1, x1: b.0, y1: b.1, color: color, thickness: t)
            }
            let r = small ? 1 : 2
            switch s.marker {
            case .filled where pts.count <= 40:
                for p in pts { c.fill(x: p.0 - r, y: p.1 - r, width: 2 * r + 1, height: 2 * r + 1, color: color) }
            case .hollow:
                for p in pts {
                    c.stroke(x: p.0 - r - 2, y: p.1 - r - 2, width: 2 * r + 5, height: 2 * r + 5, color: color)
                    if !small { c.stroke(x: p.0 - r - 1, y: p.1 - r - 1, width: 2 * r + 3, height: 2 * r + 3, color: color) }
                }
            default: break
            }
            if !s.name.isEmpty { legend.append((s.name, color)) }
        }
        return legend
    }

    /// Training and validation loss per epoch, the usual picture after `fit`.
    public static func lossCurves(train: [Double], validation: [Double] = [], xLabel: String = "epoch",
                                  width: Int = 640, height: Int = 400) throws -> Canvas {
        var series = [Series(name: "train", values: train, color: ColorMap.category(0))]
        if !validation.isEmpty {
            series.append(Series(name: "validation", values: validation, color: ColorMap.category(1)))
        }
        return try lineplot(series, title: "loss", xLabel: xLabel, yLabel: "loss", width: width, height: height)
    }
}
