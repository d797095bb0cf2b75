import Tensor

/// Losses as functions (mean over the batch, like PyTorch):
///
///     crossentropy(z, [3])     # logits [10] or [N, 10], labels as numbers
///     bce(p, target)           # probabilities against targets in 0...1
///     mse(y, target)
enum LossBuiltins {
    static let declarations: [Declaration] = [
        Declaration("crossentropy", .math, summary: "−Σ y_i log softmax(x)_i of logits and labels; gradient p − y",
                    params: [.arg("logits", .tensor), .arg("labels", .one([.list, .number, .tensor]))],
                    examples: ["crossentropy(tensor([1.0, 2.0, 0.5]), [1])",
                               "z = tensor([1.0, 2.0, 0.5]); grad(crossentropy(z, [1]), z)"]) { c in
            var logits = try c.tensor("logits")
            if logits.rank == 1 { logits = try logits.reshape([1, logits.count]) }
            guard logits.rank == 2 else {
                throw RuntimeError("crossentropy: logits must be [classes] or [batch, classes], got shape \(describeShape(logits.shape))", at: c.span("logits"))
            }
            let labels = try Coerce.ints(c.value("labels") ?? .none, what: "crossentropy: a label", at: c.span("labels"))
            guard labels.count == logits.shape[0] else {
                throw RuntimeError("crossentropy: \(labels.count) label\(labels.count == 1 ? "" : "s") for a batch of \(logits.shape[0]) (logits \(describeShape(logits.shape)))", at: c.span("labels"))
            }
            let classes = logits.shape[1]
            if let bad = labels.first(where: { $0 < 0 || $0 >= classes }) {
                throw RuntimeError("crossentropy: label \(bad) is not one of the \(classes) classes 0..<\(classes)", at: c.span("labels"))
            }
            return .tensor(try logits.crossEntropy(labels: labels))
        },
        pairwise("bce", "binary cross-entropy of probabilities: the autoencoder's loss",
                 "bce(tensor([0.9, 0.2]), tensor([1, 0]))") { try $0.binaryCrossEntropy($1) },
        pairwise("mse", "the mean squared error", "mse(tensor([1, 2]), tensor([1, 4]))") { try $0.mseLoss($1) },
    ]

    static func pairwise(_ name: String, _ summary: String, _ example: String,
                         _ f: @escaping (Tensor, Tensor) throws -> Tensor) -> Declaration {
        Declaration(name, .math, summary: summary, params: [.arg("prediction", .tensor), .arg("target", .tensor)],
                    examples: [example]) { c in
            let x = try c.tensor("prediction"), t = try c.tensor("target")
            guard x.shape == t.shape else {
                throw RuntimeError("\(name): prediction \(describeShape(x.shape)) and target \(describeShape(t.shape)) must have the same shape", at: c.callSpan)
            }
            return .tensor(try f(x, t))
        }
    }
}
