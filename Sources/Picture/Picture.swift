import Tensor

/// Tensors as pictures: single images, batches, filters, feature maps,
/// reconstructions and interpolation rows. Every function returns a `Canvas`
/// and throws `PictureError` naming the shape when it cannot draw its input.
///
///     let digit = try Picture.image(x, scale: 8)       // [1, 28, 28] → 224×224
///     let batch = try Picture.grid(images, columns: 8)  // [N, 1, 28, 28]
public enum Picture {
    /// The most images one grid draws; more is almost always a mistake (a whole dataset).
    public static let maxImages = 4096
    /// The gap colour between tiles: a mid gray that separates black-background digits and white plots alike.
    public static let gapColor = RGB.gray(128)

    /// One image: [H, W], [1, H, W] (gray) or [3, H, W] (colour), enlarged `scale` times.
    public static func image(_ t: Tensor, scale: Int = 1, range: ValueRange = .auto) throws -> Canvas {
        let s = t.shape
        let (c, h, w): (Int, Int, Int)
        switch s.count {
        case 2: (c, h, w) = (1, s[0], s[1])
        case 3 where s[0] == 1 || s[0] == 3: (c, h, w) = (s[0], s[1], s[2])
        case 4 where s[0] == 1 && (s[1] == 1 || s[1] == 3): (c, h, w) = (s[1], s[2], s[3])
        default:
            throw PictureError("image", "expected [H, W], [1, H, W] or [3, H, W], got \(describeShape(s))")
        }
        try checkSide(h, w, "image", s)
        try checkScale(scale, "image")
        try checkLayout(1, tileWidth: w * scale, tileHeight: h * scale, columns: 1, gap: 0, "image")
        let values = t.scalars
        let (lo, hi) = range.bounds(values)
        return tile(values[...], channels: c, height: h, width: w, lo: lo, hi: hi).scaled(by: scale)
    }

    /// A batch [N, C, H, W] (C = 1 or 3) as a grid of tiles separated by `gap` pixels.
    /// One brightness range is shared by the whole batch so tiles compare fairly.
    public static func grid(_ batch: Tensor, columns: Int? = nil, scale: Int = 1, gap: Int = 2,
                            range: ValueRange = .auto) throws -> Canvas {
        let (n, c, h, w) = try batchShape(batch, "grid")
        let cols = max(1, min(n, columns ?? Int(Double(n).squareRoot().rounded(.up))))
        try checkScale(scale, "grid")
        guard (0...64).contains(gap) else { throw PictureError("grid", "gap \(gap) is outside 0…64") }
        try checkLayout(n, tileWidth: w * scale, tileHeight: h * scale, columns: cols, gap: gap, "grid")
        let values = batch.scalars
        let (lo, hi) = range.bounds(values)
        let tiles = (0..<n).map { i in
            tile(values[(i * c * h * w)..<((i + 1) * c * h * w)], channels: c, height: h, width: w, lo: lo, hi: hi)
                .scaled(by: scale)
        }
        return arrange(tiles, columns: cols, gap: gap)
    }

    /// A list of image tensors of one shape, as `grid` would draw them stacked.
    public static func grid(_ images: [Tensor], columns: Int? = nil, scale: Int = 1, gap: Int = 2,
                            range: ValueRange = .auto) throws -> Canvas {
        guard let first = images.first else { throw PictureError("grid", "no images to draw") }
        let shape = first.shape.count == 2 ? [1] + first.shape : first.shape
        var all: [Float] = []
        for t in images {
            let s = t.shape.count == 2 ? [1] + t.shape : t.shape
            guard s == shape else {
                throw PictureError("grid", "images differ in shape: \(describeShape(first.shape)) and \(describeShape(t.shape))")
            }
            all += t.scalars
        }
        let batch = try Tensor(shape: [images.count] + shape, scalars: all)
        return try grid(batch, columns: columns, scale: scale, gap: gap, range: range)
    }

    /// Two rows: `inputs` on top and their reconstructions `outputs` below, labelled.
    /// Both [N, C, H, W] (or one image [C, H, W]) of the same shape, shown in 0…1.
    public static func pairs(inputs: Tensor, outputs: Tensor, scale: Int = 3, gap: Int = 2) throws -> Canvas {
        let a = try asBatch(inputs, "pairs"), b = try asBatch(outputs, "pairs")
        guard a.shape == b.shape else {
            throw PictureError("pairs", "inputs \(describeShape(inputs.shape)) and outputs \(describeShape(outputs.shape)) differ")
        }
        let top = try grid(a, columns: a.shape[0], scale: scale, gap: gap, range: .unit)
        let bottom = try grid(b, columns: b.shape[0], scale: scale, gap: gap, range: .unit)
        return labelledRows([("input", top), ("output", bottom)], gap: gap)
    }

    /// An interpolation strip: [N, C, H, W] images side by side in one row, in 0…1.
    public static func row(_ images: Tensor, scale: Int = 3, gap: Int = 2) throws -> Canvas {
        let b = try asBatch(images, "row")
        return try grid(b, columns: b.shape[0], scale: scale, gap: gap, range: .unit)
    }

    // MARK: helpers shared by the picture files

    /// One tile from `c` channels of `h`×`w` values (gray if c = 1, RGB if c = 3).
    static func tile(_ v: ArraySlice<Float>, channels c: Int, height h: Int, width w: Int,
                     lo: Double, hi: Double, map: (Double) -> RGB = ColorMap.gray) -> Canvas {
        var out = Canvas(width: w, height: h)
        let base = v.startIndex, plane = h * w
        for i in 0..<plane {
            if c == 3 {
                func u(_ k: Int) -> UInt8 { UInt8((normalise(v[base + k * plane + i], lo, hi) * 255).rounded()) }
                out.pixels[i] = RGB(u(0), u(1), u(2))
            } else {
                out.pixels[i] = map(normalise(v[base + i], lo, hi))
            }
        }
        return out
    }

    /// Tiles in rows of `columns`, `gap` pixels apart, on the gap colour.
    static func arrange(_ tiles: [Canvas], columns: Int, gap: Int) -> Canvas {
        guard let first = tiles.first else { return Canvas(width: 0, height: 0) }
        let g = max(0, gap), cols = max(1, columns)
        let rows = (tiles.count + cols - 1) / cols
        let tw = tiles.map(\.width).max() ?? first.width, th = tiles.map(\.height).max() ?? first.height
        var out = Canvas(width: cols * tw + (cols - 1) * g, height: rows * th + (rows - 1) * g, background: gapColor)
        for (i, t) in tiles.enumerated() {
            out.draw(t, x: (i % cols) * (tw + g), y: (i / cols) * (th + g))
        }
        return out
    }

    /// Rows with a text label at the left of each, on a white background.
    static func labelledRows(_ rows: [(String, Canvas)], gap: Int) -> Canvas {
        let height = rows.map(\.1.height).max() ?? 0
        let k = height >= 48 ? 2 : 1
        let labelWidth = (rows.map { Canvas.textWidth($0.0, scale: k) }.max() ?? 0) + 8
        let width = labelWidth + (rows.map(\.1.width).max() ?? 0)
        let total = rows.reduce(0) { $0 + $1.1.height } + max(0, rows.count - 1) * max(0, gap) * 2
        var out = Canvas(width: width, height: total)
        var y = 0
        for (label, c) in rows {
            out.text(label, x: 2, y: y + (c.height - Canvas.textHeight(scale: k)) / 2, color: .black, scale: k)
            out.draw(c, x: labelWidth, y: y)
            y += c.height + max(0, gap) * 2
        }
        return out
    }

    /// [N, C, H, W] with C = 1 or 3, checked.
    static func batchShape(_ t: Tensor, _ fn: String) throws -> (Int, Int, Int, Int) {
        let s = t.shape
        guard s.count == 4, s[1] == 1 || s[1] == 3 else {
            throw PictureError(fn, "expected a batch [N, 1, H, W] or [N, 3, H, W], got \(describeShape(s))")
        }
        guard s[0] > 0 else { throw PictureError(fn, "no images to draw (shape \(describeShape(s)))") }
        guard s[0] <= maxImages else {
            throw PictureError(fn, "\(s[0]) images is too many to draw at once (at most \(maxImages)); take a slice first")
        }
        try checkSide(s[2], s[3], fn, s)
        return (s[0], s[1], s[2], s[3])
    }

    /// One image [C, H, W] becomes a batch of one; [H, W] becomes [1, 1, H, W]; other ranks throw.
    static func asBatch(_ t: Tensor, _ fn: String = "images") throws -> Tensor {
        switch t.shape.count {
        case 2: return try t.reshape([1, 1] + t.shape)
        case 3: return try t.reshape([1] + t.shape)
        case 4: return t
        default:
            throw PictureError(fn, "expected images [H, W], [C, H, W] or [N, C, H, W], got \(describeShape(t.shape))")
        }
    }

    /// Enlargement factors a person would ask for: 1…64.
    static func checkScale(_ scale: Int, _ fn: String) throws {
        guard (1...64).contains(scale) else { throw PictureError(fn, "scale \(scale) is outside 1…64") }
    }

    /// Throws when `count` tiles of `w`×`h` pixels in `columns` would not fit one canvas.
    static func checkLayout(_ count: Int, tileWidth w: Int, tileHeight h: Int, columns: Int, gap: Int, _ fn: String) throws {
        let cols = max(1, min(count, columns)), rows = (count + cols - 1) / cols
        let width = cols * w + (cols - 1) * max(0, gap), height = rows * h + (rows - 1) * max(0, gap)
        guard width <= Canvas.maxSide, height <= Canvas.maxSide, width * height <= Canvas.maxPixels else {
            throw PictureError(fn, "the picture would be \(width)×\(height) pixels (at most \(Canvas.maxSide) a side and \(Canvas.maxPixels) pixels); use a smaller scale or fewer images")
        }
    }

    static func checkSide(_ h: Int, _ w: Int, _ fn: String, _ s: [Int]) throws {
        guard h > 0, w > 0, h <= Canvas.maxSide, w <= Canvas.maxSide else {
            throw PictureError(fn, "cannot draw an image \(h)×\(w) (shape \(describeShape(s)))")
        }
    }
}
