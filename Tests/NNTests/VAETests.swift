import Foundation
import Testing
@testable import NN
import Tensor

/// The variational autoencoder: its loss against PyTorch on the same numbers, its
/// gradients by finite differences (KL term and reparameterisation included), and
/// the mean at evaluation.
@Suite("VAE", .serialized)
struct VAETests {
    /// `scripts/make-vae-fixture`: vae(latent: 2) in PyTorch, two images, a fixed ε, β 0.5.
    @Test func elboAndGradientsEqualPyTorch() throws {
        let f = try Safetensors.read(path: try fixtureURL("vae/elbo", "safetensors").path)
        let v = try Builders.vae(latent: 2)
        var weights: [String: Tensor] = [:]
        for (k, t) in f where !k.hasPrefix("grad.") && !["input", "eps", "loss", "recon", "kl", "beta"].contains(k) { weights[k] = t }
        try v.load(stateDict: weights)
        let g = try #require(v.gaussians.first)
        g.beta = try #require(f["beta"]).item
        g.nextNoise = f["eps"]
        v.isTraining = true
        let x = try #require(f["input"])
        let r = try v.lossTerms(.elbo, images: x, labels: [])
        let want = try #require(f["loss"]).item, recon = try #require(f["recon"]).item, kl = try #require(f["kl"]).item
        #expect(abs(r.loss.item - want) <= 1e-4 * abs(want), "loss \(r.loss.item) vs PyTorch \(want)")
        #expect(r.terms.map { $0.name } == ["recon", "kl"])
        #expect(abs(r.terms[0].value - recon) <= 1e-4 * abs(recon))
        #expect(abs(r.terms[1].value - kl) <= 1e-4)
        try r.loss.backward()
        for (name, p) in v.namedParameters {
            let want = try #require(f["grad." + name], "no PyTorch gradient for \(name)").scalars
            let got = try #require(p.grad, "no gradient for \(name)").scalars
            var worst: Float = 0, scale: Float = 1e-3
            for (a, b) in zip(got, want) { worst = max(worst, abs(a - b)); scale = max(scale, abs(b)) }
            #expect(worst <= 2e-4 * scale, "\(name): largest difference \(worst), scale \(scale)")
        }
    }

    /// A VAE small enough for finite differences: [4] → μ, log σ² (3 each) → z → fc 4 → sigmoid.
    static func tiny() throws -> (Model, Gaussian) {
        let b = GraphBuilder()
        let mu = b.add(try Linear(out: 3, in: 4), b.input, name: "mu")
        let lv = b.add(try Linear(out: 3, in: 4), b.input, name: "logvar")
        let g = Gaussian(beta: 0.7)
        b.add(g, mu, lv, name: "z")
        b.add(try Linear(out: 4, in: 3), name: "out")
        b.add(Sigmoid())
        let m = try b.model(inputShape: [4], kind: .autoencoder)
        return (m, g)
    }

    @Test func gradientsEqualFiniteDifferences() throws {
        Random.shared = RandomGenerator(seed: 3)
        let (m, g) = try Self.tiny()
        #expect(m.isVariational && m.defaultLoss == .elbo)
        let x = try Tensor(shape: [2, 4], scalars: [0.1, 0.9, 0.4, 0.7, 0.8, 0.2, 0.5, 0.3])
        let eps = try Tensor(shape: [2, 3], scalars: [0.3, -1.2, 0.8, -0.5, 1.1, 0.05])
        // Larger log-variances and means than an initialisation gives, so the KL term matters.
        for (name, p) in m.namedParameters where name.hasPrefix("logvar") || name.hasPrefix("mu") {
            p.assign(try Tensor(shape: p.shape, scalars: p.value.scalars.map { $0 * 3 + 0.2 }))
        }
        m.isTraining = true
        func loss() throws -> Tensor {
            g.nextNoise = eps
            return try m.loss(.elbo, images: x, labels: []).loss
        }
        m.zeroGradients()
        let l = try loss()
        try l.backward()
        #expect(try #require(g.lastKL).item > 0.5, "the KL term takes part")
        for (name, p) in m.namedParameters {
            let grad = try #require(p.grad).scalars
            var values = p.value.scalars
            for i in 0..<values.count {
                let h: Float = 1e-2, keep = values[i]
                values[i] = keep + h; p.assign(try Tensor(shape: p.shape, scalars: values))
                let up = try Autodiff.withoutGrad { try loss().item }
                values[i] = keep - h; p.assign(try Tensor(shape: p.shape, scalars: values))
                let down = try Autodiff.withoutGrad { try loss().item }
                values[i] = keep; p.assign(try Tensor(shape: p.shape, scalars: values))
                let numeric = (up - down) / (2 * h)
                #expect(abs(numeric - grad[i]) <= 2e-3 + 2e-2 * abs(numeric), "\(name)[\(i)]: autodiff \(grad[i]), finite difference \(numeric)")
            }
        }
    }

    @Test func evaluationUsesTheMean() throws {
        Random.shared = RandomGenerator(seed: 5)
        let (m, g) = try Self.tiny()
        let x = try Tensor(shape: [1, 4], scalars: [0.1, 0.9, 0.4, 0.7])
        m.isTraining = false
        let a = try m.forward(x).scalars, b = try m.forward(x).scalars
        #expect(a == b, "eval mode is deterministic")
        m.isTraining = true
        g.nextNoise = try Tensor(zeros: [1, 3])
        #expect(try m.forward(x).scalars == a, "z = μ when ε = 0")
        let c = try m.forward(x).scalars
        #expect(c != a, "training draws ε")
    }

    @Test func theLectureVAE() throws {
        let v = try Builders.vae(latent: 72)
        #expect(v.partNames == ["encoder", "decoder"])
        #expect(v.defaultLoss == .elbo)
        let enc = try v.part("encoder")
        #expect(enc.outputShape == [72])
        // the autoencoder's 1,904 + 2,481 and the two heads' 2 × (72 × 72 + 72)
        #expect(v.parameterCount == 14_897)
        #expect(throws: NNError("vae: the latent size must be between 1 and 4096, got 0")) { try Builders.vae(latent: 0) }
        let spec = try #require(v.gaussians.first?.spec)
        #expect(spec == LayerSpec(type: "gaussian", args: ["beta": 1]))
    }
}
