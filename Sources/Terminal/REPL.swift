// The read–eval–print loop, after Lua's lua.c: numbered prompts, a continuation
// prompt while the parser says the input is incomplete, Ctrl-C cancels the
// line (or stops the work), Ctrl-D leaves. Nothing heavy happens before the
// first prompt: MNIST and the kernels load when a cell first needs them.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Script

/// The interactive loop.
///
///     let host = TerminalHost()
///     let repl = REPL(interpreter: Interpreter(host: host), host: host)
///     exit(repl.run())
public final class REPL {
    /// Version shown in the banner and by `latent --version`.
    public static let version = "0.1"
    public static let banner = "latent \(version) — type `help` for the tour, `help fit` for one command"
    public static let continuationPrompt = "...> "
    /// Typed alone at the prompt, these leave like Ctrl-D does.
    static let leaveWords: Set<String> = ["exit", "quit", "exit()", "quit()"]

    let interpreter: Interpreter
    let host: TerminalHost
    /// Called after every cell with its result (Notebook records errors and values with it).
    public var onCellFinished: ((CellResult) -> Void)?
    /// Asked before leaving with unsaved work; nil never asks (scripts, piped input, tests).
    public var leaveQuestion: LeaveQuestion?
    let editor: LineEditor
    private var pending: [String] = []

    /// - Parameters:
    ///   - forcePlain: read with Swift's `readLine` even on a terminal (no libedit).
    ///   - historyFile: nil disables history.
    public init(interpreter: Interpreter, host: TerminalHost, forcePlain: Bool = false,
                historyFile: String? = LineEditor.defaultHistoryFile) {
        self.interpreter = interpreter
        self.host = host
        self.editor = LineEditor(historyFile: historyFile, completer: { [unowned interpreter] text, cursor in
            REPL.completions(interpreter, text: text, utf8Cursor: cursor)
        }, forcePlain: forcePlain)
        host.pauseReader = { [weak editor] in editor?.readLine(prompt: $0) ?? .endOfInput }
    }

    /// A REPL reading from a given editor (tests pass `LineEditor(scripted:echo:)`).
    public init(interpreter: Interpreter, host: TerminalHost, editor: LineEditor) {
        self.interpreter = interpreter
        self.host = host
        self.editor = editor
        host.pauseReader = { [weak editor] in editor?.readLine(prompt: $0) ?? .endOfInput }
    }

    /// The prompt for the next line: `[3] latent> `, or `...> ` inside a cell.
    public var prompt: String {
        pending.isEmpty ? "[\(interpreter.cellNumber)] latent> " : REPL.continuationPrompt
    }

    /// Runs until Ctrl-D or the end of input; returns the exit status (0).
    public func run(showBanner: Bool = true) -> Int32 {
        if showBanner { host.console.write(REPL.banner) }
        defer { editor.saveHistory() }
        while true {
            switch editor.readLine(prompt: prompt) {
            case .endOfInput:
                if mayLeave() { return 0 }
            case .interrupted:
                pending.removeAll()
                Completion.pendingText = ""
            case .line(let line):
                if pending.isEmpty && REPL.leaveWords.contains(line.trimmingWhitespace) {
                    editor.addHistory(line)
                    if mayLeave() { return 0 }
                    continue
                }
                accept(line)
                editor.saveHistory()  // after every cell, so a killed terminal loses nothing
            }
        }
    }

    /// True when the person may go: nothing is unsaved, or they answered the question.
    func mayLeave() -> Bool {
        pending.removeAll()
        Completion.pendingText = ""
        guard let leaveQuestion else { return true }
        return leaveQuestion.ask(editor: editor, console: host.console) == .leave
    }

    /// One line typed at either prompt. A cell goes into the line editor's history
    /// whole, once it is complete, so the up arrow brings back a multi-line `for` or
    /// `fn` as one entry (libedit shows and edits its lines together); recalled, it
    /// arrives here as one line with newlines inside.
    func accept(_ line: String) {
        let isBlank = line.trimmingWhitespace.isEmpty
        if pending.isEmpty && isBlank { return }  // a blank line costs no cell number
        // Two blank lines in a row inside a cell run it as it stands, so a person
        // who does not know Ctrl-C is never stuck at `...>`.
        let forced = isBlank && pending.last.map { $0.trimmingWhitespace.isEmpty } == true
        pending.append(line)
        let source = pending.joined(separator: "\n")
        if !forced && Parser.isIncomplete(source) {
            Completion.pendingText = source
            return
        }
        pending.removeAll()
        Completion.pendingText = ""
        editor.addHistory(forced ? source.trimmingTrailingBlankLines : source)
        runCell(source)
    }

    /// Runs one cell; Ctrl-C from here on sets the flag the interpreter polls.
    func runCell(_ source: String) {
        Interrupt.clear()
        let result = TerminalMode.withoutControlEcho { interpreter.runCell(source) }
        host.finishCell()
        if !result.ok && !result.errorText.isEmpty {
            host.console.write(result.errorText)
        }
        onCellFinished?(result)
        Interrupt.clear()
    }

    /// Completion candidates for the word before `utf8Cursor` in `text`.
    static func completions(_ interpreter: Interpreter, text: String, utf8Cursor: Int) -> [String] {
        let cursor = characterOffset(in: text, utf8Offset: utf8Cursor)
        return interpreter.completions(for: text, cursor: cursor)
    }

    /// Converts libedit's byte offset to a character offset (the two differ after `×` or `é`).
    static func characterOffset(in text: String, utf8Offset: Int) -> Int {
        let utf8 = text.utf8
        let clamped = min(max(utf8Offset, 0), utf8.count)
        var index = utf8.index(utf8.startIndex, offsetBy: clamped)
        while index > text.startIndex && index.samePosition(in: text) == nil {  // never split a character
            index = utf8.index(before: index)
        }
        return text.distance(from: text.startIndex, to: index)
    }
}
