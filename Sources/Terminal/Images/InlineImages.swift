// Pictures in the terminal: detect once what the terminal can show, then encode each
// canvas the best way it can (kitty, iTerm2, sixel, half-blocks, ASCII) and write it.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Picture
import Tensor

/// Inline pictures for the REPL and the script runner.
///
///     InlineImages.show(try Picture.image(x, scale: 8), caption: "x", write: { fputs($0, stdout) })
public enum InlineImages {
    private static let lock = NSLockLite()
    nonisolated(unsafe) private static var cached: Detection?
    nonisolated(unsafe) private static var chosen: Detection?

    /// How pictures are shown in this process: decided on first use by querying the
    /// terminal (≈100 ms at most) unless `override` or `LATENT_IMAGES` says otherwise.
    /// Not a terminal → `.none`.
    public static var detection: Detection {
        lock.locked {
            if let cached { return cached }
            let d = detectNow()
            cached = d
            return d
        }
    }

    /// Forces a mode (`--images kitty|iterm|sixel|blocks|blocks256|ascii|none`).
    public static func override(_ mode: DisplayMode) {
        lock.locked {
            let d = Detection(mode: mode, tmux: cached?.tmux ?? false, reason: "chosen explicitly")
            cached = d
            chosen = d
        }
    }

    /// The mode the user chose (`override` or `LATENT_IMAGES`), honoured even when output is
    /// not a terminal (`latent tour.latent | less -R`); nil when nothing was chosen.
    public static var explicitChoice: Detection? {
        if let c = lock.locked({ chosen }) { return c }
        let env = currentEnvironment()
        guard let m = env["LATENT_IMAGES"].flatMap(DisplayMode.init(name:)) else { return nil }
        return Detection(mode: m, tmux: env["TMUX"] != nil, reason: "LATENT_IMAGES=\(m)")
    }

    /// Queries the terminal now (stdin and stdout must both be terminals).
    public static func detectNow(environment: [String: String] = currentEnvironment()) -> Detection {
        if let forced = environment["LATENT_IMAGES"].flatMap(DisplayMode.init(name:)) {
            return Detection(mode: forced, tmux: environment["TMUX"] != nil, reason: "LATENT_IMAGES=\(forced)")
        }
        guard isatty(STDOUT_FILENO) == 1 else { return Detection(mode: .none, tmux: false, reason: "output is not a terminal") }
        guard isatty(STDIN_FILENO) == 1, environment["TERM"] != "dumb", let tty = TTYChannel() else {
            return CapabilityDetector.detect(channel: nil, environment: environment)
        }
        defer { tty.close() }
        let tmux = CapabilityDetector.inTmux(environment)
        let reply = CapabilityDetector.query(tty, tmux: tmux, timeoutMilliseconds: 100)
        // Without the DA reply a late answer may still be on its way: drop it rather than
        // let it appear at the prompt as typed characters.
        if reply?.deviceAttributes == nil { tty.discardPendingInput() }
        return CapabilityDetector.decide(reply: reply, environment: environment)
    }

    /// The escape sequences (or text) that draw `canvas` in `mode`; text modes fit `columns`.
    public static func encode(_ canvas: Canvas, mode: DisplayMode, tmux: Bool, columns: Int) throws -> String {
        try TerminalImage.encode(canvas, as: mode, tmux: tmux, maxColumns: max(8, min(columns - 1, 120)))
    }

    /// Draws `figure` through `write` (raw output), fitted to `room`, then the caption.
    /// Without a picture-capable output it writes `[picture W×H "title"] caption`.
    public static func show(_ figure: Figure, caption: String = "", room: TerminalImage.Room = .init(),
                            detection d: Detection = InlineImages.detection, write: (String) -> Void) {
        let note = caption.isEmpty ? "" : caption + "\n"
        guard d.mode != .none, figure.width > 0, figure.height > 0,
              let s = try? TerminalImage.render(figure, as: d.mode, tmux: d.tmux, room: room) else {
            write("[\(figure.description)]" + (caption.isEmpty ? "" : " " + caption) + "\n")
            return
        }
        write(s + note)
    }

    /// A canvas (a ready-made plot) the same way.
    public static func show(_ canvas: Canvas, caption: String = "", columns: Int = 80,
                            detection d: Detection = InlineImages.detection, write: (String) -> Void) {
        show(Figure(canvas), caption: caption, room: TerminalImage.Room(columns: columns, rows: 1000), detection: d, write: write)
    }

    /// The process environment as a dictionary (what the detector reads).
    public static func currentEnvironment() -> [String: String] {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return env
    }
}

/// A pthread mutex, so the cached detection is safe from the training thread too.
final class NSLockLite: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}
