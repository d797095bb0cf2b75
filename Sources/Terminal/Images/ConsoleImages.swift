// The bridge to the REPL's Console and TerminalHost: `host.imageRenderer = InlineImages.consoleRenderer`.

import Picture
import Tensor

extension InlineImages {
    /// Draws a picture for `show` (or a picture that is a cell's result) on a Console: the best
    /// encoding on a terminal, fitted to its window; text elsewhere. Fits `TerminalHost.imageRenderer`.
    public static let consoleRenderer: (Figure, String, Console) -> Void = { figure, caption, console in
        show(figure, caption: caption, on: console)
    }

    /// A picture on `console`, fitted to its columns and rows.
    public static func show(_ figure: Figure, caption: String = "", on console: Console) {
        console.closeLine()
        show(figure, caption: caption, room: room(of: console), detection: detection(for: console), write: console.emit)
    }

    /// A ready-made canvas on `console`.
    public static func show(_ canvas: Canvas, caption: String = "", on console: Console) {
        show(Figure(canvas), caption: caption, on: console)
    }

    /// The window `console` draws into.
    public static func room(of console: Console) -> TerminalImage.Room {
        let cell = console.cellPixels
        return TerminalImage.Room(columns: console.columns, rows: console.rows, cellWidth: cell.width, cellHeight: cell.height)
    }

    /// What to draw with on `console`: the user's explicit choice, else the detected mode on a
    /// terminal, else nothing (`[picture …]` notes in logs and pipes).
    public static func detection(for console: Console) -> Detection {
        if let chosen = explicitChoice { return chosen }
        return console.isTerminal ? detection : Detection(mode: .none, tmux: false, reason: "not a terminal")
    }

    /// Loss per epoch on `console` (train, and validation when given).
    public static func showLossCurves(train: [Double], validation: [Double] = [], on console: Console) {
        let epochs = train.indices.map { LossHistory.Epoch(loss: train[$0], validation: $0 < validation.count ? validation[$0] : nil) }
        do { show(try Picture.lossFigure(LossHistory(epochs)), on: console) } catch { console.write("\(error)") }
    }
}
