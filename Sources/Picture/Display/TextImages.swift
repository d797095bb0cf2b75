extension TerminalImage {
    /// The ASCII ramp, darkest first.
    public static let asciiRamp = Array(" .:-=+*#%@")

    /// Unicode half blocks: each cell is `▀` with the top pixel as foreground and the
    /// bottom pixel as background, so pixels come out square. Colour codes are written
    /// only when they change; every line ends with `ESC[0m` and a newline. An odd last
    /// row leaves the background at its default (`ESC[49m`).
    ///
    ///     ESC[38;2;255;0;0m ESC[48;2;0;0;255m ▀ … ESC[0m\n       (trueColor)
    ///     ESC[38;5;196m ESC[48;5;21m ▀ … ESC[0m\n                 (256 colours)
    public static func halfBlocks(_ c: Canvas, trueColor: Bool = true) -> String {
        func code(_ p: RGB, _ layer: Int) -> String {
            trueColor ? "\(esc)[\(layer);2;\(p.r);\(p.g);\(p.b)m" : "\(esc)[\(layer);5;\(xterm256(p))m"
        }
        var out = ""
        var y = 0
        while y < c.height {
            var fg: RGB? = nil, bg: RGB?? = nil
            for x in 0..<c.width {
                let top = c[x, y]
                let bottom: RGB? = y + 1 < c.height ? c[x, y + 1] : nil
                if fg != top { out += code(top, 38); fg = top }
                if bg != .some(bottom) {
                    out += bottom.map { code($0, 48) } ?? "\(esc)[49m"
                    bg = .some(bottom)
                }
                out += "▀"
            }
            out += "\(esc)[0m\n"
            y += 2
        }
        return out
    }

    /// Plain text: one character per column and two rows (terminal cells are about twice
    /// as tall as wide), the pair's mean luminance picking from `" .:-=+*#%@"`.
    /// Light pixels get dense characters, so a white digit on black reads as `@` on blank.
    public static func ascii(_ c: Canvas) -> String {
        var out = ""
        var y = 0
        while y < c.height {
            for x in 0..<c.width {
                let l = y + 1 < c.height ? (c[x, y].luminance + c[x, y + 1].luminance) / 2 : c[x, y].luminance
                out.append(asciiRamp[min(asciiRamp.count - 1, max(0, Int(l * Double(asciiRamp.count))))])
            }
            out += "\n"
            y += 2
        }
        return out
    }

    /// The nearest colour of the xterm 256-colour palette: the 6×6×6 cube (16…231) or the
    /// gray ramp (232…255), whichever is closer.
    public static func xterm256(_ p: RGB) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearest(_ v: UInt8) -> Int {
            var best = 0
            for (i, l) in levels.enumerated() where abs(l - Int(v)) < abs(levels[best] - Int(v)) { best = i }
            return best
        }
        let (r, g, b) = (nearest(p.r), nearest(p.g), nearest(p.b))
        func dist(_ a: (Int, Int, Int)) -> Int {
            let (dr, dg, db) = (a.0 - Int(p.r), a.1 - Int(p.g), a.2 - Int(p.b))
            return dr * dr + dg * dg + db * db
        }
        let cube = (levels[r], levels[g], levels[b])
        let mean = (Int(p.r) + Int(p.g) + Int(p.b)) / 3
        let grayIndex = max(0, min(23, (mean - 8 + 5) / 10))
        let gray = 8 + 10 * grayIndex
        return dist((gray, gray, gray)) < dist(cube) ? 232 + grayIndex : 16 + 36 * r + 6 * g + b
    }
}
