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

    /// The name the prompt uses: `mse`, `bce`, `crossentropy`.
    public var shortName: String {
        switch self {
        case .mse: return "mse"
        case .binaryCrossEntropy: return "bce"
        case .crossEntropy: return "crossentropy"
        }
    }

    /// Parses `mse`, `bce` / `binary_cross_entropy`, `crossentropy` / `ce` / `cross_entropy`.
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "") {
        case "mse", "l2": self = .mse
        case "bce", "binarycrossentropy": self = .binaryCrossEntropy
        case "ce", "crossentropy", "xent": self = .crossEntropy
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
        case .mse, .binaryCrossEntropy:
            guard output.shape == images.shape else {
                throw NNError("\(shortName) compares the output with the input, but the output is \(describeShape(output.shape)) and the input \(describeShape(images.shape))")
            }
            return self == .mse ? try output.mseLoss(images) : try output.binaryCrossEntropy(images)
        }
    }
}

extension Model {
    /// The loss `fit` uses when none is given: cross-entropy for classifiers,
    /// binary cross-entropy for autoencoders ending in sigmoid, otherwise MSE.
    public var defaultLoss: LossKind {
        switch kind {
        case .classifier: return .crossEntropy
        case .autoencoder, .other:
            return nodes[nodes.count - 1].layer is Sigmoid ? .binaryCrossEntropy : .mse
        }
    }

    /// The batch's loss. With cross-entropy and a final softmax, the loss is taken
    /// from the softmax's input (the logits): numerically stable, and the gradient
    /// reaching the logits is exactly p − y. Otherwise from the output.
    public func loss(_ kind: LossKind, images: Tensor, labels: [Int]) throws -> (loss: Tensor, output: Tensor) {
        let foldSoftmax = kind == .crossEntropy && endsInSoftmax && nodes.count > 1
            && nodes[nodes.count - 1].inputs == [nodes.count - 2]
        let out = try forward(images, through: foldSoftmax ? nodes.count - 2 : nil)
        return (try kind.compute(output: out, images: images, labels: labels), out)
    }
}
