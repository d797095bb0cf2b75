import Tensor

/// Losses as functions (mean over the batch, like PyTorch):
///
///     crossentropy(z, [3])     # logits [10] or [N, 10], labels as numbers
///     bce(p, target)           # probabilities against targets in 0...1
///     mse(y, target)
enum LossBuiltins {
    static func register(_ r: inout [String: Builtin]) {
        r["crossentropy"] = Builtin("crossentropy") { a in
            try a.finish(maxPositional: 2)
            var logits = try a.tensor(0, "logits")
            if logits.rank == 1 { logits = try logits.reshape([1, logits.count]) }
            guard logits.rank == 2 else {
                throw RuntimeError("crossentropy: logits must be [classes] or [batch, classes], got shape \(describeShape(logits.shape))", at: a.span(0))
            }
            let labels = try Coerce.ints(try a.require(1, "labels"), what: "crossentropy: a label", at: a.span(1))
            guard labels.count == logits.shape[0] else {
                throw RuntimeError("crossentropy: \(labels.count) label\(labels.count == 1 ? "" : "s") for a batch of \(logits.shape[0]) (logits \(describeShape(logits.shape)))", at: a.span(1))
            }
            let classes = logits.shape[1]
            if let bad = labels.first(where: { $0 < 0 || $0 >= classes }) {
                throw RuntimeError("crossentropy: label \(bad) is not one of the \(classes) classes 0..<\(classes)", at: a.span(1))
            }
            return .tensor(try logits.crossEntropy(labels: labels))
        }
        for (name, apply) in [("bce", { (p: Tensor, t: Tensor) in try p.binaryCrossEntropy(t) }),
                              ("mse", { (y: Tensor, t: Tensor) in try y.mseLoss(t) })] {
            r[name] = Builtin(name) { a in
                try a.finish(maxPositional: 2)
                let x = try a.tensor(0), t = try a.tensor(1, "target")
                guard x.shape == t.shape else {
                    throw RuntimeError("\(name): prediction \(describeShape(x.shape)) and target \(describeShape(t.shape)) must have the same shape", at: a.callSpan)
                }
                return .tensor(try apply(x, t))
            }
        }
    }
}
