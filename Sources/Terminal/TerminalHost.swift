// The Host the interpreter talks to in the REPL and the script runner: text to
// standard output, pictures inline, a progress bar for `fit`, Ctrl-C as the
// interruption flag.

import Script
import NN
import Tensor
import Picture

/// Connects an `Interpreter` to the terminal.
///
///     let host = TerminalHost()
///     let interpreter = Interpreter(host: host)
///     interpreter.runCell("1 + 2")      // prints "3"
public final class TerminalHost: Host {
    /// Where text, pictures and progress lines go.
    public let console: Console
    /// Draws pictures for `show` and picture results; by default the best the terminal can do.
    public var imageRenderer: ((Figure, String, Console) -> Void)? = InlineImages.consoleRenderer
    /// Sees every text output after it is written (Notebook records cells with it).
    public var onOutput: ((String) -> Void)?
    /// Sees every cell value after it is printed; when nil, values go to `onOutput`.
    public var onResult: ((Value) -> Void)?
    /// Sees every picture after it is drawn.
    public var onImage: ((Figure, String) -> Void)?
    /// `save session "name"`; installed by the executable (Notebook does the work).
    public var sessionSaver: ((String, Interpreter) throws -> String)?
    /// `load session "name"`.
    public var sessionLoader: ((String, Interpreter) throws -> String)?
    /// `sessions`: the saved sessions.
    public var sessionLister: (() -> String)?
    /// `export session "file.ipynb"` / `"file.html"` (path, errors, interpreter).
    public var sessionExporter: ((String, Bool, Interpreter) throws -> String)?
    /// Reads the answer at a tutorial's pause between steps; the REPL installs its line
    /// editor here. Nil (scripts, tests without a REPL): tutorials run straight through.
    public var pauseReader: ((String) -> LineInput)?
    /// The progress bar of the `fit` running now, if any.
    private var currentBar: ProgressBar?
    /// The line of a long load (`folder(...)`) running now.
    private lazy var loadProgress = LoadProgress(console: console)

    public init(console: Console = .standardOutput) {
        self.console = console
    }

    public func output(_ text: String) {
        currentBar?.abandon()
        loadProgress.finish()
        console.write(text)
        onOutput?(text)
    }

    public func showResult(_ value: Value) {
        let text = value.description
        currentBar?.abandon()
        console.write(text)
        if let onResult { onResult(value) } else { onOutput?(text) }
    }

    public func showPicture(_ image: Figure, caption: String) {
        currentBar?.abandon()
        if let imageRenderer {
            imageRenderer(image, caption, console)
        } else {
            console.write(caption.isEmpty ? "[\(image.description)]" : "[\(image.description)] \(caption)")
        }
        onImage?(image, caption)
    }

    public func trainingObserver() -> TrainingObserver? {
        let bar = ProgressBar(console: console)
        currentBar = bar
        return bar
    }

    public var isInterrupted: Bool { Interrupt.isRequested }

    public func progress(_ task: String, done: Int, total: Int) {
        loadProgress.update(task, done: done, total: total)
    }

    public func saveSession(named name: String, interpreter: Interpreter) throws -> String {
        guard let sessionSaver else { throw HostUnavailable(what: "sessions") }
        return try sessionSaver(name, interpreter)
    }

    public func loadSession(named name: String, interpreter: Interpreter) throws -> String {
        guard let sessionLoader else { throw HostUnavailable(what: "sessions") }
        return try sessionLoader(name, interpreter)
    }

    public func listSessions() throws -> String {
        guard let sessionLister else { throw HostUnavailable(what: "sessions") }
        return sessionLister()
    }

    public func exportSession(to path: String, errors: Bool, interpreter: Interpreter) throws -> String {
        guard let sessionExporter else { throw HostUnavailable(what: "notebook exports") }
        return try sessionExporter(path, errors, interpreter)
    }

    /// Drops a progress line (before a full-screen view such as `explore`).
    func currentBarAbandon() { currentBar?.abandon() }

    /// Ends a progress line left open (training stopped mid-epoch by Ctrl-C or an error).
    public func finishCell() {
        currentBar?.abandon()
        currentBar = nil
        loadProgress.finish()
        console.closeLine()
    }
}

/// Thrown when the host lacks a facility the script asked for.
public struct HostUnavailable: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "\(what) are not available here" }
}

/// A tutorial at the prompt pauses between steps through the REPL's own line editor,
/// so the answer is read the way every other line is (history, Ctrl-C, Ctrl-D).
extension TerminalHost: TutorialPausing {
    public func pauseTutorial(_ prompt: String) -> Bool {
        guard let read = pauseReader else { return true }
        output(prompt)
        guard case .line(let answer) = read("") else { return false }  // Ctrl-C or Ctrl-D: stop here
        let word = answer.trimmingCharacters(in: .whitespaces).lowercased()
        return !(word == "q" || word == "quit" || word == "stop")
    }
}
