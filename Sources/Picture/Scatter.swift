import Tensor

extension Picture {
    /// A 2-D scatter of points coloured by class (tab10: digit 0 blue, 1 orange, …) with a legend.
    ///
    ///     try Picture.scatter(xy, labels: digits, title: "latent space")
    public static func scatter(_ points: [(Double, Double)], labels: [Int], title: String = "",
                               xLabel: String = "", yLabel: String = "",
                               width: Int = 640, height: Int = 480) throws -> Canvas {
        guard points.count == labels.count else {
            throw PictureError("scatter", "\(points.count) points but \(labels.count) labels")
        }
        let finite = points.indices.filter { points[$0].0.isFinite && points[$0].1.isFinite }
        guard !finite.isEmpty else { throw PictureError("scatter", "no finite points to plot") }
        guard (200...Canvas.maxPlotSide).contains(width), (160...Canvas.maxPlotSide).contains(height) else {
            throw PictureError("scatter", "size \(width)×\(height) is outside 200×160 … \(Canvas.maxPlotSide)×\(Canvas.maxPlotSide)")
        }
        let xs = finite.map { points[$0].0 }, ys = finite.map { points[$0].1 }
        let classes = Array(Set(finite.map { labels[$0] })).sorted()
        let legendWidth = classes.count <= 20 ? 24 + 6 * (classes.map { String($0).count }.max() ?? 1) : 0
        var frame = PlotFrame(width: width, height: height,
                              x: Ticks.padded(lo: xs.min()!, hi: xs.max()!, fraction: 0.04, count: 6),
                              y: Ticks.padded(lo: ys.min()!, hi: ys.max()!, fraction: 0.04, count: 6))
        frame.right += legendWidth
        var c = Canvas(width: width, height: height)
        frame.drawAxes(on: &c, title: title, xLabel: xLabel, yLabel: yLabel)
        drawPoints(points, labels: labels, finite: finite, frame: frame, on: &c, size: finite.count <= 3000 ? 3 : 2)
        if legendWidth > 0 {
            let x0 = width - legendWidth + 4
            for (k, label) in classes.enumerated() {
                let y = frame.top + 4 + k * 14
                c.fill(x: x0, y: y, width: 9, height: 9, color: ColorMap.category(label))
                c.text(String(label), x: x0 + 14, y: y + 1, color: .black)
            }
        }
        return c
    }

    /// The scatter as a figure: the picture, and its words apart for character terminals.
    public static func scatterFigure(_ points: [(Double, Double)], labels: [Int], title: String = "",
                                     xLabel: String = "", yLabel: String = "",
                                     width: Int = 640, height: Int = 480) throws -> Figure {
        let c = try scatter(points, labels: labels, title: title, xLabel: xLabel, yLabel: yLabel, width: width, height: height)
        let finite = points.indices.filter { points[$0].0.isFinite && points[$0].1.isFinite }
        let xs = finite.map { points[$0].0 }, ys = finite.map { points[$0].1 }
        let frame = PlotFrame(width: width, height: height,
                              x: Ticks.padded(lo: xs.min() ?? 0, hi: xs.max() ?? 1, fraction: 0.04, count: 6),
                              y: Ticks.padded(lo: ys.min() ?? 0, hi: ys.max() ?? 1, fraction: 0.04, count: 6))
        let classes = Array(Set(finite.map { labels[$0] })).sorted()
        let legend = classes.count <= 20 ? classes.map { (String($0), ColorMap.category($0)) } : []
        let text = frame.text(title: title, xLabel: xLabel, yLabel: yLabel, legend: legend) { w, h in
            let f = frame.area(width: w, height: h)
            var a = Canvas(width: w, height: h)
            f.drawGrid(on: &a)
            drawPoints(points, labels: labels, finite: finite, frame: f, on: &a, size: 1)
            return a
        }
        return Figure(c, title: title, plot: text)
    }

    static func drawPoints(_ points: [(Double, Double)], labels: [Int], finite: [Int], frame: PlotFrame,
                           on c: inout Canvas, size: Int) {
        for i in finite {
            c.fill(x: frame.px(points[i].0) - size / 2, y: frame.py(points[i].1) - size / 2,
                   width: size, height: size, color: ColorMap.category(labels[i]))
        }
    }

    /// The latent space as a map: codes [N, D] (D ≥ 2, or [N, C, H, W] flattened) projected
    /// to their two principal components and coloured by digit. With D = 2 the codes are
    /// plotted as they are.
    public static func latentMap(_ codes: Tensor, labels: [Int], title: String = "latent space",
                                 width: Int = 640, height: Int = 480) throws -> Canvas {
        guard codes.rank >= 2, codes.shape[0] >= 2 else {
            throw PictureError("latentMap", "expected codes [N, D] with N ≥ 2, got \(describeShape(codes.shape))")
        }
        let n = codes.shape[0]
        guard labels.count == n else {
            throw PictureError("latentMap", "codes \(describeShape(codes.shape)) but \(labels.count) labels")
        }
        let flat = try codes.reshape([n, -1])
        let d = flat.shape[1]
        let xy: [(Double, Double)]
        let axisNames: (String, String)
        if d == 2 {
            let s = flat.scalars
            xy = (0..<n).map { (Double(s[2 * $0]), Double(s[2 * $0 + 1])) }
            axisNames = ("z1", "z2")
        } else {
            let pca = try PCA.fit(flat, components: 2)
            xy = try pca.project(flat).map { ($0[0], $0.count > 1 ? $0[1] : 0) }
            axisNames = ("PC1", "PC2")
        }
        return try scatter(xy, labels: labels, title: title, xLabel: axisNames.0, yLabel: axisNames.1,
                           width: width, height: height)
    }

    /// The latent map as a figure (see `latentMap`).
    public static func latentMapFigure(_ codes: Tensor, labels: [Int], title: String = "latent space") throws -> Figure {
        guard codes.rank >= 2, codes.shape[0] >= 2 else {
            throw PictureError("latentMap", "expected codes [N, D] with N ≥ 2, got \(describeShape(codes.shape))")
        }
        let n = codes.shape[0]
        guard labels.count == n else {
            throw PictureError("latentMap", "codes \(describeShape(codes.shape)) but \(labels.count) labels")
        }
        let flat = try codes.reshape([n, -1])
        if flat.shape[1] == 2 {
            let s = flat.scalars
            return try scatterFigure((0..<n).map { (Double(s[2 * $0]), Double(s[2 * $0 + 1])) }, labels: labels,
                                     title: title, xLabel: "z1", yLabel: "z2")
        }
        let pca = try PCA.fit(flat, components: 2)
        let xy = try pca.project(flat).map { ($0[0], $0.count > 1 ? $0[1] : 0) }
        return try scatterFigure(xy, labels: labels, title: title, xLabel: "PC1", yLabel: "PC2")
    }
}
