extension TerminalImage {
    /// Largest base64 payload per kitty escape (the protocol's limit).
    public static let kittyChunkSize = 4096

    /// kitty graphics protocol: PNG bytes (`f=100`), transmitted and displayed at once (`a=T`),
    /// replies suppressed (`q=2`), base64 split into chunks of at most 4096 characters:
    ///
    ///     ESC _G a=T,f=100,q=2,m=1 ; <chunk 1> ESC \
    ///     ESC _G m=1 ; <chunk 2> ESC \
    ///     ESC _G m=0 ; <last chunk> ESC \
    ///
    /// Inside tmux each chunk is wrapped in passthrough on its own (tmux limits one passthrough).
    public static func kitty(pngBytes: [UInt8], tmux: Bool = false, columns: Int? = nil) -> String {
        let payload = Array(base64(pngBytes).utf8)
        var chunks: [ArraySlice<UInt8>] = []
        var i = 0
        repeat {
            chunks.append(payload[i..<min(payload.count, i + kittyChunkSize)])
            i += kittyChunkSize
        } while i < payload.count
        var out = ""
        for (k, chunk) in chunks.enumerated() {
            let more = k < chunks.count - 1 ? 1 : 0
            var keys = "m=\(more)"
            if k == 0 {
                keys = "a=T,f=100,q=2" + (columns.map { ",c=\($0)" } ?? "") + ",m=\(more)"
            }
            let piece = esc + "_G" + keys + ";" + String(decoding: chunk, as: UTF8.self) + esc + "\\"
            out += tmux ? tmuxWrap(piece) : piece
        }
        return out
    }

    /// iTerm2 inline image (OSC 1337), terminated by BEL:
    ///
    ///     ESC ]1337;File=inline=1;size=<bytes>;preserveAspectRatio=1:<base64> BEL
    public static func iterm(pngBytes: [UInt8]) -> String {
        esc + "]1337;File=inline=1;size=\(pngBytes.count);preserveAspectRatio=1:" + base64(pngBytes) + "\u{07}"
    }
}
