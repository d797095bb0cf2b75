import Tensor
// Progress of a long load (`folder("pictures")`): one line redrawn in place on a
// terminal, at most ~12 times a second; nothing off a terminal, where the
// loader's own summary line is the record.
//
//   loading pictures  ██████████▌░░░░░░░░░ 26,112/50,000  0:03  Ctrl-C stops

/// Draws `loading pictures  ████░░░░ 12,288/50,000  0:01`.
///
///     let p = LoadProgress(console: .standardOutput)
///     p.update("loading pictures", done: 256, total: 50_000)
public final class LoadProgress {
    let console: Console
    public var now: () -> Double = ProgressBar.monotonicSeconds
    private var start = 0.0
    private var lastDraw = -Double.infinity
    private(set) var isOpen = false

    public init(console: Console) { self.console = console }

    /// The line for `done` of `total` after `elapsed` seconds.
    public static func line(_ task: String, done: Int, total: Int, elapsed: Double) -> String {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        var s = task + "  " + ProgressFormat.bar(fraction: fraction, width: ProgressFormat.barWidth)
            + " \(formatCount(done))/\(formatCount(total))  " + ProgressFormat.duration(elapsed)
        if done < total { s += "  Ctrl-C stops" }
        return s
    }

    public func update(_ task: String, done: Int, total: Int) {
        guard console.isTerminal else { return }
        let t = now()
        if done == 0 || !isOpen { start = t; isOpen = true; lastDraw = -Double.infinity }
        guard done >= total || t - lastDraw >= 0.08 else { return }
        lastDraw = t
        console.redraw(LoadProgress.line(task, done: done, total: total, elapsed: t - start))
        if done >= total { finish() }
    }

    /// Ends an open line (the load finished, failed or was stopped).
    public func finish() {
        guard isOpen else { return }
        isOpen = false
        console.closeLine()
    }
}
