import Foundation
import Data
import NN
import Tensor

/// How one zoo model is made: builder, data, epochs. `scripts/train-zoo` runs them all.
struct Recipe {
    enum Task { case reconstruct, classify10, digits04, denoise }
    let name: String
    let builder: String
    let args: [String: Int]
    let task: Task
    let epochs: Int
    /// Training images (a seeded sample; nil = all of the split).
    let images: Int?
    let lr: Float

    var call: String {
        let a = args.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        return "\(builder)(\(a))"
    }

    // Sized for 2 busy cores: small widths, subsets of digits 0–4 (resnet, vgg, inception: 30,000).
    static let all: [Recipe] = [
        Recipe(name: "autoencoder", builder: "autoencoder", args: ["latent": 72], task: .reconstruct, epochs: 1, images: nil, lr: 1e-3),
        Recipe(name: "classifier", builder: "classifier", args: ["classes": 10], task: .classify10, epochs: 1, images: nil, lr: 1e-3),
        Recipe(name: "vgg", builder: "vgg", args: ["classes": 5, "width": 8], task: .digits04, epochs: 2, images: 30_000, lr: 1e-3),
        Recipe(name: "alexnet", builder: "alexnet", args: ["classes": 5, "width": 16], task: .digits04, epochs: 2, images: 8_000, lr: 1e-3),
        Recipe(name: "resnet", builder: "resnet", args: ["classes": 5, "width": 16], task: .digits04, epochs: 2, images: 30_000, lr: 2e-3),
        Recipe(name: "mobilenet", builder: "mobilenet", args: ["classes": 5, "width": 8], task: .digits04, epochs: 2, images: 8_000, lr: 3e-3),
        Recipe(name: "inception", builder: "inception", args: ["classes": 5, "width": 8], task: .digits04, epochs: 3, images: 30_000, lr: 4e-3),
        Recipe(name: "unet", builder: "unet", args: ["width": 8], task: .denoise, epochs: 2, images: 8_000, lr: 3e-3),
    ]
}

/// Prints one line per epoch (and a dot every 20 batches) to stderr.
final class EpochPrinter: TrainingObserver {
    let label: String
    init(_ label: String) { self.label = label }
    func batchFinished(_ p: BatchProgress) {
        if p.batch % 20 == 0 { FileHandle.standardError.write(Data(".".utf8)) }
    }
    func epochFinished(_ r: EpochRecord, of epochs: Int) {
        let line = String(format: "\n%@ epoch %d/%d  loss %.4f  %.0f s  %.0f img/s\n", label, r.epoch, epochs, r.loss, r.seconds,
                          r.seconds > 0 ? Double(r.samples) / r.seconds : 0)
        FileHandle.standardError.write(Data(line.utf8))
    }
}

enum ZooTrainer {
    static let digits04: Set<Int> = [0, 1, 2, 3, 4]

    /// Trains `r`, writes `<out>/<name>.safetensors` and `<out>/<name>.json`, returns the card.
    static func train(_ r: Recipe, out: String, seed: UInt64) throws -> ZooCard {
        let mnist = try MNIST.load()
        Random.seed(seed)
        let m = try Zoo.build(builder: r.builder, args: r.args)
        let start = Date()
        var card = ZooCard(name: r.name, builder: r.builder, args: r.args, call: r.call, epochs: r.epochs,
                           parameters: m.parameterCount, script: "scripts/train-zoo \(r.name)", seed: Int(seed))
        switch r.task {
        case .reconstruct, .classify10:
            let train = try r.images.map { try mnist.train.sample($0, seed: seed) } ?? mnist.train
            _ = try Trainer.fit(model: m, data: train, epochs: r.epochs, lr: r.lr, observer: EpochPrinter(r.name))
            let e = try Trainer.evaluate(model: m, data: mnist.test)
            card.data = "mnist.train, \(formatCount(train.count)) images"
            card.test = "mnist.test (\(formatCount(mnist.test.count)) images)"
            card.testAccuracy = e.accuracy.map(Double.init)
            card.testLoss = Double(e.loss)
            card.testLossKind = e.lossKind.shortName
            card.summary = r.task == .reconstruct ? "the lecture's convolutional autoencoder (latent 72 = 8×3×3)"
                                                  : "the lecture's classifier: encoder + fc(10) + softmax, trained end to end"
        case .digits04:
            let train = try mnist.train.filter(labels: digits04).sample(r.images ?? 12_000, seed: seed)
            let test = try mnist.test.filter(labels: digits04)
            _ = try Trainer.fit(model: m, data: train, epochs: r.epochs, lr: r.lr, observer: EpochPrinter(r.name))
            let e = try Trainer.evaluate(model: m, data: test)
            card.data = "mnist.train digits 0–4, a seeded sample of \(formatCount(train.count)) images"
            card.test = "mnist.test digits 0–4 (\(formatCount(test.count)) images)"
            card.testAccuracy = e.accuracy.map(Double.init)
            card.testLoss = Double(e.loss)
            card.testLossKind = e.lossKind.shortName
            card.summary = "\(r.builder) backbone + head, classifies digits 0–4 (keep `part(\"backbone\")` for transfer learning)"
        case .denoise:
            let train = try mnist.train.sample(r.images ?? 12_000, seed: seed)
            let test = try mnist.test.sample(2_000, seed: seed)
            let (noisy, denoised) = try Denoise.train(m, train: train, test: test, epochs: r.epochs, lr: r.lr, seed: seed)
            card.data = "mnist.train, a seeded sample of \(formatCount(train.count)) images, Gaussian noise σ 0.4 (clamped to 0…1) as input, the clean digit as target"
            card.test = "mnist.test, 2,000 images with fresh noise; mse noisy→clean \(String(format: "%.4f", noisy))"
            card.testLoss = denoised
            card.testLossKind = "mse"
            card.summary = String(format: "U-Net denoiser: test mse %.4f (the noisy input: %.4f)", denoised, noisy)
        }
        card.seconds = (Date().timeIntervalSince(start) * 10).rounded() / 10
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try m.saveWeights(to: out + "/" + r.name + ".safetensors", metadata: ["zoo": r.name, "call": r.call])
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try enc.encode(card).write(to: URL(fileURLWithPath: out + "/" + r.name + ".json"), options: .atomic)
        return card
    }
}

/// U-Net as a denoiser: noisy digit in, clean digit out (binary cross-entropy), a plain loop.
enum Denoise {
    static func noisy(_ x: Tensor, _ rng: inout RandomGenerator) throws -> Tensor {
        try (x + Tensor.randn(x.shape, std: 0.4, using: &rng)).clamp(min: 0, max: 1)
    }

    /// Returns the test mse of the noisy input and of the denoised output.
    static func train(_ m: Model, train: Dataset, test: Dataset, epochs: Int, lr: Float, seed: UInt64) throws -> (Double, Double) {
        let opt = Adam(lr: lr)
        var rng = RandomGenerator(seed: seed)
        for epoch in 1...epochs {
            m.isTraining = true
            let t0 = Date()
            var total: Double = 0, n = 0
            for (i, batch) in try train.batches(size: 128, shuffle: &rng, dropLast: false).enumerated() {
                let x = try noisy(batch.images, &rng)
                m.zeroGradients()
                let loss = try m.forward(x).binaryCrossEntropy(batch.images)
                try loss.backward()
                try opt.step(m.parameters)
                total += Double(loss.item) * Double(x.shape[0]); n += x.shape[0]
                if i % 20 == 0 { FileHandle.standardError.write(Data(".".utf8)) }
            }
            FileHandle.standardError.write(Data(String(format: "\nunet epoch %d/%d  bce %.4f  %.0f s\n", epoch, epochs, total / Double(max(n, 1)), Date().timeIntervalSince(t0)).utf8))
        }
        m.isTraining = false
        var testRng = RandomGenerator(seed: seed &+ 1)
        var noisyErr: Double = 0, outErr: Double = 0, n = 0
        try Autodiff.withoutGrad {
            for batch in try test.batches(size: 250, dropLast: false) {
                let x = try noisy(batch.images, &testRng)
                let y = try m.forward(x)
                noisyErr += Double(try x.mseLoss(batch.images).item) * Double(x.shape[0])
                outErr += Double(try y.mseLoss(batch.images).item) * Double(x.shape[0])
                n += x.shape[0]
            }
        }
        return (noisyErr / Double(n), outErr / Double(n))
    }
}
