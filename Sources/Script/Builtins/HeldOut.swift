import Tensor
import NN
import Data

/// What `fit` validates on when the person does not say: a fixed, seeded slice
/// of the training data, never the test set (that one is for `accuracy` and
/// `evaluate` when asked). The seed is a constant, so every `fit` on the same
/// data holds out the same images and never trains on them.
///
///     fit ae pictures epochs 5                 # validates on 10 % held out
///     fit ae pictures epochs 5 validate mine   # on `mine`
///     fit ae pictures epochs 5 validate none   # no validation
enum HeldOut {
    static let fraction = 0.1
    static let seed: UInt64 = 20_241_111

    struct Split {
        let train: Dataset
        let validation: Dataset?
        /// The first line `fit` prints.
        let note: String
    }

    static func split(_ data: Dataset) throws -> Split {
        let held = Int((fraction * Double(data.count)).rounded())
        guard held >= 1, data.count - held >= 1 else {
            return Split(train: data, validation: nil,
                         note: "fit: \(data.name) has \(data.count) image\(data.count == 1 ? "" : "s"), too few to hold 10 % out; not validating (validate DATA to choose)")
        }
        let (train, val) = try data.split(fraction: 1 - fraction, seed: seed)
        let note = "fit: validating on \(formatCount(held)) image\(held == 1 ? "" : "s") held out of \(data.name) (10 %, fixed seed), training on the other \(formatCount(train.count)); validate DATA to choose, validate none to skip"
        return Split(train: train.renamed(data.name), validation: val.renamed("\(data.name) (held out)"), note: note)
    }

    /// Refuses data the model cannot take, before anything is trained, with the
    /// builder call that would fit it.
    static func checkFits(_ m: Model, _ d: Dataset, at span: SourceSpan) throws {
        let shape = d.imageShape
        let spec = "[" + shape.map(String.init).joined(separator: ", ") + "]"
        if let input = m.inputShape, input != shape, input.count == 3 {
            let example: String
            switch m.kind {
            case .autoencoder: example = "autoencoder(input: \(spec))"
            case .classifier: example = "classifier(input: \(spec), classes: \(max(d.classes, 2)))"
            case .other: example = "model(..., input: \(spec))"
            }
            throw RuntimeError("fit: the model takes \(describeDims(input)) images, but \(d.name) has \(describeDims(shape)) images; build one for them, e.g. \(example)", at: span)
        }
        if m.kind == .classifier, let out = m.outputShape, out.count == 1, d.labels != nil, d.classes > out[0] {
            throw RuntimeError("fit: the model has \(out[0]) outputs, but \(d.name) has \(d.classes) classes; build it with classes: \(d.classes)", at: span)
        }
    }
}
