import Tensor

/// The losses `fit` and `evaluate` use (mean reduction, PyTorch's definitions).
///
///     let l = try LossKind.binaryCrossEntropy.compute(output: recon, images: x, labels: [])
public enum LossKind: String, CaseIterable, Codable, Sendable {
    /// Mean squared error against the input images (autoencoders without a sigmoid).
    case mse
    /// Binary cross-entropy of probabilities against the input images, per pixel
    /// (the reference autoencoder).
    case binaryCrossEntropy
    /// Cross-entropy of logits against class labels; gradient (softmax − one-hot)/N.
    case crossEntropy
    /// The variational autoencoder's negative ELBO per image: binary cross-entropy
    /// summed over the pixels plus β·KL of its Gaussian latent (`Model.loss` adds the
    /// KL term), both averaged over the batch — PyTorch's usual
    /// `F.binary_cross_entropy(x̂, x, reduction="sum") / N + β·KL`.
    case elbo

    /// The name the prompt uses: `mse`, `bce`, `crossentropy`.
    public var shortName: String {
        switch self {
        case .mse: return "mse"
        case .binaryCrossEntropy: return "bce"
        case .crossEntropy: return "crossentropy"
        case .elbo: return "elbo"
        }
    }

    /// Parses `mse`, `bce` / `binary_cross_entropy`, `crossentropy` / `ce` / `cross_entropy`.
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "") {
        case "mse", "l2": self = .mse
        case "bce", "binarycrossentropy": self = .binaryCrossEntropy
        case "ce", "crossentropy", "xent": self = .crossEntropy
        case "elbo", "vae": self = .elbo
        default: return nil
        }
    }

    /// True when the loss compares against labels rather than against the input.
    public var usesLabels: Bool { self == .crossEntropy }

    /// The loss of one batch. `output` is the model's output for the batch (logits
    /// for cross-entropy), `images` the batch input (the target of reconstruction
    /// losses), `labels` the class labels.
    public func compute(output: Tensor, images: Tensor, labels: [Int]) throws -> Tensor {
        switch self {
        case .crossEntropy:
            guard output.rank == 2 else {
                throw NNError("cross-entropy needs class scores [N, classes], got \(describeShape(output.shape))")
            }
            guard labels.count == output.shape[0] else {
                throw NNError("cross-entropy needs one label per sample: \(output.shape[0]) outputs, \(labels.count) labels")
            }
            if let bad = labels.first(where: { $0 < 0 || $0 >= output.shape[1] }) {
                throw NNError("cross-entropy: label \(bad) is outside the model's \(output.shape[1]) classes (0..<\(output.shape[1]))")
            }
            return try output.crossEntropy(labels: labels)
        case .mse, .binaryCrossEntropy, .elbo:
            guard output.shape == images.shape else {
                throw NNError("\(shortName) compares the output with the input, but the output is \(describeShape(output.shape)) and the input \(describeShape(images.shape))")
            }
            switch self {
            case .mse: return try output.mseLoss(images)
            case .elbo:
                // Summed over each image's values, averaged over the batch.
                let perImage = Float(images.count / max(1, images.shape.first ?? 1))
                return try output.binaryCrossEntropy(images).multiplying(perImage)
            default: return try output.binaryCrossEntropy(images)
            }
        }
    }
}

extension Model {
    /// The loss `fit` uses when none is given: cross-entropy for classifiers,
    /// binary cross-entropy for autoencoders ending in sigmoid, otherwise MSE.
    public var defaultLoss: LossKind {
        switch kind {
        case .classifier: return .crossEntropy
        case .autoencoder where isVariational: return .elbo
        case .autoencoder, .other:
            return nodes[nodes.count - 1].layer is Sigmoid ? .binaryCrossEntropy : .mse
        }
    }

    /// The batch's loss. With cross-entropy and a final softmax, the loss is taken
    /// from the softmax's input (the logits): numerically stable, and the gradient
    /// reaching the logits is exactly p − y. Otherwise from the output. With the
    /// ELBO, the β-weighted KL terms of the model's Gaussian latents are added.
    /// `input` is what the model reads when it differs from the target `images`
    /// (the corrupted images of a denoising autoencoder).
    public func loss(_ kind: LossKind, images: Tensor, labels: [Int], input: Tensor? = nil) throws -> (loss: Tensor, output: Tensor) {
        let r = try lossTerms(kind, images: images, labels: labels, input: input)
        return (r.loss, r.output)
    }

    /// The loss, the output and the loss's named parts (`recon` and `kl` for the
    /// ELBO; empty for the other losses).
    public func lossTerms(_ kind: LossKind, images: Tensor, labels: [Int], input: Tensor? = nil) throws
        -> (loss: Tensor, output: Tensor, terms: [LossTerm]) {
        let foldSoftmax = kind == .crossEntropy && endsInSoftmax && nodes.count > 1
            && nodes[nodes.count - 1].inputs == [nodes.count - 2]
        let out = try forward(input ?? images, through: foldSoftmax ? nodes.count - 2 : nil)
        let main = try kind.compute(output: out, images: images, labels: labels)
        guard kind == .elbo else { return (main, out, []) }
        let gs = gaussians
        guard !gs.isEmpty else {
            throw NNError("the elbo loss needs a variational autoencoder (a model with a gaussian latent, e.g. vae(latent: 72))")
        }
        var total = main, kl: Float = 0
        for g in gs {
            guard let k = g.lastKL else { continue }
            kl += k.item
            total = try total + k.multiplying(g.beta)
        }
        return (total, out, [LossTerm(name: "recon", value: main.item), LossTerm(name: "kl", value: kl)])
    }
}

/// One named part of a loss (`recon 98.1`, `kl 24.3`), as shown beside the total.
public struct LossTerm: Codable, Equatable, Sendable {
    public var name: String
    public var value: Float
    public init(name: String, value: Float) { self.name = name; self.value = value }
}
