/// A two-way byte channel to a terminal; the real one (raw `/dev/tty`) lives in the
/// Terminal module, tests use a fake that answers or stays silent.
public protocol TerminalChannel: AnyObject {
    /// Sends bytes to the terminal.
    func write(_ bytes: [UInt8])
    /// Bytes that arrive within `timeoutMilliseconds`; empty when nothing came in time.
    func read(timeoutMilliseconds: Int) -> [UInt8]
}

/// What a terminal said back to the graphics queries.
public struct TerminalReply: Equatable, Sendable {
    /// The terminal answered the kitty graphics query with `OK`.
    public var kitty = false
    /// Parameters of the primary device attributes reply `ESC[?62;4;22c` → [62, 4, 22]; nil if none came.
    public var deviceAttributes: [Int]?

    /// A reply as parsed from the terminal's answer.
    public init(kitty: Bool = false, deviceAttributes: [Int]? = nil) {
        self.kitty = kitty
        self.deviceAttributes = deviceAttributes
    }

    /// Sixel is attribute 4 of the primary device attributes.
    public var sixel: Bool { deviceAttributes?.contains(4) ?? false }
}

/// The chosen display mode, whether output must go through tmux, and why (for `--images` diagnostics).
public struct Detection: Equatable, Sendable {
    public var mode: DisplayMode
    public var tmux: Bool
    public var reason: String

    /// A decision and why it was taken.
    public init(mode: DisplayMode, tmux: Bool, reason: String) {
        self.mode = mode
        self.tmux = tmux
        self.reason = reason
    }
}

/// Finds the best way to show pictures: ask the terminal (kitty query, then primary
/// device attributes, which every terminal answers — so the DA reply marks the end),
/// wait at most a short timeout, and fall back on the environment when it stays silent.
///
///     let d = CapabilityDetector.detect(channel: tty, environment: ProcessInfo.processInfo.environment)
public enum CapabilityDetector {
    /// The kitty graphics query: a 1×1 RGB image, query only (`a=q`), answered `ESC_Gi=31;OK ESC\`.
    public static let kittyQuery = "\u{1b}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1b}\\"
    /// Primary device attributes; the reply `ESC[?…c` lists 4 when sixel is supported.
    public static let deviceAttributesQuery = "\u{1b}[c"

    /// Queries the terminal (when there is a channel and the environment allows) and decides.
    public static func detect(channel: TerminalChannel?, environment env: [String: String],
                              timeoutMilliseconds: Int = 100) -> Detection {
        let tmux = inTmux(env)
        if let forced = env["LATENT_IMAGES"].flatMap(DisplayMode.init(name:)) {
            return Detection(mode: forced, tmux: tmux, reason: "LATENT_IMAGES=\(forced)")
        }
        if env["TERM"] == "dumb" { return Detection(mode: .ascii, tmux: tmux, reason: "TERM=dumb") }
        let reply = channel.flatMap { query($0, tmux: tmux, timeoutMilliseconds: timeoutMilliseconds) }
        return decide(reply: reply, environment: env)
    }

    /// Sends both queries and collects the answer until the DA reply or the timeout; nil when silent.
    public static func query(_ channel: TerminalChannel, tmux: Bool, timeoutMilliseconds: Int = 100) -> TerminalReply? {
        let kq = tmux ? TerminalImage.tmuxWrap(kittyQuery) : kittyQuery
        channel.write(Array((kq + deviceAttributesQuery).utf8))
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(max(1, timeoutMilliseconds))
        var buffer: [UInt8] = []
        while clock.now < deadline {
            let left = deadline - clock.now
            let ms = max(1, Int(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            let chunk = channel.read(timeoutMilliseconds: ms)
            if chunk.isEmpty { break }
            buffer += chunk
            if buffer.count > 4096 || parse(buffer).deviceAttributes != nil { break }
        }
        return buffer.isEmpty ? nil : parse(buffer)
    }

    /// Reads the replies out of whatever bytes arrived (other input is ignored).
    public static func parse(_ bytes: [UInt8]) -> TerminalReply {
        let s = String(decoding: bytes, as: UTF8.self)
        var reply = TerminalReply()
        reply.kitty = s.contains("\u{1b}_Gi=31;OK")
        if let start = s.firstRange(of: "\u{1b}[?") {
            let rest = s[start.upperBound...]
            if let end = rest.firstIndex(of: "c") {
                let params = rest[rest.startIndex..<end]
                if params.allSatisfy({ $0.isNumber || $0 == ";" }) {
                    reply.deviceAttributes = params.split(separator: ";").compactMap { Int($0) }
                }
            }
        }
        return reply
    }

    /// The decision from the reply (nil = silent terminal or no channel) and the environment.
    public static func decide(reply: TerminalReply?, environment env: [String: String]) -> Detection {
        let tmux = inTmux(env)
        let term = env["TERM"] ?? ""
        let program = env["TERM_PROGRAM"] ?? ""
        func pick(_ m: DisplayMode, _ why: String) -> Detection { Detection(mode: m, tmux: tmux, reason: why) }
        if reply?.kitty == true { return pick(.kitty, "terminal answered the kitty graphics query") }
        if !tmux && (program == "iTerm.app" || env["LC_TERMINAL"] == "iTerm2") {
            return pick(.iterm, "TERM_PROGRAM=iTerm.app")
        }
        if reply?.sixel == true { return pick(.sixel, "device attributes list sixel (4)") }
        if reply == nil && !tmux {
            if env["KITTY_WINDOW_ID"] != nil || term == "xterm-kitty" || program == "ghostty" {
                return pick(.kitty, "kitty environment (terminal did not answer)")
            }
            if program == "WezTerm" { return pick(.iterm, "TERM_PROGRAM=WezTerm") }
        }
        let why = tmux ? "inside tmux without graphics passthrough; " : ""
        if ["truecolor", "24bit"].contains(env["COLORTERM"]?.lowercased() ?? "") || term.hasSuffix("-direct") {
            return pick(.halfBlocks(trueColor: true), why + "COLORTERM=truecolor")
        }
        if term.contains("256color") { return pick(.halfBlocks(trueColor: false), why + "TERM=\(term)") }
        if term.isEmpty || term == "linux" || term == "vt100" { return pick(.ascii, why + "TERM=\(term)") }
        return pick(.halfBlocks(trueColor: false), why + "TERM=\(term)")
    }

    /// tmux sets `TMUX`; its TERM is screen* or tmux*.
    public static func inTmux(_ env: [String: String]) -> Bool {
        if let t = env["TMUX"], !t.isEmpty { return true }
        let term = env["TERM"] ?? ""
        return term.hasPrefix("tmux") || (term.hasPrefix("screen") && env["TERM_PROGRAM"] == "tmux")
    }
}
