// Plots in the terminal: a real picture where the terminal shows pixels, braille text
// (readable at any size) where it shows only characters.

import Picture

extension InlineImages {
    /// A line plot (e.g. loss curves after `fit`): `Picture.lineplot` on graphics terminals,
    /// a braille plot (`Picture.lineplotText`) on text terminals, nothing but a note elsewhere.
    public static func showLinePlot(_ series: [Series], title: String = "", xLabel: String = "", yLabel: String = "",
                                    columns: Int = 80, detection d: Detection = InlineImages.detection,
                                    write: (String) -> Void) {
        do {
            switch d.mode {
            case .kitty, .iterm, .sixel:
                let c = try Picture.lineplot(series, title: title, xLabel: xLabel, yLabel: yLabel)
                show(c, columns: columns, detection: d, write: write)
            case .halfBlocks, .ascii:
                let heading = title.isEmpty ? "" : title + "\n"
                let text = try Picture.lineplotText(series, columns: max(10, min(columns - 12, 72)), rows: 12,
                                                    color: d.mode != .ascii)
                write(heading + text)
            case .none:
                write("[plot: \(series.map(\.name).joined(separator: ", "))]\n")
            }
        } catch {
            write("\(error)\n")
        }
    }

    /// A class-coloured scatter (the latent map): a picture on graphics terminals, braille text otherwise.
    public static func showScatter(_ points: [(Double, Double)], labels: [Int], title: String = "",
                                   columns: Int = 80, detection d: Detection = InlineImages.detection,
                                   write: (String) -> Void) {
        do {
            switch d.mode {
            case .kitty, .iterm, .sixel:
                show(try Picture.scatter(points, labels: labels, title: title), columns: columns, detection: d, write: write)
            case .halfBlocks, .ascii:
                let heading = title.isEmpty ? "" : title + "\n"
                write(heading + (try Picture.scatterText(points, labels: labels, columns: max(10, min(columns - 12, 72)),
                                                         rows: 20, color: d.mode != .ascii)))
            case .none:
                write("[scatter of \(points.count) points]\n")
            }
        } catch {
            write("\(error)\n")
        }
    }
}
