// Standard output as the REPL sees it: a terminal (or not), a width, and whether
// a progress line is still open (drawn with `\r`, waiting for its newline).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes text to a stream and keeps in-place lines (progress bars) from
/// colliding with ordinary output.
///
///     let console = Console.standardOutput
///     console.redraw("epoch 1/5 …")     // on a terminal: \r + text + clear to end of line
///     console.write("done")             // ends the open line first
public final class Console {
    /// Standard output, checked once with `isatty`.
    nonisolated(unsafe) public static let standardOutput = Console(stream: stdout, isTerminal: isatty(STDOUT_FILENO) == 1)

    /// True when the stream is a terminal: `\r` redraws and escape sequences are allowed.
    public let isTerminal: Bool
    private let stream: UnsafeMutablePointer<FILE>
    /// Everything written, when this console records instead of printing (tests).
    public private(set) var recorded: String = ""
    private let records: Bool
    private var lineIsOpen = false

    /// A console over a C stream.
    public init(stream: UnsafeMutablePointer<FILE>, isTerminal: Bool) {
        self.stream = stream
        self.isTerminal = isTerminal
        self.records = false
    }

    /// A console that only records (`recorded`), pretending to be a terminal or not.
    public init(recordingAsTerminal isTerminal: Bool) {
        self.stream = stdout
        self.isTerminal = isTerminal
        self.records = true
    }

    /// Columns of the terminal (80 when unknown or not a terminal; `$COLUMNS` wins).
    public var columns: Int {
        if let env = getenv("COLUMNS"), let n = Int(String(cString: env)), n > 0 { return n }
        #if canImport(Glibc) || canImport(Darwin)
        if isTerminal && !records {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        #endif
        return 80
    }

    /// Rows of the terminal (24 when unknown or not a terminal; `$LINES` wins).
    public var rows: Int {
        if let env = getenv("LINES"), let n = Int(String(cString: env)), n > 0 { return n }
        return windowSize.map { Int($0.ws_row) }.flatMap { $0 > 0 ? $0 : nil } ?? 24
    }

    /// Pixels of one character cell when the terminal says (kitty, iTerm2, xterm do; tmux
    /// often does not), else 8×16 — so pictures are scaled to the window, never beyond it.
    public var cellPixels: (width: Int, height: Int) {
        if let s = windowSize, s.ws_col > 0, s.ws_row > 0, s.ws_xpixel > 0, s.ws_ypixel > 0 {
            return (max(1, Int(s.ws_xpixel) / Int(s.ws_col)), max(1, Int(s.ws_ypixel) / Int(s.ws_row)))
        }
        return (8, 16)
    }

    private var windowSize: winsize? {
        #if canImport(Glibc) || canImport(Darwin)
        if isTerminal && !records {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 { return size }
        }
        #endif
        return nil
    }

    /// Writes `text` and a newline, after ending any open in-place line.
    public func write(_ text: String) {
        closeLine()
        emit(text + "\n")
    }

    /// Replaces the open in-place line with `text` (terminal only; elsewhere this does nothing).
    public func redraw(_ text: String) {
        guard isTerminal else { return }
        emit("\r" + text + "\u{1B}[K")
        lineIsOpen = true
    }

    /// Ends an open in-place line with a newline; nothing when none is open.
    public func closeLine() {
        guard lineIsOpen else { return }
        lineIsOpen = false
        emit("\n")
    }

    /// Raw bytes, for encoders that produce their own escape sequences.
    public func emit(_ text: String) {
        if records { recorded += text; return }
        fputs(text, stream)
        fflush(stream)
    }
}
