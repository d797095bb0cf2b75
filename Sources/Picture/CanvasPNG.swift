import Data

extension Canvas {
    /// The canvas as Data's interleaved 8-bit RGB pixels (exact, no Float round trip).
    public var pngPixels: PNG.Pixels {
        var bytes = [UInt8](repeating: 0, count: 3 * pixels.count)
        for (i, p) in pixels.enumerated() {
            bytes[3 * i] = p.r
            bytes[3 * i + 1] = p.g
            bytes[3 * i + 2] = p.b
        }
        return PNG.Pixels(width: width, height: height, channels: 3, bytes: bytes)
    }

    /// A canvas from decoded PNG pixels (gray, gray+alpha, RGB or RGBA; alpha is dropped).
    public init(pixels p: PNG.Pixels) throws {
        guard (1...4).contains(p.channels), p.width >= 0, p.height >= 0,
              p.bytes.count == p.width * p.height * p.channels else {
            throw PictureError("canvas", "pixels \(p.width)×\(p.height)×\(p.channels) do not match \(p.bytes.count) bytes")
        }
        self.init(width: p.width, height: p.height)
        let c = p.channels
        for i in 0..<(width * height) {
            let b = p.bytes[(i * c)..<(i * c + c)].map { $0 }
            pixels[i] = c >= 3 ? RGB(b[0], b[1], b[2]) : RGB.gray(b[0])
        }
    }

    /// PNG file bytes (through Data's libpng writer), e.g. for the kitty and iTerm2 protocols.
    public func pngBytes() throws -> [UInt8] {
        guard width > 0, height > 0 else { throw PictureError("png", "cannot encode an empty \(width)×\(height) picture") }
        return try PNG.encode(pngPixels)
    }

    /// The canvas as one 8-bit gray channel when every pixel is gray, else nil.
    var grayPixels: PNG.Pixels? {
        var bytes = [UInt8](repeating: 0, count: pixels.count)
        for (i, p) in pixels.enumerated() {
            guard p.r == p.g, p.g == p.b else { return nil }
            bytes[i] = p.r
        }
        return PNG.Pixels(width: width, height: height, channels: 1, bytes: bytes)
    }

    /// Writes the canvas as a PNG file (atomically, through Data): gray when every
    /// pixel is gray, so a saved digit loads back with `folder(…)` as one channel,
    /// as it was; RGB otherwise.
    ///
    ///     try Picture.image(x, scale: 8).writePNG(to: "digit.png")
    public func writePNG(to path: String) throws {
        guard width > 0, height > 0 else { throw PictureError("png", "cannot save an empty \(width)×\(height) picture") }
        try PNG.write(grayPixels ?? pngPixels, to: path)
    }
}
