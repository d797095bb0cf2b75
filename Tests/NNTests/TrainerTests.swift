import Foundation
import Testing
@testable import NN
import Tensor

/// The training loop on small synthetic sets.
extension NNTests {
    @Suite struct Training {
        static func tinyAutoencoder() throws -> Model {
            try Model(chain: [Conv2d(out: 4), ReLU(), Conv2d(out: 1), Sigmoid()], inputShape: [1, 8, 8], sealed: true)
        }

        static func tinyClassifier() throws -> Model {
            let enc = try Model(chain: [Conv2d(out: 4), ReLU(), Pool2d(.max), Flatten()], inputShape: [1, 8, 8])
            enc.name = "encoder"
            return try enc.composed(with: Model(layer: Linear(out: 2))).composed(with: Model(layer: Softmax()))
        }

        /// Records what the trainer reports.
        final class Recorder: TrainingObserver {
            var batches: [BatchProgress] = []
            var epochs: [EpochRecord] = []
            var weightsAfterBatch: [[Float]] = []
            let model: Model?
            init(model: Model? = nil) { self.model = model }
            func batchFinished(_ p: BatchProgress) {
                batches.append(p)
                if let model { weightsAfterBatch.append(model.parameters.flatMap { $0.value.scalars }) }
            }
            func epochFinished(_ r: EpochRecord, of epochs: Int) { self.epochs.append(r) }
        }

        @Test func autoencoderLossGoesDown() throws {
            Random.seed(3)
            let ae = try Self.tinyAutoencoder()
            #expect(ae.kind == .autoencoder && ae.defaultLoss == .binaryCrossEntropy)
            let data = ArraySet.bars(count: 32)
            let rec = Recorder()
            let r = try Trainer.fit(model: ae, data: data, epochs: 6, batchSize: 8, lr: 0.01, validation: data, observer: rec)
            #expect(r.epochs.count == 6 && !r.stopped && r.loss == .binaryCrossEntropy)
            #expect(ae.history.losses.count == 6)
            #expect(ae.history.losses.last! < ae.history.losses.first! * 0.8, "\(ae.history.losses)")
            #expect(rec.batches.count == 24 && rec.epochs.count == 6)
            #expect(rec.batches.last?.batch == 4 && rec.batches.last?.batches == 4)
            #expect(r.epochs.allSatisfy { $0.validationLoss != nil && $0.isComplete })
            #expect(!ae.isTraining)
            // A second fit continues the history and keeps the optimizer.
            let opt = ae.optimizer
            _ = try Trainer.fit(model: ae, data: data, epochs: 1, batchSize: 8)
            #expect(ae.history.epochs.map { $0.epoch } == [1, 2, 3, 4, 5, 6, 7])
            #expect(ae.optimizer === opt)
        }

        @Test func seedRepeatsATrainingRun() throws {
            func run() throws -> ([Float], [Float]) {
                Random.seed(77)
                let ae = try Self.tinyAutoencoder()
                _ = try Trainer.fit(model: ae, data: ArraySet.bars(count: 24), epochs: 2, batchSize: 5)
                return (ae.history.losses, ae.parameters.flatMap { $0.value.scalars })
            }
            let (a, b) = (try run(), try run())
            #expect(a.0 == b.0 && a.1 == b.1)
        }

        @Test func backendsAgreeOnATrainingStep() throws {
            let data = ArraySet.bars(count: 8)
            var results: [[Float]] = []
            for backend in backendNames {
                Random.seed(8)
                let ae = try Builders.autoencoder(latent: 72)
                let big = ArraySet(images: data.images.map { img in (0..<784).map { img[($0 / 28 % 8) * 8 + $0 % 8] } },
                                   labels: data.labels, shape: [1, 28, 28])
                try Backend.with(backend) {
                    _ = try Trainer.fit(model: ae, data: big, epochs: 2, batchSize: 4)
                }
                results.append(ae.parameters.flatMap { $0.value.scalars })
            }
            for r in results.dropFirst() { #expect(scaledError(r, results[0]) < 1e-4) }
        }

        @Test func classifierLearnsAndEvaluates() throws {
            Random.seed(5)
            let clf = try Self.tinyClassifier()
            #expect(clf.defaultLoss == .crossEntropy)
            let data = ArraySet.bars(count: 64)
            _ = try Trainer.fit(model: clf, data: data, epochs: 15, batchSize: 16, lr: 0.02)
            let ev = try Trainer.evaluate(model: clf, data: data)
            #expect(ev.count == 64)
            #expect((ev.accuracy ?? 0) > 0.9, "accuracy \(ev.accuracy ?? -1)")
            #expect(ev.confusion?.count == 2 && ev.confusion?.flatMap { $0 }.reduce(0, +) == 64)
            let (x, labels) = try data.batch([0])
            let p = try Trainer.predict(model: clf, image: x.reshape([1, 8, 8]))
            #expect(p.probabilities.count == 2 && abs(p.probabilities.reduce(0, +) - 1) < 1e-5)
            #expect(p.classIndex == labels[0])
            #expect(try Trainer.predict(model: clf, batch: x).first?.classIndex == p.classIndex)
        }

        @Test func softmaxIsFoldedIntoCrossEntropy() throws {
            Random.seed(9)
            let clf = try Self.tinyClassifier()
            let (x, labels) = try ArraySet.bars(count: 4).batch([0, 1, 2, 3])
            let (loss, logits) = try clf.loss(.crossEntropy, images: x, labels: labels)
            // Equals −mean log softmax(logits)[label], computed here by hand.
            let v = logits.scalars
            var expected: Float = 0
            for r in 0..<4 {
                let row = Array(v[(r * 2)..<(r * 2 + 2)]), m = row.max()!
                let lse = m + log(row.map { exp($0 - m) }.reduce(0, +))
                expected += (lse - row[labels[r]]) / 4
            }
            #expect(abs(loss.item - expected) < 1e-5)
            #expect(try clf.forward(x).shape == [4, 2])
        }

        @Test func shouldStopEndsAfterTheBatchAndKeepsWeights() throws {
            Random.seed(4)
            let ae = try Self.tinyAutoencoder()
            let rec = Recorder(model: ae)
            var polls = 0
            let r = try Trainer.fit(model: ae, data: ArraySet.bars(count: 32), epochs: 3, batchSize: 8, observer: rec,
                                    shouldStop: { polls += 1; return polls == 2 })
            #expect(r.stopped)
            #expect(r.epochs.count == 1 && r.epochs[0].batches == 2 && !r.epochs[0].isComplete)
            #expect(ae.history.epochs.count == 1)
            #expect(ae.parameters.flatMap { $0.value.scalars } == rec.weightsAfterBatch.last!)
        }

        /// Hands out NaN images from the `poisonedCall`-th batch on.
        final class PoisonedSet: TrainingSet {
            let base = ArraySet.bars(count: 32)
            let poisonedCall: Int
            var calls = 0
            init(poisonedCall: Int) { self.poisonedCall = poisonedCall }
            var count: Int { base.count }
            func batch(_ indices: [Int]) throws -> (images: Tensor, labels: [Int]) {
                calls += 1
                let (x, y) = try base.batch(indices)
                guard calls >= poisonedCall else { return (x, y) }
                return (try Tensor(shape: x.shape, scalars: [Float](repeating: .nan, count: x.count)), y)
            }
        }

        @Test func nanLossStopsAndRestoresTheLastGoodWeights() throws {
            Random.seed(6)
            let ae = try Self.tinyAutoencoder()
            let rec = Recorder(model: ae)
            let data = PoisonedSet(poisonedCall: 4)
            #expect(throws: NNError("fit stopped in epoch 1, batch 4: the loss is nan; the weights are restored to the last batch with a finite loss. Try a smaller learning rate (now 0.001).")) {
                try Trainer.fit(model: ae, data: data, epochs: 2, batchSize: 4, observer: rec)
            }
            // Batches 1–3 had finite losses; the weights that gave batch 3 its loss are
            // those after batch 2's step.
            #expect(rec.weightsAfterBatch.count == 3)
            #expect(ae.parameters.flatMap { $0.value.scalars } == rec.weightsAfterBatch[1])
            #expect(ae.history.epochs.count == 1 && ae.history.epochs[0].batches == 3)
            #expect(!ae.isTraining)
        }

        @Test func badArgumentsThrow() throws {
            let ae = try Self.tinyAutoencoder()
            let data = ArraySet.bars(count: 4)
            #expect(throws: NNError("fit: epochs must be between 1 and 1,000,000, got 0")) {
                try Trainer.fit(model: ae, data: data, epochs: 0)
            }
            #expect(throws: NNError("fit: the learning rate must be a positive number, got -1.0")) {
                try Trainer.fit(model: ae, data: data, lr: -1)
            }
            #expect(throws: NNError("fit: the training set is empty")) {
                try Trainer.fit(model: ae, data: ArraySet(images: [], labels: [], shape: [1, 8, 8]))
            }
            #expect(throws: NNError("fit: mse compares the output with the input, but this model maps 1×28×28 to 72; train a model whose output is an image like its input, or a classifier with loss crossentropy")) {
                try Trainer.fit(model: Builders.encoder(latent: 72), data: ArraySet(images: [[Float](repeating: 0, count: 784)], labels: [0], shape: [1, 28, 28]))
            }
            ae.freeze()
            #expect(throws: NNError("fit: nothing to train — every parameter of the model is frozen (unfreeze it first)")) {
                try Trainer.fit(model: ae, data: data)
            }
        }

        @Test func lazyLayersAreShapedByTheFirstBatch() throws {
            let m = try Model(layer: Conv2d(out: 1)).composed(with: Model(layer: Sigmoid()))
            #expect(m.inputShape == nil && m.parameterCount == 0)
            _ = try Trainer.fit(model: m, data: ArraySet.bars(count: 4), epochs: 1, batchSize: 2, loss: .mse)
            #expect(m.inputShape == [1, 8, 8] && m.parameterCount == 9 + 1)
        }
    }
}
