// Plots in the terminal, through the one picture route: pixels where the terminal shows
// pixels, the plot area in half-blocks with its words as terminal text where it shows only
// characters (TerminalImage.render).

import Picture

extension InlineImages {
    /// A line plot (e.g. loss curves after `fit`).
    public static func showLinePlot(_ series: [Series], title: String = "", xLabel: String = "", yLabel: String = "",
                                    columns: Int = 80, rows: Int = 40, detection d: Detection = InlineImages.detection,
                                    write: (String) -> Void) {
        do {
            let f = try Picture.lineplotFigure(series, title: title, xLabel: xLabel, yLabel: yLabel)
            show(f, room: TerminalImage.Room(columns: columns, rows: rows), detection: d, write: write)
        } catch {
            write("\(error)\n")
        }
    }

    /// A class-coloured scatter (the latent map).
    public static func showScatter(_ points: [(Double, Double)], labels: [Int], title: String = "",
                                   columns: Int = 80, rows: Int = 40, detection d: Detection = InlineImages.detection,
                                   write: (String) -> Void) {
        do {
            let f = try Picture.scatterFigure(points, labels: labels, title: title)
            show(f, room: TerminalImage.Room(columns: columns, rows: rows), detection: d, write: write)
        } catch {
            write("\(error)\n")
        }
    }
}
