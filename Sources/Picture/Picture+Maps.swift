import Tensor

extension Picture {
    /// A conv layer's filters: weight [O, I, kh, kw] as a grid of enlarged tiles in a
    /// diverging map (blue negative, white zero, red positive), one scale for all filters.
    /// With one input channel the O filters form a square grid; otherwise each row is an
    /// output filter and each column an input channel.
    ///
    ///     try Picture.filters(conv.weight)   // [16, 1, 3, 3] → 4×4 tiles of 36×36 pixels
    public static func filters(_ weight: Tensor, scale: Int = 12, gap: Int = 3) throws -> Canvas {
        let s = weight.shape
        guard s.count == 4 else {
            throw PictureError("filters", "expected a conv weight [out, in, kh, kw], got \(describeShape(s))")
        }
        let (o, i, kh, kw) = (s[0], s[1], s[2], s[3])
        guard o > 0, i > 0, kh > 0, kw > 0, kh <= 64, kw <= 64 else {
            throw PictureError("filters", "cannot draw filters of shape \(describeShape(s))")
        }
        guard o * i <= maxImages else {
            throw PictureError("filters", "\(o)×\(i) kernels is too many to draw (at most \(maxImages))")
        }
        let columns = i == 1 ? Int(Double(o).squareRoot().rounded(.up)) : i
        try checkScale(scale, "filters")
        try checkLayout(o * i, tileWidth: kw * scale, tileHeight: kh * scale, columns: columns, gap: gap, "filters")
        let values = weight.scalars
        let (lo, hi) = finiteExtent(values)
        let m = max(abs(lo), abs(hi))
        let k = kh * kw
        let tiles = (0..<(o * i)).map { j in
            tile(values[(j * k)..<((j + 1) * k)], channels: 1, height: kh, width: kw, lo: -m, hi: m,
                 map: { ColorMap.diverging($0 * 2 - 1) }).scaled(by: scale)
        }
        return arrange(tiles, columns: columns, gap: gap)
    }

    /// Feature maps of one input: [C, H, W] (or [1, C, H, W]) as a grid, each map
    /// stretched over its own min…max in a viridis-like map, so weak channels still show their shape.
    public static func featureMaps(_ maps: Tensor, columns: Int? = nil, scale: Int = 4, gap: Int = 2) throws -> Canvas {
        var s = maps.shape
        if s.count == 4 && s[0] == 1 { s.removeFirst() }
        if s.count == 2 { s = [1] + s }
        guard s.count == 3 else {
            throw PictureError("featureMaps", "expected maps [C, H, W] or [1, C, H, W], got \(describeShape(maps.shape))")
        }
        let (c, h, w) = (s[0], s[1], s[2])
        guard c > 0 else { throw PictureError("featureMaps", "no maps to draw (shape \(describeShape(maps.shape)))") }
        guard c <= maxImages else {
            throw PictureError("featureMaps", "\(c) maps is too many to draw at once (at most \(maxImages))")
        }
        try checkSide(h, w, "featureMaps", maps.shape)
        try checkScale(scale, "featureMaps")
        let cols = max(1, min(c, columns ?? Int(Double(c).squareRoot().rounded(.up))))
        try checkLayout(c, tileWidth: w * scale, tileHeight: h * scale, columns: cols, gap: gap, "featureMaps")
        let values = maps.scalars
        let plane = h * w
        let tiles = (0..<c).map { j -> Canvas in
            let slice = values[(j * plane)..<((j + 1) * plane)]
            let (lo, hi) = finiteExtent(Array(slice))
            return tile(slice, channels: 1, height: h, width: w, lo: lo, hi: hi, map: ColorMap.viridis)
                .scaled(by: scale)
        }
        return arrange(tiles, columns: cols, gap: gap)
    }

    /// A vector (e.g. the 72 values of a latent code) as a heat strip of `scale`-pixel
    /// cells in a viridis-like map over its min…max. Columns default to a divisor near √D
    /// (72 → 9 columns × 8 rows).
    public static func vector(_ v: Tensor, columns: Int? = nil, scale: Int = 12) throws -> Canvas {
        let n = v.count
        guard n > 0 else { throw PictureError("vector", "no values to draw (shape \(describeShape(v.shape)))") }
        guard n <= 1 << 20 else { throw PictureError("vector", "\(n) values is too many to draw as a strip") }
        let cols = max(1, min(n, columns ?? defaultColumns(n)))
        let rows = (n + cols - 1) / cols
        try checkScale(scale, "vector")
        try checkLayout(1, tileWidth: cols * scale, tileHeight: rows * scale, columns: 1, gap: 0, "vector")
        let values = v.scalars
        let (lo, hi) = finiteExtent(values)
        var out = Canvas(width: cols, height: rows, background: gapColor)
        for (i, x) in values.enumerated() {
            out[i % cols, i / cols] = ColorMap.viridis(normalise(x, lo, hi))
        }
        return out.scaled(by: scale)
    }

    /// A divisor of n close to √n when one exists (so the strip is a full rectangle), else ⌈√n⌉.
    static func defaultColumns(_ n: Int) -> Int {
        if n <= 16 { return n }
        let root = Int(Double(n).squareRoot().rounded(.up))
        for c in root...(2 * root) where n % c == 0 { return c }
        return root
    }
}
