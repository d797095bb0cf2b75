/// Inverted dropout: in training, zeroes each element with probability `p` and
/// scales the rest by 1 / (1 − p); in evaluation, the identity.
///
///     let h = try x.dropout(p: 0.5, training: true, using: &Random.shared)
extension Tensor {
    public func dropout(p: Float, training: Bool, using rng: inout RandomGenerator) throws -> Tensor {
        guard p >= 0 && p <= 1 else { throw TensorError("dropout", "probability must be in [0, 1], got \(p)") }
        guard training && p > 0 else { return self }
        let mask = Tensor.empty(shape)
        let mp = mask.storage.pointer
        let keep = p < 1 ? 1 / (1 - p) : 0
        for i in 0..<count { mp[i] = rng.uniform() < p ? 0 : keep }
        let out = combined(mask) { $0 * $1 }
        return out.record("dropout", [self]) { gy in [gy.combined(mask) { $0 * $1 }] }
    }
}
