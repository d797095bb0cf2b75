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

    /// A tensor filled with `value`.
    public static func constant(_ shape: [Int], _ value: Float) -> Tensor {
        let t = Tensor.empty(shape)
        t.plain.update(repeating: value, count: t.count)
        return t
    }
}
