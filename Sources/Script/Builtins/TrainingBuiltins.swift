import Tensor
import NN
import Data

/// Data's datasets are what `fit` trains on.
extension Dataset: TrainingSet {}

/// `fit ae mnist epochs 5 batch 64 lr 0.001`, `accuracy clf mnist.test`,
/// `evaluate ae mnist.test`, `predict clf mnist.test[0]`.
enum TrainingBuiltins {
    static let declarations: [Declaration] = [
        Declaration("fit", .training,
                    summary: "trains a model (autoencoders: INPUT = OUTPUT); Ctrl-C stops",
                    params: [.arg("model", .model), .arg("data", .dataset),
                             .label("epochs", .int, default: 1, in: 1...1_000_000),
                             .label("batch", .int, default: 128, in: 1...1_048_576),
                             .label("lr", .number, default: .none, in: 1e-12...1000),
                             .label("loss", .string, default: .none),
                             .label("optimizer", .string, default: .none),
                             .label("momentum", .number, default: .none, in: 0...1),
                             .label("validate", .dataset, default: .none),
                             .label("noise", .number, default: .none, in: 0...10),
                             .label("beta", .number, default: .none, in: 0...1000)],
                    examples: ["ae = autoencoder(); fit ae mnist.test[0..256] epochs 1 batch 64",
                               "dae = autoencoder(); fit dae mnist.test[0..256] noise 0.3 validate none",
                               "clf = classifier(); fit clf mnist.test[0..256] optimizer \"sgd\" lr 0.01 momentum 0.9 validate none"],
                    command: Command(aliases: ["val": "validate", "validation": "validate"]), methodOf: [.model]) { c in
            let m = try c.model("model")
            let lr = try c.optionalNumber("lr").map { Float($0) }
            var optimizer: Optimizer? = nil
            if let name = try c.optionalString("optimizer") {
                guard let kind = OptimizerKind(rawValue: name.lowercased()) else {
                    throw RuntimeError("fit: unknown optimizer \"\(name)\"; use \"adam\" or \"sgd\"", at: c.span("optimizer"))
                }
                optimizer = kind.make(lr: lr, momentum: try c.optionalNumber("momentum").map { Float($0) })
            } else if c.has("momentum") {
                throw RuntimeError("fit: momentum is for optimizer \"sgd\"; write optimizer \"sgd\" momentum 0.9", at: c.span("momentum"))
            }
            if let beta = try c.optionalNumber("beta") {
                guard !m.gaussians.isEmpty else {
                    throw RuntimeError("fit: beta weighs the KL term of a vae; this model has no gaussian latent", at: c.span("beta"))
                }
                for g in m.gaussians { g.beta = Float(beta) }
            }
            // `noise X`: the denoising autoencoder reads noisy images and learns the clean ones.
            let corrupt: ((Tensor) throws -> Tensor)? = try c.optionalNumber("noise").map { std in
                { try Corruption.gaussian($0, std: Float(std)) }
            }
            var data = try c.dataset("data")
            try HeldOut.checkFits(m, data, at: c.span("data"))
            var val: Dataset? = nil
            if let v = c.value("validate") {
                if !v.isNone { val = try c.dataset("validate") }
            } else {
                let split = try HeldOut.split(data)
                c.host.output(split.note)
                data = split.train
                val = split.validation
            }
            var loss: LossKind? = nil
            if let name = try c.optionalString("loss") {
                guard let k = LossKind(name: name) else {
                    throw RuntimeError("fit: unknown loss \"\(name)\"; use \"mse\", \"bce\" or \"crossentropy\"", at: c.span("loss"))
                }
                loss = k
            }
            let host = c.host
            // Parts share weights with the models they came from: say whom this fit changes too.
            let shared = Sharing.shares(of: .model(m), in: c.interpreter.variables, onlyTrainable: true)
            if !shared.isEmpty {
                let what = shared.map { s in
                    s.part.map { "\(s.variable)'s \($0)" } ?? "\(formatCount(s.count)) parameters of \(s.variable)"
                }.joined(separator: " and ")
                let copyHint = shared.first { $0.part != nil }.map { "build on copy(\($0.variable).\($0.part ?? "")) instead" } ?? "train a copy(...) instead"
                host.output("note: this also trains \(what) (shared weights); to keep \(Sharing.names(shared)) as \(shared.count == 1 ? "it is" : "they are"), \(copyHint)")
            }
            let result = try Trainer.fit(model: m, data: data, epochs: try c.int("epochs"), batchSize: try c.int("batch"),
                                         lr: lr, loss: loss, optimizer: optimizer,
                                         validation: val, observer: host.trainingObserver(),
                                         corrupt: corrupt, shouldStop: { host.isInterrupted })
            if let warning = divergence(result, learningRate: m.optimizer?.learningRate) { host.output(warning) }
            return fitRecord(result)
        },
        Declaration("accuracy", .training, summary: "the fraction of correctly classified images",
                    params: [.arg("model", .model), .arg("data", .dataset)],
                    examples: ["clf = classifier(); accuracy clf mnist.test[0..64]"],
                    command: .plain, methodOf: [.model]) { c in
            let ev = try evaluation(c)
            guard let acc = ev.accuracy else {
                throw RuntimeError("accuracy: needs a classifier and labelled data (this model's loss is \(ev.lossKind.shortName))", at: c.callSpan)
            }
            return .number(Double(acc))
        },
        Declaration("evaluate", .training, summary: "the loss (and accuracy for classifiers) without training",
                    params: [.arg("model", .model), .arg("data", .dataset), .label("loss", .string, default: .none)],
                    examples: ["evaluate autoencoder() mnist.test[0..64]", "evaluate(autoencoder(), mnist.test[0..64], loss: \"mse\").loss"],
                    command: .plain, methodOf: [.model]) { c in
            let ev = try evaluation(c)
            var fields: [(String, Value)] = [("loss", .number(Double(ev.loss))), ("count", .number(Double(ev.count)))]
            var text = "\(ev.lossKind.shortName) loss \(Printer.fixed(ev.loss)) on \(formatCount(ev.count)) images"
            if let acc = ev.accuracy {
                fields.append(("accuracy", .number(Double(acc))))
                text += ", accuracy \(Printer.fixed(acc))"
            }
            if let conf = ev.confusion {
                fields.append(("confusion", .list(conf.map { .list($0.map { .number(Double($0)) }) })))
            }
            return .record(Record("evaluation", fields, text: text))
        },
        Declaration("predict", .training,
                    summary: "the most probable class of an image (or of each in a batch)",
                    params: [.arg("model", .model), .arg("input", .one([.tensor, .dataset]))],
                    examples: ["predict classifier() mnist.test[0]", "predict(classifier(), mnist.test[0..4])"],
                    command: .plain, methodOf: [.model]) { c in
            let m = try c.model("model")
            let input = c.value("input") ?? .none
            if case .tensor(let t) = input, t.rank == (m.inputShape?.count ?? 3) {
                let p = try Trainer.predict(model: m, image: t)
                let probs = Value.list(p.probabilities.map { .number(Double($0)) })
                let text = "\(p.classIndex)  (\(Printer.number((Double(p.confidence) * 1000).rounded() / 10))%)"
                return .record(Record("prediction", [("class", .number(Double(p.classIndex))),
                                                     ("confidence", .number(Double(p.confidence))),
                                                     ("probabilities", probs)], text: text))
            }
            let batch: Tensor
            if case .tensor(let t) = input { batch = t } else {
                let d = try c.dataset("input")
                guard d.count <= 10_000 else { throw RuntimeError("predict: take at most 10,000 images at a time", at: c.span("input")) }
                batch = try d.batch(0..<d.count).images
            }
            return .list(try Trainer.predict(model: m, batch: batch).map { .number(Double($0.classIndex)) })
        },
    ]

    /// `accuracy` and `evaluate` measure on the test split of a pair (`mnist` means `mnist.test` here).
    static func evaluation(_ c: Call) throws -> Evaluation {
        var data = try c.dataset("data")
        if case .datasets(let pair)? = c.value("data") { data = try pair.test() }
        var kind: LossKind? = nil
        if let loss = try c.optionalString("loss") {
            guard let k = LossKind(name: loss) else { throw RuntimeError("\(c.function): unknown loss \"\(loss)\"", at: c.span("loss")) }
            kind = k
        }
        let host = c.host
        return try Trainer.evaluate(model: try c.model("model"), data: data, loss: kind, shouldStop: { host.isInterrupted })
    }

    static func fitRecord(_ r: FitResult) -> Value {
        guard let last = r.epochs.last else { return .none }
        var text: String
        if r.stopped, !last.isComplete {
            // Say where it stopped: "interrupted 3 epochs" read as if three had run.
            text = "interrupted in epoch \(r.epochs.count) after \(formatCount(last.batches)) of \(formatCount(last.batchesPlanned)) batches"
        } else {
            text = "\(r.stopped ? "interrupted" : "trained") \(r.epochs.count) epoch\(r.epochs.count == 1 ? "" : "s")"
        }
        text += "  \(r.loss.shortName) loss \(Printer.fixed(last.loss))"
        for t in last.terms ?? [] { text += "  \(t.name) \(Printer.fixed(t.value))" }
        if let v = last.validationLoss { text += "  val \(Printer.fixed(v))" }
        if let acc = last.validationAccuracy { text += "  val accuracy \(Printer.fixed(acc))" }
        if r.stopped { text += "  (weights kept)" }
        let seconds = r.epochs.reduce(0) { $0 + $1.seconds }
        text += "  " + describeDuration(seconds)
        var fields: [(String, Value)] = [("loss", .number(Double(last.loss))), ("epochs", .number(Double(r.epochs.count))),
                                         ("stopped", .bool(r.stopped)), ("seconds", .number(seconds))]
        for t in last.terms ?? [] { fields.append((t.name, .number(Double(t.value)))) }
        if let v = last.validationLoss { fields.append(("val", .number(Double(v)))) }
        if let acc = last.validationAccuracy { fields.append(("accuracy", .number(Double(acc)))) }
        return .record(Record("fit", fields, text: text))
    }

    /// A warning when the loss grew by an order of magnitude or more during a fit (a
    /// learning rate far too large), with a smaller one to try; nil otherwise.
    static func divergence(_ r: FitResult, learningRate: Float?) -> String? {
        let batches = r.epochs.flatMap { $0.batchLosses ?? [] }
        guard let first = batches.first, first.isFinite, first > 0, let last = r.epochs.last?.loss, last.isFinite,
              last / first >= 10 else { return nil }
        let growth = Double(last / first)
        var text = "warning: the loss grew from \(Printer.fixed(first)) to \(Printer.fixed(last)) (×\(String(format: "%.2g", growth))): training diverged"
        if let lr = learningRate {
            let suggestion = min(1e-3, Double(lr) / 100)
            text += "; the learning rate \(Printer.number(Double(lr))) is too large, try a smaller one, e.g. lr \(Printer.number(Double(String(format: "%.1g", suggestion)) ?? suggestion))"
        }
        return text
    }
}
