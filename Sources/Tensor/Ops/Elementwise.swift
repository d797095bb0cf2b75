import Foundation

/// Pointwise math: exp, log, sqrt, abs, pow, clamp.
///
///     let y = x.exp()            // e^x
///     let z = x.clamp(min: 0, max: 1)
extension Tensor {
    public func exp() -> Tensor {
        mapped("exp") { Foundation.exp($0) } backward: { gy, _, y in gy.combined(y) { $0 * $1 } }
    }

    /// Natural logarithm (log of 0 is -inf, of a negative number nan, as in PyTorch).
    public func log() -> Tensor {
        mapped("log") { Foundation.log($0) } backward: { gy, x, _ in gy.combined(x) { $0 / $1 } }
    }

    public func sqrt() -> Tensor {
        mapped("sqrt") { $0.squareRoot() } backward: { gy, _, y in gy.combined(y) { $0 * 0.5 / $1 } }
    }

    /// Absolute value; its gradient at 0 is 0.
    public func abs() -> Tensor {
        mapped("abs") { Swift.abs($0) } backward: { gy, x, _ in
            gy.combined(x) { g, v in v > 0 ? g : (v < 0 ? -g : 0) }
        }
    }

    /// `self` raised to a constant power.
    public func pow(_ e: Float) -> Tensor {
        mapped("pow") { Foundation.pow($0, e) } backward: { gy, x, _ in
            gy.combined(x) { g, v in e == 0 ? 0 : g * e * Foundation.pow(v, e - 1) }
        }
    }

    /// Values limited to `[min, max]`; the gradient passes where the input was
    /// inside the closed interval (as PyTorch).
    public func clamp(min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor {
        mapped("clamp") { v in v < lo ? lo : (v > hi ? hi : v) } backward: { gy, x, _ in
            gy.combined(x) { g, v in v >= lo && v <= hi ? g : 0 }
        }
    }
}
