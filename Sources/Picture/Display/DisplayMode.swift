/// How a terminal can show a picture, best first.
public enum DisplayMode: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// kitty graphics protocol (kitty, WezTerm, Ghostty, Konsole): PNG bytes in APC escapes.
    case kitty
    /// iTerm2 inline images (OSC 1337), also understood by WezTerm and others.
    case iterm
    /// DEC sixel graphics (xterm -ti vt340, foot, mlterm, Windows Terminal, tmux 3.4+).
    case sixel
    /// Unicode upper half blocks `▀`, two pixels per cell, in 24-bit colour or the xterm 256-colour palette.
    case halfBlocks(trueColor: Bool)
    /// Plain ASCII shades `" .:-=+*#%@"`, for dumb terminals and logs.
    case ascii
    /// No picture at all (output is not a terminal, or the user asked for none).
    case none

    /// Names accepted by `--images` / `LATENT_IMAGES`.
    public init?(name: String) {
        switch name.lowercased() {
        case "kitty": self = .kitty
        case "iterm", "iterm2": self = .iterm
        case "sixel": self = .sixel
        case "blocks", "halfblocks", "truecolor": self = .halfBlocks(trueColor: true)
        case "blocks256", "256": self = .halfBlocks(trueColor: false)
        case "ascii", "text": self = .ascii
        case "none", "off": self = .none
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .kitty: return "kitty"
        case .iterm: return "iterm"
        case .sixel: return "sixel"
        case .halfBlocks(let t): return t ? "blocks" : "blocks256"
        case .ascii: return "ascii"
        case .none: return "none"
        }
    }

    /// True for the modes that send pixels (and so need PNG bytes or a palette), false for text modes.
    public var isGraphics: Bool {
        switch self {
        case .kitty, .iterm, .sixel: return true
        default: return false
        }
    }
}

/// Terminal encodings of a canvas: pure functions from pixels to escape sequences.
/// The Terminal module decides the mode and writes the bytes.
///
///     let s = try TerminalImage.encode(canvas, as: .halfBlocks(trueColor: true), maxColumns: 80)
public enum TerminalImage {
    static let esc = "\u{1b}"

    /// The whole encoding of `canvas` for `mode`. Text modes shrink the picture (area
    /// average) to at most `maxColumns` cells wide; `tmux` wraps kitty and iTerm2 in passthrough.
    public static func encode(_ canvas: Canvas, as mode: DisplayMode, tmux: Bool = false,
                              maxColumns: Int? = nil) throws -> String {
        switch mode {
        case .kitty:
            return kitty(pngBytes: try canvas.pngBytes(), tmux: tmux)
        case .iterm:
            let s = iterm(pngBytes: try canvas.pngBytes())
            return tmux ? tmuxWrap(s) : s
        case .sixel:
            // Inside tmux, sixel is chosen only when tmux itself answers DA with 4: tmux draws
            // sixel (3.4+), so it must receive it directly rather than through passthrough.
            return sixel(canvas)
        case .halfBlocks(let trueColor):
            return halfBlocks(fitted(canvas, columns: maxColumns), trueColor: trueColor)
        case .ascii:
            return ascii(fitted(canvas, columns: maxColumns))
        case .none:
            return ""
        }
    }

    /// Shrinks a canvas to `columns` pixels wide keeping its aspect ratio (never enlarges),
    /// averaging areas so strokes survive.
    static func fitted(_ c: Canvas, columns: Int?) -> Canvas {
        guard let columns, columns > 0, c.width > columns else { return c }
        let h = max(1, c.height * columns / max(1, c.width))
        return c.averaged(width: columns, height: h)
    }

    /// tmux DCS passthrough: `ESC P tmux;` + the sequence with every ESC doubled + `ESC \`.
    /// (tmux needs `set -g allow-passthrough on` for this to reach the outer terminal.)
    public static func tmuxWrap(_ s: String) -> String {
        esc + "Ptmux;" + s.replacing(esc, with: esc + esc) + esc + "\\"
    }

    /// Standard base64 (RFC 4648) with `=` padding.
    public static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [table[Int(n >> 18 & 63)], table[Int(n >> 12 & 63)], table[Int(n >> 6 & 63)], table[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [table[Int(n >> 18 & 63)], table[Int(n >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [table[Int(n >> 18 & 63)], table[Int(n >> 12 & 63)], table[Int(n >> 6 & 63)], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
