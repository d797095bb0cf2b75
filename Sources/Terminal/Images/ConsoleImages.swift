// The bridge to the REPL's Console and TerminalHost: `host.imageRenderer = InlineImages.consoleRenderer`.

import Picture
import Tensor

extension InlineImages {
    /// Draws a tensor for `show` on a Console: the best encoding on a terminal, text elsewhere.
    /// Fits `TerminalHost.imageRenderer`.
    public static let consoleRenderer: (Tensor, String, Console) -> Void = { tensor, caption, console in
        show(tensor, caption: caption, on: console)
    }

    /// A tensor the way `show x` draws it, on `console`.
    public static func show(_ tensor: Tensor, caption: String = "", on console: Console) {
        console.closeLine()
        let d = detection(for: console)
        show(tensor, caption: caption, columns: console.columns, detection: d, write: console.emit)
    }

    /// A ready-made picture (plot, grid, filters…) on `console`.
    public static func show(_ canvas: Canvas, caption: String = "", on console: Console) {
        console.closeLine()
        let d = detection(for: console)
        show(canvas, caption: caption, columns: console.columns, detection: d, write: console.emit)
    }

    /// What to draw with on `console`: the user's explicit choice, else the detected mode on a
    /// terminal, else nothing (`[image …]` notes in logs and pipes).
    public static func detection(for console: Console) -> Detection {
        if let chosen = explicitChoice { return chosen }
        return console.isTerminal ? detection : Detection(mode: .none, tmux: false, reason: "not a terminal")
    }

    /// Loss per epoch on `console` (train, and validation when given).
    public static func showLossCurves(train: [Double], validation: [Double] = [], on console: Console) {
        console.closeLine()
        var series = [Series(name: "train", values: train)]
        if !validation.isEmpty { series.append(Series(name: "validation", values: validation)) }
        let d = detection(for: console)
        showLinePlot(series, title: "loss", xLabel: "epoch", yLabel: "loss", columns: console.columns,
                     detection: d, write: console.emit)
    }
}
