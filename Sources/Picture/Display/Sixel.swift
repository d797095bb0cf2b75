extension TerminalImage {
    /// A palette of at most 256 colours for `c` and each pixel's index into it: the exact
    /// colours when there are few (plots, digits), else the 256 most popular 5-bit-per-channel
    /// colour bins (each the mean of its pixels) with every bin mapped to its nearest entry.
    public static func quantise(_ c: Canvas) -> (palette: [RGB], indices: [UInt8]) {
        var exact: [RGB: UInt8] = [:]
        var palette: [RGB] = []
        var indices = [UInt8](repeating: 0, count: c.pixels.count)
        var fits = true
        for (i, p) in c.pixels.enumerated() {
            if let k = exact[p] { indices[i] = k; continue }
            guard palette.count < 256 else { fits = false; break }
            exact[p] = UInt8(palette.count)
            indices[i] = UInt8(palette.count)
            palette.append(p)
        }
        if fits { return (palette, indices) }

        func bin(_ p: RGB) -> Int { Int(p.r >> 3) << 10 | Int(p.g >> 3) << 5 | Int(p.b >> 3) }
        var count = [Int](repeating: 0, count: 1 << 15)
        var sums = [(Int, Int, Int)](repeating: (0, 0, 0), count: 1 << 15)
        for p in c.pixels {
            let k = bin(p)
            count[k] += 1
            sums[k].0 += Int(p.r); sums[k].1 += Int(p.g); sums[k].2 += Int(p.b)
        }
        let used = count.indices.filter { count[$0] > 0 }
        let popular = used.sorted { count[$0] != count[$1] ? count[$0] > count[$1] : $0 < $1 }.prefix(256)
        palette = popular.map { k in
            let n = count[k]
            return RGB(UInt8(sums[k].0 / n), UInt8(sums[k].1 / n), UInt8(sums[k].2 / n))
        }
        var binIndex = [UInt8](repeating: 0, count: 1 << 15)
        for k in used {
            let n = count[k]
            let (r, g, b) = (sums[k].0 / n, sums[k].1 / n, sums[k].2 / n)
            var best = 0, bestDistance = Int.max
            for (j, q) in palette.enumerated() {
                let (dr, dg, db) = (r - Int(q.r), g - Int(q.g), b - Int(q.b))
                let d = dr * dr + dg * dg + db * db
                if d < bestDistance { best = j; bestDistance = d }
            }
            binIndex[k] = UInt8(best)
        }
        for (i, p) in c.pixels.enumerated() { indices[i] = binIndex[bin(p)] }
        return (palette, indices)
    }

    /// DEC sixel: `ESC P 0;1;0 q "1;1;W;H`, the palette as `#i;2;r;g;b` (percent),
    /// then bands of six rows — per colour `#i` and run-length-coded sixels (`!n c`),
    /// `$` back to the band's start, `-` to the next band — and `ESC \`.
    public static func sixel(_ c: Canvas) -> String {
        let (palette, indices) = quantise(c)
        var out = esc + "P0;1;0q\"1;1;\(c.width);\(c.height)"
        func percent(_ v: UInt8) -> Int { (Int(v) * 100 + 127) / 255 }
        for (i, p) in palette.enumerated() {
            out += "#\(i);2;\(percent(p.r));\(percent(p.g));\(percent(p.b))"
        }
        var band = 0
        while band < c.height {
            var rows: [UInt8: [UInt8]] = [:]
            var order: [UInt8] = []
            for r in 0..<min(6, c.height - band) {
                let y = band + r
                for x in 0..<c.width {
                    let k = indices[y * c.width + x]
                    if rows[k] == nil { rows[k] = [UInt8](repeating: 0, count: c.width); order.append(k) }
                    rows[k]![x] |= 1 << UInt8(r)
                }
            }
            for (n, k) in order.enumerated() {
                out += "#\(k)" + sixelRuns(rows[k]!)
                if n < order.count - 1 { out += "$" }
            }
            out += "-"
            band += 6
        }
        return out + esc + "\\"
    }

    /// Sixel characters (63 + bits) with runs of four or more written `!count char`;
    /// trailing empty sixels are dropped.
    static func sixelRuns(_ bits: [UInt8]) -> String {
        var end = bits.count
        while end > 0 && bits[end - 1] == 0 { end -= 1 }
        var out = ""
        var i = 0
        while i < end {
            var j = i + 1
            while j < end && bits[j] == bits[i] { j += 1 }
            let ch = String(UnicodeScalar(63 + bits[i]))
            let n = j - i
            out += n >= 4 ? "!\(n)" + ch : String(repeating: ch, count: n)
            i = j
        }
        return out
    }
}
