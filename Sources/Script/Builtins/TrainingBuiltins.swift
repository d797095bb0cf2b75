import Tensor
import NN
import Data

/// Data's datasets are what `fit` trains on.
extension Dataset: TrainingSet {}

/// `fit ae mnist epochs 5 batch 64 lr 0.001`, `accuracy clf mnist.test`,
/// `evaluate ae mnist.test`, `predict clf mnist.test[0]`.
enum TrainingBuiltins {
    static func register(_ r: inout [String: Builtin]) {
        func add(_ name: String, _ f: @escaping (inout Arguments) throws -> Value) { r[name] = Builtin(name, f) }
        func model(_ a: Arguments) throws -> Model {
            let v = try a.require(0, "model")
            if case .model(let m) = v { return m }
            if let m = try ModelSupport.asModel(v) { return m }
            throw RuntimeError("\(a.function): argument 1 must be a model, got \(v.typeName)", at: a.span(0))
        }

        add("fit") { a in
            let epochs = try a.int("epochs", default: 1)
            let batch = try a.int("batch", default: 128)
            let lr = try a.label("lr").map { try Coerce.number($0.0, what: "fit: lr", at: $0.1) }
            let lossName = try a.string("loss")
            var optimizer: Optimizer? = nil
            if let name = try a.string("optimizer") {
                let momentum = try a.number("momentum", default: 0.9)
                switch name.lowercased() {
                case "adam": optimizer = Adam(lr: Float(lr ?? 1e-3))
                case "sgd": optimizer = SGD(lr: Float(lr ?? 0.01), momentum: Float(momentum))
                default: throw RuntimeError("fit: unknown optimizer \"\(name)\"; use \"adam\" or \"sgd\"", at: a.callSpan)
                }
            }
            let validation = a.label("validate") ?? a.label("val")
            try a.finish(maxPositional: 2)
            let m = try model(a)
            let dataValue = try a.require(1, "data")
            var data = try Coerce.dataset(dataValue, what: "fit: the data", at: a.span(1))
            try HeldOut.checkFits(m, data, at: a.span(1))
            var val: Dataset? = nil
            if let (v, span) = validation {
                if !v.isNone { val = try Coerce.dataset(v, what: "fit: validate", at: span) }
            } else {
                let split = try HeldOut.split(data)
                a.host.output(split.note)
                data = split.train
                val = split.validation
            }
            var loss: LossKind? = nil
            if let lossName {
                guard let k = LossKind(name: lossName) else {
                    throw RuntimeError("fit: unknown loss \"\(lossName)\"; use \"mse\", \"bce\" or \"crossentropy\"", at: a.callSpan)
                }
                loss = k
            }
            let host = a.host
            let result = try Trainer.fit(model: m, data: data, epochs: epochs, batchSize: batch,
                                         lr: lr.map { Float($0) }, loss: loss, optimizer: optimizer,
                                         validation: val, observer: host.trainingObserver(),
                                         shouldStop: { host.isInterrupted })
            return fitRecord(result)
        }
        add("accuracy") { a in
            try a.finish(maxPositional: 2)
            let ev = try evaluation(a, model(a))
            guard let acc = ev.accuracy else {
                throw RuntimeError("accuracy: needs a classifier and labelled data (this model's loss is \(ev.lossKind.shortName))", at: a.callSpan)
            }
            return .number(Double(acc))
        }
        add("evaluate") { a in
            let lossName = try a.string("loss")
            try a.finish(maxPositional: 2)
            let ev = try evaluation(a, model(a), loss: lossName)
            var fields: [(String, Value)] = [("loss", .number(Double(ev.loss))), ("count", .number(Double(ev.count)))]
            var text = "\(ev.lossKind.shortName) loss \(Printer.fixed(ev.loss)) on \(Printer.grouped(ev.count)) images"
            if let acc = ev.accuracy {
                fields.append(("accuracy", .number(Double(acc))))
                text += ", accuracy \(Printer.fixed(acc))"
            }
            if let c = ev.confusion {
                fields.append(("confusion", .list(c.map { .list($0.map { .number(Double($0)) }) })))
            }
            return .record(Record("evaluation", fields, text: text))
        }
        add("predict") { a in
            try a.finish(maxPositional: 2)
            let m = try model(a)
            let input = try a.require(1, "image")
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
                let d = try Coerce.dataset(input, what: "predict: the input", at: a.span(1))
                guard d.count <= 10_000 else { throw RuntimeError("predict: take at most 10,000 images at a time", at: a.span(1)) }
                batch = try d.batch(0..<d.count).images
            }
            return .list(try Trainer.predict(model: m, batch: batch).map { .number(Double($0.classIndex)) })
        }
    }

    static func evaluation(_ a: Arguments, _ m: Model, loss: String? = nil) throws -> Evaluation {
        let v = try a.require(1, "data")
        var data = try Coerce.dataset(v, what: "\(a.function): the data", at: a.span(1))
        if case .datasets(let pair) = v { data = try pair.test() }
        var kind: LossKind? = nil
        if let loss {
            guard let k = LossKind(name: loss) else { throw RuntimeError("\(a.function): unknown loss \"\(loss)\"", at: a.callSpan) }
            kind = k
        }
        let host = a.host
        return try Trainer.evaluate(model: m, data: data, loss: kind, shouldStop: { host.isInterrupted })
    }

    static func fitRecord(_ r: FitResult) -> Value {
        guard let last = r.epochs.last else { return .none }
        var text = "\(r.stopped ? "interrupted" : "trained") \(r.epochs.count) epoch\(r.epochs.count == 1 ? "" : "s")"
        text += "  \(r.loss.shortName) loss \(Printer.fixed(last.loss))"
        if let v = last.validationLoss { text += "  val \(Printer.fixed(v))" }
        if let acc = last.validationAccuracy { text += "  val accuracy \(Printer.fixed(acc))" }
        if r.stopped { text += "  (weights kept)" }
        let seconds = r.epochs.reduce(0) { $0 + $1.seconds }
        text += "  " + Interpreter.formatDuration(seconds)
        var fields: [(String, Value)] = [("loss", .number(Double(last.loss))), ("epochs", .number(Double(r.epochs.count))),
                                         ("stopped", .bool(r.stopped)), ("seconds", .number(seconds))]
        if let v = last.validationLoss { fields.append(("val", .number(Double(v)))) }
        if let acc = last.validationAccuracy { fields.append(("accuracy", .number(Double(acc)))) }
        return .record(Record("fit", fields, text: text))
    }
}
