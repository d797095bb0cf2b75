import Foundation
import Tensor

/// The training loop: shuffled mini-batches, a loss, backward, an optimizer step —
/// with progress callbacks, Ctrl-C stops and a NaN guard.
///
///     let r = try Trainer.fit(model: ae, data: train, epochs: 5, validation: test)
///     ae.history.losses      // one mean loss per epoch
public enum Trainer {
    /// Trains `model` on `data`.
    ///
    /// - Loss: `loss`, else `model.defaultLoss` (BCE for the autoencoder, cross-entropy
    ///   for classifiers). A classifier ending in softmax is trained with cross-entropy
    ///   on the softmax's input (its logits), i.e. the softmax is folded into the loss
    ///   as in PyTorch's `F.cross_entropy`; the model's output stays probabilities.
    /// - Optimizer: `optimizer`, else the one the model kept from an earlier fit (with
    ///   its state; `lr` updates its learning rate), else Adam (`OptimizerKind.adam`, lr 0.001 unless `lr`).
    /// - Shuffling draws from `Random.shared`, so `seed N` repeats a run.
    /// - `shouldStop` is polled after every batch (and every validation batch): when true,
    ///   training stops at the end of that batch, keeps the weights and records the
    ///   partial epoch (without validation numbers if the validation pass was cut short).
    /// - A NaN or infinite loss (or gradient) stops training with an `NNError` after
    ///   restoring the weights (and batch-norm statistics) of the last batch whose loss
    ///   was finite; the optimizer state is reset.
    /// - Layers are in training mode during the fit and in eval mode afterwards.
    /// - `corrupt`, when given, makes what the model reads from each training batch
    ///   (noise, occlusion) while the loss still compares with the clean images: the
    ///   denoising autoencoder. Validation reads clean images.
    /// - Losses with parts (the ELBO's `recon` and `kl`) report each part's epoch mean
    ///   in the progress and the history.
    public static func fit(model: Model, data: TrainingSet, epochs: Int = 1, batchSize: Int = 128,
                           lr: Float? = nil, loss: LossKind? = nil, optimizer: Optimizer? = nil,
                           validation: TrainingSet? = nil, observer: TrainingObserver? = nil,
                           corrupt: ((Tensor) throws -> Tensor)? = nil,
                           shouldStop: () -> Bool = { false }) throws -> FitResult {
        guard epochs >= 1, epochs <= 1_000_000 else { throw NNError("fit: epochs must be between 1 and 1,000,000, got \(epochs)") }
        guard batchSize >= 1, batchSize <= 1 << 20 else { throw NNError("fit: batch size must be between 1 and 1,048,576, got \(batchSize)") }
        if let lr { guard lr.isFinite, lr > 0 else { throw NNError("fit: the learning rate must be a positive number, got \(lr)") } }
        let n = data.count
        guard n >= 1 else { throw NNError("fit: the training set is empty") }

        let lossKind = loss ?? model.defaultLoss
        let opt: Optimizer
        if let optimizer { opt = optimizer; if let lr { opt.learningRate = lr } }
        else if let kept = model.optimizer { opt = kept; if let lr { opt.learningRate = lr } }
        else { opt = OptimizerKind.adam.make(lr: lr) }
        model.optimizer = opt

        // Shape lazy layers from the first sample before collecting parameters.
        if model.inputShape == nil {
            let (x, _) = try data.batch([0])
            try model.setInputShape(Array(x.shape.dropFirst()))
        }
        if !lossKind.usesLabels, let i = model.inputShape, let o = model.outputShape, i != o {
            throw NNError("fit: \(lossKind.shortName) compares the output with the input, but this model maps \(describeDims(i)) to \(describeDims(o)); train a model whose output is an image like its input, or a classifier with loss crossentropy")
        }
        let params = model.parameters
        guard params.contains(where: { !$0.isFrozen }) else {
            throw NNError("fit: nothing to train — every parameter of the model is frozen (unfreeze it first)")
        }
        let snapshot = Snapshot(model)

        model.isTraining = true
        defer { model.isTraining = false }
        let batches = (n + batchSize - 1) / batchSize
        var records: [EpochRecord] = []
        var stopped = false
        for e in 1...epochs {
            let start = Date()
            var order = Array(0..<n)
            order.shuffle(using: &Random.shared)
            observer?.epochStarted(epoch: e, of: epochs, batches: batches)
            var total: Double = 0, seen = 0, done = 0
            var termNames: [String] = [], termTotals: [Double] = []
            var batchLosses: [Float] = []
            batchLosses.reserveCapacity(batches)
            func termMeans() -> [LossTerm] {
                zip(termNames, termTotals).map { LossTerm(name: $0, value: Float($1 / Double(max(seen, 1)))) }
            }
            func record() -> EpochRecord {
                EpochRecord(epoch: model.history.epochs.count + 1, loss: seen > 0 ? Float(total / Double(seen)) : .nan,
                            batches: done, batchesPlanned: batches, samples: seen,
                            seconds: Date().timeIntervalSince(start), lossKind: lossKind, batchSize: batchSize,
                            terms: termNames.isEmpty ? nil : termMeans(), batchLosses: batchLosses)
            }
            for b in 0..<batches {
                let idx = Array(order[(b * batchSize)..<min(n, (b + 1) * batchSize)])
                let (x, labels) = try data.batch(idx)
                model.zeroGradients()
                let value: Float
                var terms: [LossTerm] = []
                do {
                    var input: Tensor? = nil
                    if let corrupt { input = try Autodiff.withoutGrad { try corrupt(x) } }
                    let r = try model.lossTerms(lossKind, images: x, labels: labels, input: input)
                    value = r.loss.item
                    terms = r.terms
                    if value.isFinite { try r.loss.backward() }
                }
                if !value.isFinite || !gradientsFinite(params) {
                    model.zeroGradients()
                    snapshot.restore()
                    opt.reset()
                    if done > 0 { let r = record(); records.append(r); model.history.epochs.append(r) }
                    let what = value.isFinite ? "a gradient is not finite" : "the loss is \(value)"
                    throw NNError("fit stopped in epoch \(e), batch \(b + 1): \(what); the weights are restored to the last batch with a finite loss. Try a smaller learning rate (now \(opt.learningRate)).")
                }
                snapshot.save()
                try opt.step(params)
                model.zeroGradients()
                total += Double(value) * Double(idx.count)
                if termNames.isEmpty && !terms.isEmpty {
                    termNames = terms.map { $0.name }
                    termTotals = Array(repeating: 0, count: terms.count)
                }
                for (k, t) in terms.enumerated() where k < termTotals.count { termTotals[k] += Double(t.value) * Double(idx.count) }
                batchLosses.append(value)
                seen += idx.count
                done += 1
                observer?.batchFinished(BatchProgress(epoch: e, epochs: epochs, batch: b + 1, batches: batches,
                                                      loss: value, meanLoss: Float(total / Double(seen)),
                                                      samples: seen, seconds: Date().timeIntervalSince(start),
                                                      terms: termMeans()))
                if shouldStop() { stopped = true; break }
            }
            var r = record()
            if let validation, !stopped {
                observer?.validationStarted(epoch: e)
                var interrupted = false
                let ev = try evaluate(model: model, data: validation, loss: lossKind, batchSize: batchSize,
                                      shouldStop: { interrupted = interrupted || shouldStop(); return interrupted })
                if interrupted {
                    stopped = true      // a partial validation pass is not reported
                } else {
                    r.validationLoss = ev.loss
                    r.validationAccuracy = ev.accuracy
                }
                r.seconds = Date().timeIntervalSince(start)
            }
            records.append(r)
            model.history.epochs.append(r)
            observer?.epochFinished(r, of: epochs)
            if stopped { break }
        }
        return FitResult(epochs: records, stopped: stopped, loss: lossKind)
    }

    private static func gradientsFinite(_ params: [Parameter]) -> Bool {
        for p in params where !p.isFrozen {
            guard let g = p.grad else { continue }
            let v = g.plain
            for i in 0..<g.count where !v[i].isFinite { return false }
        }
        return true
    }
}

/// Copies of a model's weights and buffers, refreshed before every optimizer step.
final class Snapshot {
    private let params: [Parameter]
    private let buffers: [Tensor]
    private var saved: [[Float]]

    init(_ model: Model) {
        params = model.parameters
        buffers = model.nodes.flatMap { $0.layer.buffers.map { $0.1 } }
        saved = []
        save()
    }

    func save() {
        let all = params.map { $0.value } + buffers
        if saved.count != all.count { saved = all.map { [Float](repeating: 0, count: $0.count) } }
        for (k, t) in all.enumerated() where t.count > 0 {
            let src = t.plain
            saved[k].withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: src, count: t.count) }
        }
    }

    func restore() {
        for (k, p) in params.enumerated() where p.count > 0 { saved[k].withUnsafeBufferPointer { p.assign($0.baseAddress!) } }
        for (k, b) in buffers.enumerated() where b.count > 0 {
            let dst = b.plain
            saved[params.count + k].withUnsafeBufferPointer { dst.update(from: $0.baseAddress!, count: b.count) }
        }
    }
}
