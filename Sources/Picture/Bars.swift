import Foundation

extension Picture {
    /// Class probabilities as vertical bars on a 0…1 axis, the value written above each bar;
    /// `highlight` (e.g. the true or predicted class) is drawn in orange, the rest in blue.
    ///
    ///     try Picture.bars(softmaxOutput, highlight: 7)
    public static func bars(_ probabilities: [Double], labels: [String]? = nil, highlight: Int? = nil,
                            title: String = "", width: Int = 480, height: Int = 300) throws -> Canvas {
        let n = probabilities.count
        guard n > 0 else { throw PictureError("bars", "no values to draw") }
        guard n <= 256 else { throw PictureError("bars", "\(n) bars is too many (at most 256)") }
        if let labels, labels.count != n {
            throw PictureError("bars", "\(n) values but \(labels.count) labels")
        }
        guard (160...Canvas.maxPlotSide).contains(width), (120...Canvas.maxPlotSide).contains(height) else {
            throw PictureError("bars", "size \(width)×\(height) is outside 160×120 … \(Canvas.maxPlotSide)×\(Canvas.maxPlotSide)")
        }
        let top = max(1, probabilities.filter(\.isFinite).max() ?? 1)
        var frame = PlotFrame(width: width, height: height, x: Ticks(lo: 0, hi: 1, count: 2),
                              y: Ticks(lo: 0, hi: top, count: 6))
        frame.x.values = []
        frame.left = 44
        var c = Canvas(width: width, height: height)
        frame.drawAxes(on: &c, title: title, xLabel: "", yLabel: "")
        let slot = Double(frame.plotWidth) / Double(n)
        let barWidth = max(1, Int(slot * 0.7))
        for (i, p) in probabilities.enumerated() {
            let cx = frame.left + Int(slot * (Double(i) + 0.5))
            let v = p.isFinite ? max(0, p) : 0
            let y = frame.py(v), base = frame.py(0)
            c.fill(x: cx - barWidth / 2, y: y, width: barWidth, height: max(1, base - y + 1),
                   color: i == highlight ? ColorMap.category(1) : ColorMap.category(0))
            let label = labels?[i] ?? String(i)
            if slot >= Double(Canvas.textWidth(label)) {
                c.text(label, centerX: cx, y: frame.top + frame.plotHeight + 7, color: .black)
            }
            let value = String(format: "%.2f", v)
            if slot >= Double(Canvas.textWidth(value) + 2) {
                c.text(value, centerX: cx, y: max(frame.top + 2, y - 10), color: RGB.gray(60))
            }
        }
        return c
    }

    /// Counts of (actual, predicted) pairs: `matrix[actual][predicted]`. Labels outside 0..<classes are skipped.
    public static func confusionCounts(predicted: [Int], actual: [Int], classes: Int) -> [[Int]] {
        let k = max(0, min(classes, 1024))
        var m = Array(repeating: Array(repeating: 0, count: k), count: k)
        for (p, a) in zip(predicted, actual) where (0..<k).contains(p) && (0..<k).contains(a) {
            m[a][p] += 1
        }
        return m
    }

    /// A confusion matrix as a heat map: rows are the actual class, columns the predicted one,
    /// each cell shaded by its share of the row (white → blue) with the count written in it.
    public static func confusion(_ matrix: [[Int]], labels: [String]? = nil, title: String = "") throws -> Canvas {
        let k = matrix.count
        guard k > 0, matrix.allSatisfy({ $0.count == k }) else {
            throw PictureError("confusion", "expected a square matrix of counts, got \(k) rows of lengths \(Set(matrix.map(\.count)).sorted())")
        }
        guard k <= 100 else { throw PictureError("confusion", "\(k) classes is too many to draw (at most 100)") }
        if let labels, labels.count != k { throw PictureError("confusion", "\(k) classes but \(labels.count) labels") }
        let names = labels ?? (0..<k).map(String.init)
        let widest = matrix.joined().map { String($0).count }.max() ?? 1
        let cell = max(24, min(64, 6 * widest + 8))
        let labelWidth = (names.map { Canvas.textWidth($0) }.max() ?? 6) + 10
        // Title, then "predicted" over the column labels; "actual" sits above the row labels.
        let predictedY = title.isEmpty ? 4 : 28, columnLabelY = predictedY + 12, topMargin = columnLabelY + 12
        let left = max(14 + labelWidth, Canvas.textWidth("actual") + 8)
        let width = left + k * cell + 12, height = topMargin + k * cell + 12
        var c = Canvas(width: width, height: height)
        if !title.isEmpty { c.text(title, centerX: width / 2, y: 6, color: .black, scale: 2) }
        c.text("predicted", centerX: left + k * cell / 2, y: predictedY, color: RGB.gray(60))
        c.text("actual", x: 2, y: columnLabelY, color: RGB.gray(60))
        for a in 0..<k {
            let rowSum = max(1, matrix[a].reduce(0) { $0 + max(0, $1) })
            c.text(names[a], x: left - 6 - Canvas.textWidth(names[a]), y: topMargin + a * cell + (cell - 7) / 2, color: .black)
            for p in 0..<k {
                let share = Double(max(0, matrix[a][p])) / Double(rowSum)
                let color = ColorMap.blues(share)
                let x = left + p * cell, y = topMargin + a * cell
                c.fill(x: x, y: y, width: cell, height: cell, color: color)
                let s = String(matrix[a][p])
                c.text(s, centerX: x + cell / 2, y: y + (cell - 7) / 2, color: color.luminance < 0.5 ? .white : .black)
            }
        }
        for p in 0..<k { c.text(names[p], centerX: left + p * cell + cell / 2, y: columnLabelY, color: .black) }
        c.stroke(x: left - 1, y: topMargin - 1, width: k * cell + 2, height: k * cell + 2, color: RGB.gray(120))
        return c
    }
}
