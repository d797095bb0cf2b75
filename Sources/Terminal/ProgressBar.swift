// Training progress for `fit`: one line per epoch, redrawn in place on a
// terminal (at most ~12 times a second, so drawing never slows training), and
// written once, complete and free of control characters, when output goes to a
// file or a pipe.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws `epoch 1/5  ████████████████████ 469/469  12.3k img/s  loss 0.1043  val 0.0981  0:05`.
///
///     let bar = ProgressBar(console: .standardOutput)
///     bar.start(epoch: 1, epochs: 5, batches: 469)
///     bar.advance(batch: 1, images: 128, loss: 0.69)
///     bar.finish(validationLoss: 0.0981)
///
/// It is also NN's `TrainingObserver` (see ProgressBar+Training.swift).
public final class ProgressBar {
    let console: Console
    /// Seconds between redraws on a terminal.
    public var redrawInterval = 0.08
    /// The clock, replaceable in tests.
    public var now: () -> Double = ProgressBar.monotonicSeconds
    private(set) var state: ProgressState?
    private var startTime = 0.0
    private var lastDraw = -Double.infinity

    public init(console: Console) {
        self.console = console
    }

    /// A new epoch begins (1-based `epoch`).
    public func start(epoch: Int, epochs: Int, batches: Int) {
        if state != nil { abandon() }
        startTime = now()
        lastDraw = -Double.infinity
        state = ProgressState(epoch: epoch, epochs: epochs, batch: 0, batches: batches, images: 0, elapsed: 0)
        draw(force: true)
    }

    /// A batch is done: `batch` batches and `images` images so far in this epoch,
    /// `loss`/`accuracy` the running means, `elapsed` seconds since the epoch began
    /// (measured here when nil).
    public func advance(batch: Int, images: Int, loss: Double?, accuracy: Double? = nil, elapsed: Double? = nil,
                        parts: [String]? = nil) {
        guard var s = state else { return }
        s.parts = parts ?? s.parts
        let wasStopping = s.note != nil
        s.batch = batch
        s.images = images
        s.loss = loss ?? s.loss
        s.accuracy = accuracy ?? s.accuracy
        s.elapsed = elapsed ?? (now() - startTime)
        if Interrupt.isRequested { s.note = "stopping after this batch…" }
        state = s
        draw(force: s.note != nil && !wasStopping)
    }

    /// Shows a note at the end of the line (e.g. "validating…") until the next batch or the end.
    public func annotate(_ note: String) {
        guard var s = state else { return }
        s.note = note
        state = s
        draw(force: true)
    }

    /// The epoch is over: draws the final line and ends it. `stopped` marks an
    /// epoch cut short by Ctrl-C.
    public func finish(loss: Double? = nil, accuracy: Double? = nil,
                       validationLoss: Double? = nil, validationAccuracy: Double? = nil,
                       batches: Int? = nil, images: Int? = nil, elapsed: Double? = nil, stopped: Bool = false,
                       parts: [String]? = nil) {
        guard var s = state else { return }
        s.parts = parts ?? s.parts
        state = nil
        s.batch = batches ?? s.batch
        s.images = images ?? s.images
        s.loss = loss ?? s.loss
        s.accuracy = accuracy ?? s.accuracy
        s.validationLoss = validationLoss
        s.validationAccuracy = validationAccuracy
        s.elapsed = elapsed ?? (now() - startTime)
        s.isFinished = true
        s.note = stopped ? "stopped" : nil
        emitFinal(s)
    }

    /// Training ended without `finish` (an error): the partial line stays, ended;
    /// off a terminal it is written once so the log shows where training stopped.
    public func abandon() {
        guard var s = state else { return }
        state = nil
        s.isFinished = true  // over: show the time it ran, not an estimate
        s.elapsed = now() - startTime
        s.note = "stopped"
        emitFinal(s)
    }

    private func emitFinal(_ s: ProgressState) {
        if console.isTerminal {
            console.redraw(ProgressFormat.line(s, maxColumns: console.columns - 1))
            console.closeLine()
        } else {
            console.write(ProgressFormat.line(s))
        }
    }

    private func draw(force: Bool) {
        guard console.isTerminal, let s = state else { return }
        let t = now()
        guard force || t - lastDraw >= redrawInterval || s.batch == s.batches else { return }
        lastDraw = t
        console.redraw(ProgressFormat.line(s, maxColumns: console.columns - 1))
    }

    /// Seconds from a monotonic clock.
    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
