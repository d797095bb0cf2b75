import Tensor

extension RGBImage {
    /// An 8-bit colour (nested, so it cannot clash with a visualisation module's own colour type).
    public struct Color: Equatable, Hashable, Sendable {
        public var r: UInt8, g: UInt8, b: UInt8
        public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }
        /// A gray level from a value in [0, 1] (clamped; NaN is black).
        public init(gray v: Float) {
            let x = UInt8((v > 0 ? min(v, 1) : 0) * 255 + 0.5)
            self.init(x, x, x)
        }

        public static let black = Color(0, 0, 0)
        public static let white = Color(255, 255, 255)
        public static let gray = Color(128, 128, 128)
        public static let red = Color(214, 39, 40)
        public static let blue = Color(31, 119, 180)

        /// Ten distinct colours (matplotlib's tab10), one per digit class in latent maps.
        public static let classColors: [Color] = [
            Color(31, 119, 180), Color(255, 127, 14), Color(44, 160, 44), Color(214, 39, 40), Color(148, 103, 189),
            Color(140, 86, 75), Color(227, 119, 194), Color(127, 127, 127), Color(188, 189, 34), Color(23, 190, 207),
        ]

        /// The colour of class `i` (cycling for more than ten classes).
        public static func forClass(_ i: Int) -> Color { classColors[((i % 10) + 10) % 10] }
    }
}

/// A small RGB canvas that visualisations draw into (image grids, latent-space
/// maps, loss curves) and then save as PNG or show in the terminal.
/// Drawing outside the canvas is clipped, never an error.
///
///     var canvas = RGBImage(width: 280, height: 28)
///     for i in 0..<10 { canvas.draw(try mnist.test.image(at: i), x: 28 * i, y: 0) }
///     try canvas.write(to: "digits.png")
public struct RGBImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// Row-major, 3 bytes (R, G, B) per pixel.
    public var pixels: [UInt8]

    /// A canvas filled with `background` (sizes below 0 count as 0).
    public init(width: Int, height: Int, background: Color = .white) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        let n = self.width * self.height
        var p = [UInt8](repeating: 0, count: n * 3)
        for i in 0..<n { p[3 * i] = background.r; p[3 * i + 1] = background.g; p[3 * i + 2] = background.b }
        pixels = p
    }

    /// The colour at (x, y), or nil outside the canvas.
    public func pixel(x: Int, y: Int) -> Color? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        let o = 3 * (y * width + x)
        return Color(pixels[o], pixels[o + 1], pixels[o + 2])
    }

    /// Sets one pixel; ignored outside the canvas.
    public mutating func set(x: Int, y: Int, _ c: Color) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let o = 3 * (y * width + x)
        pixels[o] = c.r; pixels[o + 1] = c.g; pixels[o + 2] = c.b
    }

    /// Fills a rectangle (clipped).
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ c: Color) {
        let x0 = max(x, 0), y0 = max(y, 0), x1 = min(x + w, width), y1 = min(y + h, height)
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 { for xx in x0..<x1 { set(x: xx, y: yy, c) } }
    }

    /// A one-pixel line from (x0, y0) to (x1, y1) (Bresenham; clipped per pixel).
    public mutating func line(from p0: (x: Int, y: Int), to p1: (x: Int, y: Int), _ c: Color) {
        var (x, y) = p0
        let dx = abs(p1.x - x), dy = -abs(p1.y - y)
        let sx = x < p1.x ? 1 : -1, sy = y < p1.y ? 1 : -1
        var err = dx + dy
        // Bound the walk so absurd coordinates cannot loop for long.
        var steps = 0
        while steps <= 4 * (width + height) + dx - dy {
            set(x: x, y: y, c)
            if x == p1.x && y == p1.y { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
            steps += 1
        }
    }

    /// Draws an image tensor (`[H, W]`, `[1, H, W]` or `[3, H, W]`, values in
    /// [0, 1]) with its top-left corner at (x, y), each pixel as a `scale`×`scale` block.
    public mutating func draw(_ image: Tensor, x: Int, y: Int, scale: Int = 1) throws {
        let p = try PNG.pixels(of: image, file: "draw")
        let s = max(scale, 1)
        for row in 0..<p.height {
            for col in 0..<p.width {
                let o = (row * p.width + col) * p.channels
                let c = p.channels >= 3 ? Color(p.bytes[o], p.bytes[o + 1], p.bytes[o + 2])
                                        : Color(p.bytes[o], p.bytes[o], p.bytes[o])
                if s == 1 { set(x: x + col, y: y + row, c) }
                else { fill(x: x + col * s, y: y + row * s, width: s, height: s, c) }
            }
        }
    }

    /// The canvas as a tensor `[3, H, W]` in [0, 1].
    public var tensor: Tensor { PNG.tensor(of: png) }

    var png: PNG.Pixels { PNG.Pixels(width: width, height: height, channels: 3, bytes: pixels) }

    /// PNG file bytes (for inline terminal images).
    public func pngData() throws -> [UInt8] { try PNG.encode(png) }

    /// Saves as an 8-bit RGB PNG.
    public func write(to path: String) throws { try PNG.write(png, to: path) }
}
