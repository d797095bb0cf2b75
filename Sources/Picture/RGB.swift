/// One opaque 8-bit-per-channel colour.
///
///     let blue = RGB(hex: 0x1f77b4)
///     let mid = RGB.gray(128)
public struct RGB: Equatable, Hashable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// `RGB(hex: 0xff7f0e)` — the usual web notation.
    public init(hex: UInt32) {
        self.init(UInt8((hex >> 16) & 0xff), UInt8((hex >> 8) & 0xff), UInt8(hex & 0xff))
    }

    /// Pure black and white.
    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)

    /// A neutral gray of the given level.
    public static func gray(_ level: UInt8) -> RGB { RGB(level, level, level) }

    /// Relative luminance in 0…1 (Rec. 709 weights), used for ASCII shading and text contrast.
    public var luminance: Double {
        (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
    }

    /// Linear mix: `t = 0` is `self`, `t = 1` is `other`.
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        let t = t.isFinite ? min(1, max(0, t)) : 0
        func m(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
        }
        return RGB(m(r, other.r), m(g, other.g), m(b, other.b))
    }
}

/// Colour maps: numbers → colours. Inputs outside the domain are clamped; NaN maps to the low end.
public enum ColorMap {
    /// Black (0) to white (1): digits look like MNIST.
    public static func gray(_ t: Double) -> RGB {
        let t = unit(t)
        return RGB.gray(UInt8((t * 255).rounded()))
    }

    /// Blue (−1) through white (0) to red (+1), for signed weights.
    public static func diverging(_ t: Double) -> RGB {
        let t = t.isFinite ? min(1, max(-1, t)) : 0
        return t < 0 ? ramp(divergingNegative, -t) : ramp(divergingPositive, t)
    }

    /// A viridis-like perceptual map (dark purple 0 → yellow 1), for feature maps and heat strips.
    public static func viridis(_ t: Double) -> RGB { ramp(viridisStops, unit(t)) }

    /// White (0) to deep blue (1), for confusion matrices.
    public static func blues(_ t: Double) -> RGB { ramp(bluesStops, unit(t)) }

    /// The ten "tab10" class colours (digit 0 … 9); other labels cycle, negatives are gray.
    public static func category(_ label: Int) -> RGB {
        label < 0 ? RGB.gray(128) : tab10[label % tab10.count]
    }

    static let tab10: [RGB] = [0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                               0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf].map { RGB(hex: $0) }
    static let divergingNegative: [RGB] = [0xf7f7f7, 0x92c5de, 0x4393c3, 0x2166ac, 0x053061].map { RGB(hex: $0) }
    static let divergingPositive: [RGB] = [0xf7f7f7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f].map { RGB(hex: $0) }
    static let viridisStops: [RGB] = [0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e,
                                      0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725].map { RGB(hex: $0) }
    static let bluesStops: [RGB] = [0xf7fbff, 0xc6dbef, 0x6baed6, 0x2171b5, 0x08306b].map { RGB(hex: $0) }

    static func unit(_ t: Double) -> Double { t.isFinite ? min(1, max(0, t)) : 0 }

    /// Piecewise-linear interpolation through evenly spaced stops, t in 0…1.
    static func ramp(_ stops: [RGB], _ t: Double) -> RGB {
        let x = unit(t) * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(x))
        return stops[i].mixed(with: stops[i + 1], x - Double(i))
    }
}
