/// Pointwise activations, computed by the current backend (which may keep its
/// own layout for them).
///
///     let h = try x.conv2d(weight: w, bias: b, padding: 1).relu()
extension Tensor {
    public func relu() -> Tensor { activation(.relu, "relu") }

    /// `x` where positive, `slope * x` elsewhere.
    public func leakyRelu(slope: Float = 0.01) -> Tensor { activation(.leakyRelu(slope: slope), "leakyRelu") }

    public func sigmoid() -> Tensor { activation(.sigmoid, "sigmoid") }

    public func tanh() -> Tensor { activation(.tanh, "tanh") }

    private func activation(_ a: Activation, _ name: String) -> Tensor {
        let backend = Backend.current
        let out = backend.activation(self, a)
        return out.record(name, [self]) { [weak out, x = self] gy in
            guard let out else { throw Tensor.freed(name) }
            return [backend.activationBackward(gy, x: x, y: out, a)]
        }
    }
}
