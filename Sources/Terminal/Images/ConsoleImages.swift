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
        let d = console.isTerminal ? detection : Detection(mode: .none, tmux: false, reason: "not a terminal")
        show(tensor, caption: caption, columns: console.columns, detection: d, write: console.emit)
    }

    /// A ready-made picture (plot, grid, filters…) on `console`.
    public static func show(_ canvas: Canvas, caption: String = "", on console: Console) {
        console.closeLine()
        let d = console.isTerminal ? detection : Detection(mode: .none, tmux: false, reason: "not a terminal")
        show(canvas, caption: caption, columns: console.columns, detection: d, write: console.emit)
    }

    /// Loss per epoch on `console` (train, and validation when given).
    public static func showLossCurves(train: [Double], validation: [Double] = [], on console: Console) {
        console.closeLine()
        var series = [Series(name: "train", values: train)]
        if !validation.isEmpty { series.append(Series(name: "validation", values: validation)) }
        let d = console.isTerminal ? detection : Detection(mode: .none, tmux: false, reason: "not a terminal")
        showLinePlot(series, title: "loss", xLabel: "epoch", yLabel: "loss", columns: console.columns,
                     detection: d, write: console.emit)
    }
}
