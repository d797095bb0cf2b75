import Tensor

extension Model {
    /// An independent model: the same layers, weights, buffers, frozen flags, parts, history
    /// and optimizer state, in new layer objects, so training one leaves the other as it was.
    /// (`ae.encoder + fc(10)` shares the encoder with `ae`; `ae.encoder.copy() + fc(10)` does not.)
    ///
    ///     let mine = try ae.copy()
    public func copy() throws -> Model {
        let (archive, tensors) = try ModelArchive.capture(["m": self])
        guard let m = try archive.restore(tensors)["m"] else { throw NNError("copy: the model could not be rebuilt") }
        return m
    }
}
