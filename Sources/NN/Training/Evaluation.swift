import Foundation
import Tensor

extension Trainer {
    /// Loss (and, for classifiers with labels, accuracy and the confusion matrix) over
    /// a data set, in eval mode without gradients. Nothing is changed.
    ///
    ///     let ev = try Trainer.evaluate(model: clf, data: test)
    ///     ev.accuracy     // 0.9812
    ///
    /// Batches of 128 by default, the training batch: the same buffer sizes as `fit`
    /// are reused, so evaluating after an epoch does not raise peak memory.
    public static func evaluate(model: Model, data: TrainingSet, loss: LossKind? = nil,
                                batchSize: Int = 128, shouldStop: () -> Bool = { false }) throws -> Evaluation {
        guard batchSize >= 1 else { throw NNError("evaluate: batch size must be at least 1, got \(batchSize)") }
        let n = data.count
        guard n >= 1 else { throw NNError("evaluate: the data set is empty") }
        let kind = loss ?? model.defaultLoss
        let was = model.isTraining
        model.isTraining = false
        defer { model.isTraining = was }
        var total: Double = 0, count = 0, correct = 0
        var confusion: [[Int]]?
        try Autodiff.withoutGrad {
            var start = 0
            while start < n {
                let idx = Array(start..<min(n, start + batchSize))
                start += idx.count
                let (x, labels) = try data.batch(idx)
                let (l, out) = try model.loss(kind, images: x, labels: labels)
                total += Double(l.item) * Double(idx.count)
                count += idx.count
                if out.rank == 2, labels.count == out.shape[0], !labels.isEmpty {
                    let classes = out.shape[1]
                    if confusion == nil { confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes) }
                    let v = out.plain
                    for (r, y) in labels.enumerated() where y >= 0 && y < classes {
                        let p = argmax(v + r * classes, classes)
                        confusion![y][p] += 1
                        if p == y { correct += 1 }
                    }
                }
                if shouldStop() { break }
            }
        }
        let acc: Float? = confusion.map { _ in Float(correct) / Float(max(count, 1)) }
        return Evaluation(loss: Float(total / Double(max(count, 1))), lossKind: kind, count: count,
                          accuracy: acc, confusion: confusion)
    }

    /// Class probabilities and the most probable class of one sample ([C,H,W]) or
    /// of each sample of a batch.
    ///
    ///     let p = try Trainer.predict(model: clf, image: test.image(at: 0))
    ///     p.classIndex    // 7
    public static func predict(model: Model, image: Tensor) throws -> Prediction {
        let out = try Autodiff.withoutGrad { () -> Tensor in
            let was = model.isTraining
            model.isTraining = false
            defer { model.isTraining = was }
            return try model(image)
        }
        guard out.rank == 1, out.count >= 1 else {
            throw NNError("predict needs a classifier, but the model's output for one sample is \(describeShape(out.shape))")
        }
        return prediction(out.scalars, isProbability: model.endsInSoftmax)
    }

    /// Predictions for every sample of a batch [N, ...].
    public static func predict(model: Model, batch: Tensor) throws -> [Prediction] {
        let out = try Autodiff.withoutGrad { () -> Tensor in
            let was = model.isTraining
            model.isTraining = false
            defer { model.isTraining = was }
            return try model.forward(batch)
        }
        guard out.rank == 2 else {
            throw NNError("predict needs a classifier, but the model's output is \(describeShape(out.shape))")
        }
        let k = out.shape[1], v = out.scalars
        return (0..<out.shape[0]).map { prediction(Array(v[($0 * k)..<(($0 + 1) * k)]), isProbability: model.endsInSoftmax) }
    }

    static func prediction(_ scores: [Float], isProbability: Bool) -> Prediction {
        var probs = scores
        if !isProbability {
            let m = scores.max() ?? 0
            let e = scores.map { expf($0 - m) }
            let s = e.reduce(0, +)
            probs = e.map { $0 / s }
        }
        let best = scores.withUnsafeBufferPointer { argmax($0.baseAddress!, $0.count) }
        return Prediction(probabilities: probs, classIndex: best)
    }

    static func argmax(_ p: UnsafePointer<Float>, _ n: Int) -> Int {
        var best = 0
        for i in 1..<max(n, 1) where p[i] > p[best] { best = i }
        return best
    }
}
