import Tensor

extension Builders {
    /// A digit classifier: an encoder, then `fc latent→classes`, then softmax —
    /// `encoder + fc(10) + softmax` at the prompt. Parameter names match the PyTorch
    /// twin `nn.Sequential(encoder(), nn.Linear(72, 10))` (`0.0.weight` … `1.bias`);
    /// the softmax has none. Training uses cross-entropy on the logits (the trainer
    /// folds the trailing softmax into the loss); the output is probabilities.
    ///
    /// Pass a pretrained `encoder` (e.g. `try ae.part("encoder")`) to share its weights —
    /// transfer learning; freeze it first to train only the head.
    ///
    ///     let clf = try Builders.classifier(classes: 10)
    ///     let tl = try Builders.classifier(encoder: ae.part("encoder"))
    public static func classifier(classes: Int = 10, latent: Int = 72, encoder: Model? = nil,
                                  inputShape: [Int] = [1, 28, 28]) throws -> Model {
        guard classes >= 2, classes <= 100_000 else {
            throw NNError("classifier: the number of classes must be between 2 and 100,000, got \(classes)")
        }
        let enc = try encoder ?? Builders.encoder(latent: latent, inputShape: inputShape)
        if enc.name == nil { enc.name = "encoder" }
        let head = try Model(layer: Linear(out: classes))
        let clf = try enc.composed(with: head).composed(with: Model(layer: Softmax()))
        clf.kind = .classifier
        return clf
    }
}
