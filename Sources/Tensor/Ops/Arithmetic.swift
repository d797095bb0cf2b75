import Foundation

/// Elementwise arithmetic with NumPy broadcasting, and the throwing operators.
///
///     let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
///     let b = try Tensor(shape: [3], scalars: [10, 20, 30])
///     let y = try x + b          // [[11, 22, 33], [14, 25, 36]]
///
/// Each backward sums the output gradient back down over the axes an input was
/// stretched along (`reduce(to:)`).
extension Tensor {
    public func adding(_ other: Tensor) throws -> Tensor {
        let out: Tensor
        if shape == other.shape {
            out = Backend.current.add(self, other)
        } else {
            out = try Tensor.broadcasting(self, other, op: "add") { $0 + $1 }
        }
        let (a, b) = (shape, other.shape)
        return out.record("add", [self, other]) { gy in [gy.reduce(to: a), gy.reduce(to: b)] }
    }

    public func subtracting(_ other: Tensor) throws -> Tensor {
        let out = try Tensor.broadcasting(self, other, op: "subtract") { $0 - $1 }
        let (a, b) = (shape, other.shape)
        return out.record("subtract", [self, other]) { gy in [gy.reduce(to: a), gy.negated().reduce(to: b)] }
    }

    public func multiplying(_ other: Tensor) throws -> Tensor {
        let out = try Tensor.broadcasting(self, other, op: "multiply") { $0 * $1 }
        return out.record("multiply", [self, other]) { [a = self, b = other] gy in
            [a.needsGrad ? try gy.multiplying(b).reduce(to: a.shape) : nil,
             b.needsGrad ? try gy.multiplying(a).reduce(to: b.shape) : nil]
        }
    }

    public func dividing(_ other: Tensor) throws -> Tensor {
        let out = try Tensor.broadcasting(self, other, op: "divide") { $0 / $1 }
        return out.record("divide", [self, other]) { [a = self, b = other] gy in
            let ga = try gy.dividing(b)                               // gy / b
            let gb = b.needsGrad ? try ga.multiplying(a).dividing(b).negated() : nil   // −gy·a / b²
            return [ga.reduce(to: a.shape), gb?.reduce(to: b.shape)]
        }
    }

    /// `f` applied to the broadcast pair of every element.
    static func broadcasting(_ x: Tensor, _ y: Tensor, op: String,
                             _ f: (Float, Float) -> Float) throws -> Tensor {
        let shape = try broadcastShape(x.shape, y.shape, op: op)
        _ = try checkedCount(shape, op: op)
        let out = Tensor.empty(shape)
        let xp = x.plain, yp = y.plain, dst = out.storage.pointer
        if x.shape == y.shape {
            for i in 0..<out.count { dst[i] = f(xp[i], yp[i]) }
            return out
        }
        let sa = broadcastStrides(x.shape, to: shape), sb = broadcastStrides(y.shape, to: shape)
        let inner = shape.last ?? 1, da = sa.last ?? 0, db = sb.last ?? 0
        forEachRow(shape, sa, sb) { o, a, b in
            for j in 0..<inner { dst[o + j] = f(xp[a + j * da], yp[b + j * db]) }
        }
        return out
    }

    // MARK: Scalar forms

    /// `self + s` elementwise.
    public func adding(_ s: Float) -> Tensor {
        mapped("add") { $0 + s } backward: { gy, _, _ in gy }
    }

    /// `self * s` elementwise.
    public func multiplying(_ s: Float) -> Tensor {
        mapped("multiply") { $0 * s } backward: { gy, _, _ in gy.multiplying(s) }
    }

    /// `-self`.
    public func negated() -> Tensor { multiplying(-1) }

    /// `s / self` elementwise.
    func dividingScalar(_ s: Float) -> Tensor {
        mapped("divide") { s / $0 } backward: { gy, x, _ in
            gy.combined(x) { g, v in -g * s / (v * v) }
        }
    }

    /// An elementwise op with its backward `(gy, x, y) -> gx`; no shape can fail.
    func mapped(_ name: String, _ f: (Float) -> Float,
                backward: @escaping (Tensor, Tensor, Tensor) throws -> Tensor) -> Tensor {
        let out = Tensor.empty(shape)
        let src = plain, dst = out.storage.pointer
        for i in 0..<count { dst[i] = f(src[i]) }
        return out.record(name, [self]) { [weak out, x = self] gy in
            guard let out else { throw Tensor.freed(name) }
            return [try backward(gy, x, out)]
        }
    }

    /// Two same-shape tensors combined elementwise (no graph; used by backwards).
    func combined(_ other: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        let out = Tensor.empty(shape)
        let a = plain, b = other.plain, dst = out.storage.pointer
        for i in 0..<count { dst[i] = f(a[i], b[i]) }
        return out
    }

    // MARK: Operators

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try a.adding(b) }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try a.subtracting(b) }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try a.multiplying(b) }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try a.dividing(b) }

    public static func + (a: Tensor, s: Float) -> Tensor { a.adding(s) }
    public static func + (s: Float, a: Tensor) -> Tensor { a.adding(s) }
    public static func - (a: Tensor, s: Float) -> Tensor { a.adding(-s) }
    public static func - (s: Float, a: Tensor) -> Tensor { a.negated().adding(s) }
    public static func * (a: Tensor, s: Float) -> Tensor { a.multiplying(s) }
    public static func * (s: Float, a: Tensor) -> Tensor { a.multiplying(s) }
    public static func / (a: Tensor, s: Float) -> Tensor { a.multiplying(1 / s) }
    public static func / (s: Float, a: Tensor) -> Tensor { a.dividingScalar(s) }
    public static prefix func - (a: Tensor) -> Tensor { a.negated() }
}
