import Tensor

/// Weight initialisation, PyTorch's defaults, drawn from `Random.shared` so that
/// `seed N` makes a freshly built model repeatable.
///
///     let w = Init.kaimingUniform([16, 1, 3, 3], fanIn: 9)   // U(-1/3, 1/3)
public enum Init {
    /// PyTorch's default for Conv2d and Linear weights: kaiming_uniform with a = √5,
    /// which is U(−1/√fanIn, 1/√fanIn). Biases use the same bound.
    public static func kaimingUniform(_ shape: [Int], fanIn: Int) -> Tensor {
        let bound = fanIn > 0 ? 1 / Float(fanIn).squareRoot() : 0
        return uniform(shape, low: -bound, high: bound)
    }

    /// Values uniform in [low, high), in row-major order from `Random.shared`.
    public static func uniform(_ shape: [Int], low: Float, high: Float) -> Tensor {
        let t = Tensor.empty(shape)
        let p = t.plain
        for i in 0..<t.count { p[i] = low + (high - low) * Random.shared.uniform() }
        return t
    }

    /// Largest parameter tensor a layer may create (256 Mi values, 1 GiB).
    public static let maxParameterElements = 1 << 28

    /// Throws when a layer's parameter of `shape` would be absurdly large.
    public static func checkSize(_ shape: [Int], _ layer: String) throws {
        var n = 1
        for d in shape {
            let (m, o) = n.multipliedReportingOverflow(by: d)
            guard !o, m <= maxParameterElements else {
                throw NNError("\(layer): a parameter of shape \(describeShape(shape)) is too large (limit \(formatCount(maxParameterElements)) values)")
            }
            n = m
        }
    }

    /// A tensor filled with `value`.
    public static func constant(_ shape: [Int], _ value: Float) -> Tensor {
        let t = Tensor.empty(shape)
        t.plain.update(repeating: value, count: t.count)
        return t
    }
}
