import Tensor
import NN
import Data

/// The step after the lecture's autoencoder: the variational autoencoder, the
/// denoising autoencoder, and a measure of "every point of the latent space
/// decodes to some instance" — `vae(latent: 72)`, `sample(v, 16)`,
/// `noise(x, 0.3)`, `mask(x, 10)`, `coverage(ae, clf)`.
enum GenerativeBuiltins {
    static let declarations: [Declaration] = [
        Declaration("vae", .models,
                    summary: "the variational autoencoder (Gaussian latent, ELBO loss)",
                    params: [.label("latent", .int, default: 72, in: 1...4096), .label("beta", .number, default: 1, in: 0...1000)],
                    examples: ["v = vae(latent: 72)", "v2 = vae(latent: 2, beta: 0.5)"],
                    hint: { c in
                        guard c.rest.count == 1, case .number(let n) = c.rest[0].0 else { return nil }
                        return "the latent size is labelled: write vae(latent: \(Printer.number(n)))"
                    }) { c in
            let m = try Builders.vae(latent: try c.int("latent"), beta: Float(try c.number("beta")))
            m.name = "vae"
            return .model(m)
        },
        Declaration("noise", .tensors,
                    summary: "images with Gaussian (or kind: \"saltpepper\") noise, kept in 0…1",
                    params: [.arg("x", .tensor), .arg("amount", .number, default: 0.3, in: 0...10),
                             .label("kind", .string, default: "gaussian")],
                    examples: ["noise(images(mnist.test[0..8]), 0.3)", "noise(mnist.test[0], 0.1, kind: \"saltpepper\")"],
                    methodOf: [.tensor]) { c in
            let name = try c.string("kind")
            guard let kind = Corruption.Kind(rawValue: name.lowercased()) else {
                throw RuntimeError("noise: kind must be \"gaussian\" or \"saltpepper\", got \"\(name)\"", at: c.span("kind"))
            }
            return .tensor(try Corruption.noise(try c.tensor("x"), Float(try c.number("amount")), kind: kind))
        },
        Declaration("mask", .tensors,
                    summary: "images with a SIZE×SIZE black square at a random place (or at:)",
                    params: [.arg("x", .tensor), .arg("size", .int, default: 10, in: 1...4096), .label("at", .shape, default: .none)],
                    examples: ["mask(images(mnist.test[0..8]), 10)", "mask(mnist.test[0], 8, at: [10, 10])"],
                    methodOf: [.tensor]) { c in
            var corner: (Int, Int)? = nil
            if c.has("at") {
                let at = try Coerce.ints(c.value("at") ?? .none, what: "mask: at", at: c.span("at"))
                guard at.count == 2 else { throw RuntimeError("mask: at must be [row, column], got \(at.count) numbers", at: c.span("at")) }
                corner = (at[0], at[1])
            }
            return .tensor(try Corruption.mask(try c.tensor("x"), size: try c.int("size"), at: corner))
        },
        Declaration("coverage", .models,
                    summary: "how many random latent points decode to a recognised digit",
                    params: [.arg("model", .model), .arg("classifier", .model),
                             .label("n", .int, default: 1000, in: 1...100_000),
                             .label("confidence", .number, default: 0.9, in: 0.01...0.99),
                             .label("data", .dataset, default: .none)],
                    examples: ["coverage(autoencoder(), autoencoder().encoder + fc(10) + softmax, n: 20, data: mnist.test[0..50])"]) { c in
            var data = try MNIST.shared.test()
            if c.has("data") {
                if case .datasets(let pair)? = c.value("data") { data = try pair.test() } else { data = try c.dataset("data") }
            }
            let r = try Coverage.measure(model: try c.model("model"), classifier: try c.model("classifier"), data: data,
                                         points: try c.int("n"), threshold: Float(try c.number("confidence")))
            return report(r)
        },
    ]

    static func report(_ r: CoverageReport) -> Value {
        let percent = Printer.number((Double(r.fraction) * 1000).rounded() / 10)
        let text = "coverage \(Printer.fixed(r.fraction)): \(formatCount(r.recognised)) of \(formatCount(r.points)) random points from \(r.source) decode to an image the classifier recognises with confidence above \(Printer.number(Double(r.threshold))) (\(percent)%)\n"
            + "smoothness \(Printer.fixed(r.meanLargestJump)): the largest change of one pixel between neighbouring steps of \(r.steps)-step walks between the data's codes, averaged over \(r.walks) walks"
        return .record(Record("coverage", [
            ("coverage", .number(Double(r.fraction))), ("recognised", .number(Double(r.recognised))),
            ("points", .number(Double(r.points))), ("smoothness", .number(Double(r.meanLargestJump))),
        ], text: text))
    }

    /// `sample(v, 16)`: images decoded from 16 draws of the prior N(0, I) of a VAE
    /// (or, for a plain autoencoder, of N(0, I) in its latent space too — compare).
    static func sample(_ m: Model, count n: Int, at span: SourceSpan) throws -> Value {
        guard m.partNames.contains("decoder") else {
            throw RuntimeError("sample: \(m.name ?? "this model") has no decoder; give a vae or an autoencoder (or a dataset and a count)", at: span)
        }
        let dec = try m.part("decoder")
        guard let d = dec.inputShape?.first, dec.inputShape?.count == 1 else {
            throw RuntimeError("sample: the decoder does not start from a latent vector", at: span)
        }
        let z = try Tensor.randn([n, d], using: &Random.shared)
        let was = dec.isTraining
        dec.isTraining = false
        defer { dec.isTraining = was }
        return .tensor(try Autodiff.withoutGrad { try dec.forward(z) })
    }
}
