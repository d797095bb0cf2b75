/// An RGB picture in memory: what every Picture function draws into and every
/// display encoder reads from.
///
///     var c = Canvas(width: 100, height: 50)
///     c.fill(x: 10, y: 10, width: 20, height: 5, color: .black)
///     c.text("loss", x: 40, y: 20, color: .black)
///     let big = c.scaled(by: 4)
public struct Canvas: Equatable, Sendable {
    /// The largest side a canvas may have, and the most pixels (≈ 100 MB); larger requests
    /// are clamped so that a typo cannot allocate gigabytes.
    public static let maxSide = 8192
    public static let maxPixels = 1 << 25
    /// The largest width or height a plot may be asked for.
    public static let maxPlotSide = 4096

    /// Size in pixels.
    public let width: Int
    public let height: Int
    /// Row-major pixels, `pixels[y * width + x]`.
    public var pixels: [RGB]
    /// What reads outside the canvas return.
    public let background: RGB

    /// A canvas filled with `background` (white by default).
    public init(width: Int, height: Int, background: RGB = .white) {
        self.width = min(Canvas.maxSide, max(0, width))
        self.height = min(Canvas.maxSide, max(0, height), Canvas.maxPixels / max(1, self.width))
        self.background = background
        self.pixels = Array(repeating: background, count: self.width * self.height)
    }

    /// Reads outside the canvas return the background; writes outside are ignored.
    public subscript(x: Int, y: Int) -> RGB {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return background }
            return pixels[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            pixels[y * width + x] = newValue
        }
    }

    /// Fills a rectangle, clipped to the canvas.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, color: RGB) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + max(0, w)), y1 = min(height, y + max(0, h))
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 {
            let row = yy * width
            for xx in x0..<x1 { pixels[row + xx] = color }
        }
    }

    /// Draws a 1-pixel outline of a rectangle.
    public mutating func stroke(x: Int, y: Int, width w: Int, height h: Int, color: RGB) {
        guard w > 0, h > 0 else { return }
        fill(x: x, y: y, width: w, height: 1, color: color)
        fill(x: x, y: y + h - 1, width: w, height: 1, color: color)
        fill(x: x, y: y, width: 1, height: h, color: color)
        fill(x: x + w - 1, y: y, width: 1, height: h, color: color)
    }

    /// A straight line (Bresenham); `thickness` > 1 draws a square brush.
    public mutating func line(x0: Int, y0: Int, x1: Int, y1: Int, color: RGB, thickness: Int = 1) {
        // Far-off endpoints (a NaN turned huge) would loop for ages: clip the work.
        let limit = 4 * Canvas.maxSide
        guard abs(x0) < limit, abs(y0) < limit, abs(x1) < limit, abs(y1) < limit else { return }
        let t = max(1, min(16, thickness)), off = (t - 1) / 2
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            if t == 1 { self[x, y] = color } else { fill(x: x - off, y: y - off, width: t, height: t, color: color) }
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// Copies `other` with its top-left corner at (x, y), clipped.
    public mutating func draw(_ other: Canvas, x: Int, y: Int) {
        for yy in 0..<other.height {
            let ty = y + yy
            guard ty >= 0, ty < height else { continue }
            for xx in 0..<other.width {
                let tx = x + xx
                guard tx >= 0, tx < width else { continue }
                pixels[ty * width + tx] = other.pixels[yy * other.width + xx]
            }
        }
    }

    /// Nearest-neighbour enlargement: every pixel becomes a `factor`×`factor` square,
    /// so a 28×28 digit scaled by 8 is a crisp 224×224 picture. Factors below 1 act as 1.
    public func scaled(by factor: Int) -> Canvas {
        let fitSide = Canvas.maxSide / max(1, max(width, height))
        let fitArea = Int((Double(Canvas.maxPixels) / Double(max(1, width * height))).squareRoot())
        let f = max(1, min(factor, fitSide, fitArea))
        guard f > 1 else { return self }
        var out = Canvas(width: width * f, height: height * f, background: background)
        for y in 0..<out.height {
            let src = (y / f) * width
            let dst = y * out.width
            for x in 0..<out.width { out.pixels[dst + x] = pixels[src + x / f] }
        }
        return out
    }

    /// Nearest-neighbour resampling to an exact size (used to fit terminal widths).
    public func resized(width w: Int, height h: Int) -> Canvas {
        var out = Canvas(width: w, height: h, background: background)
        guard width > 0, height > 0 else { return out }
        for y in 0..<out.height {
            let sy = min(height - 1, y * height / max(1, out.height))
            for x in 0..<out.width {
                out.pixels[y * out.width + x] = pixels[sy * width + min(width - 1, x * width / max(1, out.width))]
            }
        }
        return out
    }

    /// Area-averaging reduction to an exact smaller size: each output pixel is the mean of
    /// the source pixels it covers, so thin strokes fade instead of vanishing (terminal text modes).
    public func averaged(width w: Int, height h: Int) -> Canvas {
        guard w > 0, h > 0, w < width || h < height, width > 0, height > 0 else { return resized(width: w, height: h) }
        var out = Canvas(width: w, height: h, background: background)
        for y in 0..<out.height {
            let y0 = y * height / out.height, y1 = max(y0 + 1, (y + 1) * height / out.height)
            for x in 0..<out.width {
                let x0 = x * width / out.width, x1 = max(x0 + 1, (x + 1) * width / out.width)
                var r = 0, g = 0, b = 0
                for yy in y0..<min(y1, height) {
                    for xx in x0..<min(x1, width) {
                        let p = pixels[yy * width + xx]
                        r += Int(p.r); g += Int(p.g); b += Int(p.b)
                    }
                }
                let n = max(1, (min(y1, height) - y0) * (min(x1, width) - x0))
                out.pixels[y * out.width + x] = RGB(UInt8(r / n), UInt8(g / n), UInt8(b / n))
            }
        }
        return out
    }
}
