import Tensor

extension Canvas {
    /// The canvas as a [3, H, W] Float tensor in 0…1 — the form `PNG.write` takes.
    public func tensor() -> Tensor {
        let n = width * height
        var s = [Float](repeating: 0, count: 3 * n)
        for (i, p) in pixels.enumerated() {
            s[i] = Float(p.r) / 255
            s[n + i] = Float(p.g) / 255
            s[2 * n + i] = Float(p.b) / 255
        }
        // The shape and count agree by construction, so this cannot fail.
        return (try? Tensor(shape: [3, height, width], scalars: s)) ?? Tensor(scalar: 0)
    }

    /// A canvas from an image tensor with values in 0…1 ([H, W], [1, H, W] or [3, H, W]).
    /// Values outside 0…1 are clamped; use `Picture.image` to normalise instead.
    public init(tensor t: Tensor) throws {
        self = try Picture.image(t, range: .unit)
    }
}

/// How tensor values map to brightness.
public enum ValueRange: Equatable, Sendable {
    /// Values already in 0…1 are shown as they are; anything else is stretched from its min to its max.
    case auto
    /// 0 is black, 1 is white, everything else clamped.
    case unit
    /// `lo` is black, `hi` is white.
    case fixed(Double, Double)

    /// The (lo, hi) pair to use for these values; a constant picture maps to mid gray.
    func bounds(_ values: [Float]) -> (Double, Double) {
        switch self {
        case .unit: return (0, 1)
        case .fixed(let lo, let hi): return (lo, hi)
        case .auto:
            let (lo, hi) = finiteExtent(values)
            if lo >= 0 && hi <= 1 { return (0, 1) }
            return (lo, hi)
        }
    }
}

/// Smallest and largest finite value (0, 0 when there is none).
func finiteExtent(_ values: [Float]) -> (Double, Double) {
    var lo = Float.infinity, hi = -Float.infinity
    for v in values where v.isFinite {
        lo = min(lo, v)
        hi = max(hi, v)
    }
    return lo <= hi ? (Double(lo), Double(hi)) : (0, 0)
}

/// Maps `v` into 0…1 for the bounds; a zero-width range puts everything at 0.5.
@inline(__always)
func normalise(_ v: Float, _ lo: Double, _ hi: Double) -> Double {
    guard v.isFinite else { return 0 }
    guard hi > lo else { return 0.5 }
    return min(1, max(0, (Double(v) - lo) / (hi - lo)))
}
