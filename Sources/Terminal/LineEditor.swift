// Line input: libedit behind three small functions, as in Lua's lua.c
// (`readLine`, `addHistory`, `saveHistory`), with a plain fallback when stdin is
// not a terminal. libedit is used only through its readline-compatible API
// (`editline/readline.h`): `history()` from histedit.h is variadic and cannot be
// called from Swift.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@preconcurrency import CEditLine

/// What one call to `LineEditor.readLine(prompt:)` produced.
public enum LineInput: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C while typing: the line was dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// Reads lines with editing, history and tab completion on a terminal, plainly otherwise.
///
///     let editor = LineEditor(historyFile: LineEditor.defaultHistoryFile)
///     while case .line(let text) = editor.readLine(prompt: "> ") { editor.addHistory(text) }
///     editor.saveHistory()
public final class LineEditor {
    /// True when libedit is in use (stdin is a terminal).
    public let isInteractive: Bool
    /// In plain mode, echo each line after its prompt so a piped session reads like a transcript.
    public var echoesPlainInput = true
    private let historyFile: String?
    private var stdinIsTerminal = false
    private var lastHistoryLine: String?
    /// Inputs given in advance (tests), with where their prompts are echoed.
    private var scripted: [LineInput]?
    private var scriptedEcho: ((String) -> Void)?
    /// What `addHistory` kept, for a scripted editor (tests read it; libedit keeps its own).
    public private(set) var scriptedHistory: [String] = []

    /// `~/.latent_history`, or `$LATENT_HISTORY` when set (an empty value disables history).
    public static var defaultHistoryFile: String? {
        if let path = getenv("LATENT_HISTORY") {
            let value = String(cString: path)
            return value.isEmpty ? nil : value
        }
        guard let home = getenv("HOME") else { return nil }
        return String(cString: home) + "/.latent_history"
    }

    /// - Parameters:
    ///   - historyFile: where history is loaded from now and saved to by `saveHistory()`.
    ///   - completer: candidates for the word before the cursor (see `Completion`).
    ///   - forcePlain: never use libedit, even on a terminal.
    public init(historyFile: String?, completer: Completion.Provider? = nil, forcePlain: Bool = false) {
        self.historyFile = historyFile
        // libedit only when both ends are a terminal: with stdout piped (`latent | tee log`)
        // it would not show the prompt at all.
        self.isInteractive = !forcePlain && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        self.stdinIsTerminal = isatty(STDIN_FILENO) == 1
        Interrupt.install()
        guard isInteractive else { return }
        rl_readline_name = UnsafePointer(strdup("latent"))
        rl_initialize()
        using_history()
        stifle_history(2000)
        if let file = historyFile { _ = read_history(file) }
        Completion.install(completer)
    }

    /// An editor that answers with `inputs` in order, then `.endOfInput`, writing each
    /// prompt and line to `echo` as a transcript (for tests of the REPL).
    public init(scripted inputs: [LineInput], echo: @escaping (String) -> Void) {
        self.historyFile = nil
        self.isInteractive = false
        self.scripted = inputs
        self.scriptedEcho = echo
    }

    /// Shows `prompt` and reads one line.
    public func readLine(prompt: String) -> LineInput {
        Interrupt.clear()
        if scripted != nil { return nextScripted(prompt: prompt) }
        guard isInteractive else { return readPlainLine(prompt: prompt) }
        guard let raw = readline(prompt) else {
            if Interrupt.isRequested {
                // libedit has already left the terminal's raw mode; finish the
                // half-typed line visibly, as shells do.
                fputs("^C\n", stdout)
                fflush(stdout)
                Interrupt.clear()
                return .interrupted
            }
            fputs("\n", stdout)
            fflush(stdout)
            return .endOfInput
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    /// Remembers a line for the up arrow (blank lines and immediate repeats are skipped).
    public func addHistory(_ line: String) {
        guard isInteractive || scripted != nil else { return }
        let trimmed = line.trimmingWhitespace
        guard !trimmed.isEmpty, line != lastHistoryLine else { return }
        lastHistoryLine = line
        if scripted != nil { scriptedHistory.append(line); return }
        _ = add_history(line)
    }

    /// Writes the history file (best effort: a read-only home is not an error worth a crash).
    public func saveHistory() {
        guard isInteractive, let file = historyFile else { return }
        _ = write_history(file)
    }

    private func nextScripted(prompt: String) -> LineInput {
        var input = LineInput.endOfInput
        if var queue = scripted, !queue.isEmpty {
            input = queue.removeFirst()
            scripted = queue
        }
        switch input {
        case .line(let text): scriptedEcho?(prompt + text + "\n")
        case .interrupted: scriptedEcho?(prompt + "^C\n")
        case .endOfInput: scriptedEcho?(prompt + "\n")
        }
        return input
    }

    private func readPlainLine(prompt: String) -> LineInput {
        fputs(prompt, stdout)
        fflush(stdout)
        // On a terminal Ctrl-C must end the read (no SA_RESTART while we wait).
        if stdinIsTerminal { Interrupt.install(restartingSystemCalls: false) }
        defer { if stdinIsTerminal { Interrupt.install() } }
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(buffer) }
        let count = getline(&buffer, &capacity, stdin)
        guard count >= 0, let buffer else {
            clearerr(stdin)
            if Interrupt.isRequested {
                fputs("\n", stdout)
                fflush(stdout)
                Interrupt.clear()
                return .interrupted
            }
            if !prompt.isEmpty { fputs("\n", stdout) }
            return .endOfInput
        }
        var line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: count), as: UTF8.self)
        if line.hasSuffix("\n") { line.removeLast() }
        if line.hasSuffix("\r") { line.removeLast() }
        // A terminal has echoed the line already; piped input has not.
        if echoesPlainInput && !stdinIsTerminal {
            fputs(line + "\n", stdout)
            fflush(stdout)  // a reader of the pipe sees the cell before it runs
        }
        return .line(line)
    }
}

extension String {
    /// The text without the blank lines at its end (a cell ended by two blank lines).
    var trimmingTrailingBlankLines: String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.allSatisfy(\.isWhitespace), lines.count > 1 { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
