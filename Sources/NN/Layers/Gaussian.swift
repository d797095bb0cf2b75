import Tensor

/// The variational autoencoder's latent: reads a mean μ and a log-variance log σ²
/// (two inputs of one shape, from the encoder's two heads) and gives a point z.
///
/// While training it draws z = μ + σ·ε with ε ~ N(0, I) from `Random.shared` (the
/// reparameterisation: the sample is a differentiable function of μ and σ, so the
/// gradient reaches the encoder); in eval mode it gives the mean, z = μ. Every
/// forward also leaves the batch's KL divergence from the prior N(0, I),
///
///     KL = −½ Σ (1 + log σ² − μ² − σ²)   summed over the latent, averaged over the batch,
///
/// in `lastKL`, part of the autodiff graph, for the ELBO (`LossKind.elbo`). `beta`
/// weights it there (β-VAE; 1 is the plain ELBO).
///
///     let g = Gaussian(beta: 1)
///     let z = try g.forward([mu, logvar])      // g.lastKL is the batch's KL term
public final class Gaussian: Layer {
    /// Weight of the KL term in the ELBO.
    public var beta: Float
    /// The KL divergence of the last forward (a scalar tensor in the graph).
    public private(set) var lastKL: Tensor?
    /// The ε of the next training forward instead of a random draw (tests compare
    /// with a PyTorch computation on the same numbers); used once.
    public var nextNoise: Tensor?

    public init(beta: Float = 1) {
        self.beta = beta
    }

    public override var kind: String { "gaussian" }
    public override var description: String { beta == 1 ? "gaussian μ, log σ² → z" : "gaussian μ, log σ² → z  β \(beta)" }
    public override var inputCount: ClosedRange<Int> { 2...2 }
    public override var sampleRank: Int? { 1 }

    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        guard inputShapes[0].count == 1 else {
            throw LayerShapeError(expected: "a mean vector [N]", got: inputShapes[0])
        }
        guard inputShapes[1] == inputShapes[0] else {
            throw LayerShapeError(expected: "a log-variance of the mean's shape \(describeShape(inputShapes[0]))", got: inputShapes[1])
        }
        return inputShapes[0]
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let mu = inputs[0], logvar = inputs[1]
        let n = Float(max(1, mu.shape.first ?? 1))
        // −½ Σ (1 + log σ² − μ² − σ²) / N
        let inner = try (logvar.adding(1) - mu * mu) - logvar.exp()
        lastKL = try inner.sum().multiplying(-0.5 / n)
        guard isTraining else { return mu }
        let eps: Tensor
        if let given = nextNoise {
            guard given.shape == mu.shape else {
                throw NNError("gaussian: the given noise is \(describeShape(given.shape)), the mean \(describeShape(mu.shape))")
            }
            eps = given
            nextNoise = nil
        } else {
            eps = try Tensor.randn(mu.shape, using: &Random.shared)
        }
        let sigma = logvar.multiplying(0.5).exp()
        return try mu + sigma * eps
    }
}
