import Testing
@testable import Script

/// `vae`, `sample`, `noise`, `mask`, `coverage` and `fit … noise/beta` at the prompt:
/// exact messages and values.
extension ScriptSuite {
struct GenerativeTests {
    func error(_ source: String) -> String {
        let (interp, _) = session([])
        let r = interp.runCell(source)
        return r.diagnostics.first?.message ?? "no error"
    }

    func value(_ interp: Interpreter, _ source: String) -> String {
        let r = interp.runCell(source)
        #expect(r.ok, "\(source): \(r.errorText)")
        return r.value.map { "\($0)" } ?? "none"
    }

    @Test func messages() {
        #expect(error("vae(72)") == "vae: takes no positional arguments, got 1; the latent size is labelled: write vae(latent: 72)")
        #expect(error("vae(latent: 0)") == "vae: latent must be between 1 and 4,096, got 0")
        #expect(error("noise(ones(2, 2), 0.3, kind: \"pink\")") == "noise: kind must be \"gaussian\" or \"saltpepper\", got \"pink\"")
        #expect(error("mask(ones(4, 4), 5)") == "mask: the square must be 1 to 4 pixels for 4×4 images, got 5")
        #expect(error("mask(ones(4, 4), 2, at: [3, 0])") == "mask: a 2×2 square at [3, 0] does not fit in 4×4 images")
        #expect(error("fit autoencoder() mnist.train[0..10] beta 2") == "fit: beta weighs the KL term of a vae; this model has no gaussian latent")
        #expect(error("fit autoencoder() mnist.train[0..10] noise -1") == "fit: noise must be between 0 and 10, got -1")
        #expect(error("sample(fc(3), 4)") == "sample: this model has no decoder; give a vae or an autoencoder (or a dataset and a count)")
        #expect(error("coverage(fc(3) + relu, fc(10))") == "coverage needs an autoencoder or a vae (a model with an encoder and a decoder)")
    }

    @Test func corruptionValues() {
        let (interp, _) = session([])
        // Occlusion: exactly the square is black.
        #expect(value(interp, "sum(mask(ones(6, 6), 2, at: [1, 3])).item") == "32")
        #expect(value(interp, "mask(ones(3, 3), 1, at: [1, 1])") == "tensor([[1., 1., 1.],\n        [1., 0., 1.],\n        [1., 1., 1.]])  shape [3, 3]")
        // Noise stays in 0…1 and is seeded.
        _ = value(interp, "seed 1; a = noise(ones(100) * 0.5, 0.3); seed 1; b = noise(ones(100) * 0.5, 0.3); 0")
        #expect(value(interp, "max(abs(a - b)).item") == "0")
        #expect(value(interp, "min(a) >= 0 and max(a) <= 1 and max(abs(a - 0.5)) > 0.1") == "true")
        // Salt and pepper: every changed pixel is 0 or 1.
        #expect(value(interp, "s = noise(ones(1000) * 0.5, 0.5, kind: \"saltpepper\"); sum((s == 0) + (s == 1) + (s == 0.5)).item") == "1000")
    }

    @Test func theVAEAtThePrompt() {
        let (interp, _) = session([])
        let summary = value(interp, "seed 3; v = vae(latent: 2); v.parameters")
        // convs 1,904 + heads 2 × (72·2 + 2) + decoder fc 2→72 (216) + the autoencoder's decoder convs 2,481
        #expect(summary == "4893")
        #expect(value(interp, "sample(v, 4).shape") == "[4, 1, 28, 28]")
        #expect(value(interp, "v.encoder(mnist.test[0]).shape") == "[2]")
        let fit = value(interp, "r = fit(v, mnist.train[0..64], batch: 32, validate: none); r.epochs")
        #expect(fit == "1")
        #expect(value(interp, "r.recon > 100 and r.kl >= 0 and abs(r.loss - r.recon - r.kl) < 0.01") == "true")
        #expect(value(interp, "c = vae(latent: 2).encoder + fc(10) + softmax; c(mnist.test[0]).shape") == "[10]")
    }
}
}
