import Tensor

extension Builders {
    /// The variational autoencoder: the lecture's convolutional encoder and decoder
    /// with a Gaussian latent of `latent` values.
    ///
    ///     encoder: conv 3×3 1→16, relu, maxpool, conv 3×3 16→8, relu, maxpool,
    ///              conv 3×3 8→8, sigmoid, maxpool, flatten (72),
    ///              mu = fc 72→latent, logvar = fc 72→latent, z = gaussian(mu, logvar)
    ///     decoder: the autoencoder's decoder for `latent` (see `autoencoder`)
    ///
    /// `fit` trains it with the ELBO (`LossKind.elbo`: reconstruction + β·KL, β =
    /// `beta`); in eval mode the encoder gives the mean, so `vae.encoder(x)` is a
    /// point like the autoencoder's. Parts `encoder` and `decoder`, as for the
    /// autoencoder; parameter names `0.0.weight` … `0.mu.weight`, `0.logvar.bias`, `1.…`.
    ///
    ///     let v = try Builders.vae(latent: 2)
    public static func vae(latent: Int = 72, beta: Float = 1) throws -> Model {
        guard latent >= 1, latent <= 4096 else {
            throw NNError("vae: the latent size must be between 1 and 4096, got \(latent)")
        }
        guard beta.isFinite, beta >= 0, beta <= 1000 else {
            throw NNError("vae: beta must be between 0 and 1000, got \(beta)")
        }
        let b = GraphBuilder()
        let features = b.chain([
            try Conv2d(out: 16, in: 1), ReLU(), try Pool2d(.max, kernel: 2),
            try Conv2d(out: 8, in: 16), ReLU(), try Pool2d(.max, kernel: 2),
            try Conv2d(out: 8, in: 8), Sigmoid(), try Pool2d(.max, kernel: 2),
            Flatten(),
        ], from: b.input)
        let mu = b.add(try Linear(out: latent, in: 72), features, name: "mu")
        let logvar = b.add(try Linear(out: latent, in: 72), features, name: "logvar")
        b.add(Gaussian(beta: beta), mu, logvar, name: "z")
        let enc = try b.model(inputShape: [1, 28, 28], kind: .other)
        enc.name = "encoder"
        let v = try enc.composed(with: try decoder(latent: latent))
        v.kind = .autoencoder
        return v
    }
}

extension Model {
    /// The Gaussian latents of this model (a VAE has one; their KL terms join the ELBO).
    public var gaussians: [Gaussian] { nodes.compactMap { $0.layer as? Gaussian } }

    /// True for a variational autoencoder: a Gaussian latent and an image out.
    public var isVariational: Bool { !gaussians.isEmpty && kind == .autoencoder }
}
