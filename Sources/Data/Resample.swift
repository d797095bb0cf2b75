/// Resizing 8-bit interleaved pixels, for `folder(..., size: 28)`.
///
/// Shrinking averages the source pixels each output pixel covers (area
/// averaging, with fractional coverage at the edges), so fine strokes fade
/// instead of vanishing; enlarging interpolates linearly between pixel centres
/// (edges clamped). Each axis is done separately, in Float, rounded once.
///
///     let small = Resample.resize(pixels, width: 28, height: 28)
public enum Resample {
    /// For each output position along one axis: the first source index and weights.
    struct Taps {
        var start: [Int] = []
        var weights: [[Float]] = []
    }

    static func taps(from n: Int, to m: Int) -> Taps {
        var t = Taps()
        let scale = Double(n) / Double(m)
        for i in 0..<m {
            if scale >= 1 {
                let a = Double(i) * scale, b = Double(i + 1) * scale
                let lo = Int(a), hi = min(n, Int(b.rounded(.up)))
                var w: [Float] = []
                for j in lo..<hi { w.append(Float((min(b, Double(j + 1)) - max(a, Double(j))) / scale)) }
                t.start.append(lo); t.weights.append(w)
            } else {
                let x = (Double(i) + 0.5) * scale - 0.5
                let j0 = Int(x.rounded(.down)), f = Float(x - Double(j0))
                let a = min(max(j0, 0), n - 1), b = min(max(j0 + 1, 0), n - 1)
                if a == b { t.start.append(a); t.weights.append([1]) }
                else { t.start.append(a); t.weights.append([1 - f, f]) }
            }
        }
        return t
    }

    /// `p` resized to `width`×`height` (same channels). Sizes ≥ 1.
    public static func resize(_ p: PNG.Pixels, width: Int, height: Int) -> PNG.Pixels {
        if p.width == width && p.height == height { return p }
        let c = p.channels
        let tx = taps(from: p.width, to: width), ty = taps(from: p.height, to: height)
        // Horizontal pass: p.height rows of `width` pixels.
        var mid = [Float](repeating: 0, count: p.height * width * c)
        p.bytes.withUnsafeBufferPointer { src in
            for y in 0..<p.height {
                for x in 0..<width {
                    let s = tx.start[x], w = tx.weights[x]
                    for ch in 0..<c {
                        var acc: Float = 0
                        for (k, wk) in w.enumerated() { acc += wk * Float(src[((y * p.width) + s + k) * c + ch]) }
                        mid[(y * width + x) * c + ch] = acc
                    }
                }
            }
        }
        var out = [UInt8](repeating: 0, count: height * width * c)
        for y in 0..<height {
            let s = ty.start[y], w = ty.weights[y]
            for x in 0..<width {
                for ch in 0..<c {
                    var acc: Float = 0
                    for (k, wk) in w.enumerated() { acc += wk * mid[((s + k) * width + x) * c + ch] }
                    out[(y * width + x) * c + ch] = UInt8(min(max(acc.rounded(), 0), 255))
                }
            }
        }
        return PNG.Pixels(width: width, height: height, channels: c, bytes: out)
    }
}
