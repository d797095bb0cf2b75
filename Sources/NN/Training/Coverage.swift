import Tensor

/// A measure of the lecture's claim that "all points in the latent space correspond
/// to some instance of the data": decode random latent points and count how many a
/// trained classifier recognises with confidence, and walk between real codes to
/// see how smooth the decoded images change.
///
///     let r = try Coverage.measure(model: ae, classifier: clf, data: test, points: 1000)
///     r.fraction          // 0.41: 41 % of random points decode to a recognisable digit
public struct CoverageReport: Sendable {
    /// Random latent points decoded, and how many the classifier recognised.
    public var points: Int
    public var recognised: Int
    public var threshold: Float
    /// Where the points came from: "the prior N(0, I)" (a VAE) or "the test codes'
    /// distribution" (each latent value drawn from a normal with that value's mean
    /// and spread over the codes of the data).
    public var source: String
    /// Interpolations between two codes of the data, `steps` steps each: the largest
    /// change of one pixel between neighbouring steps, averaged over the walks.
    public var walks: Int
    public var steps: Int
    public var meanLargestJump: Float
    public var fraction: Float { points > 0 ? Float(recognised) / Float(points) : 0 }
}

public enum Coverage {
    public static func measure(model: Model, classifier: Model, data: TrainingSet, points: Int = 1000,
                               threshold: Float = 0.9, walks: Int = 20, steps: Int = 10) throws -> CoverageReport {
        guard model.partNames.contains("encoder"), model.partNames.contains("decoder") else {
            throw NNError("coverage needs an autoencoder or a vae (a model with an encoder and a decoder)")
        }
        guard points >= 1, points <= 100_000 else { throw NNError("coverage: n must be between 1 and 100,000, got \(points)") }
        guard threshold > 0, threshold < 1 else { throw NNError("coverage: the confidence threshold must be between 0 and 1, got \(threshold)") }
        guard walks >= 1, walks <= 1000, steps >= 1, steps <= 100 else {
            throw NNError("coverage: walks must be 1 to 1,000 and steps 1 to 100")
        }
        guard data.count >= 2 else { throw NNError("coverage: the data needs at least 2 images, got \(data.count)") }
        let encoder = try model.part("encoder"), decoder = try model.part("decoder")
        let was = (model.isTraining, classifier.isTraining)
        model.isTraining = false; classifier.isTraining = false
        defer { model.isTraining = was.0; classifier.isTraining = was.1 }

        return try Autodiff.withoutGrad {
            // Codes of (up to 2,000 of) the data.
            let m = min(data.count, 2000)
            var codes: [[Float]] = []
            var start = 0
            while start < m {
                let idx = Array(start..<min(m, start + 256))
                start += idx.count
                let z = try encoder.forward(try data.batch(idx).images)
                guard z.rank == 2 else { throw NNError("coverage: the encoder's output is \(describeShape(z.shape)), not a vector per image") }
                let v = z.scalars, d = z.shape[1]
                for r in 0..<idx.count { codes.append(Array(v[(r * d)..<((r + 1) * d)])) }
            }
            let d = codes[0].count
            var rng = Random.shared
            defer { Random.shared = rng }

            // Random points: the prior for a VAE, else each value from its spread over the codes.
            var mean = [Float](repeating: 0, count: d), std = [Float](repeating: 1, count: d)
            let variational = model.isVariational
            if !variational {
                for j in 0..<d {
                    let col = codes.map { $0[j] }
                    let mu = col.reduce(0, +) / Float(col.count)
                    mean[j] = mu
                    std[j] = (col.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Float(col.count)).squareRoot()
                }
            }
            var recognised = 0
            var done = 0
            while done < points {
                let k = min(256, points - done)
                var z = [Float](repeating: 0, count: k * d)
                for i in 0..<(k * d) { z[i] = mean[i % d] + std[i % d] * rng.normal() }
                let images = try decoder.forward(try Tensor(shape: [k, d], scalars: z))
                for p in try Trainer.predict(model: classifier, batch: images) where p.confidence > threshold { recognised += 1 }
                done += k
            }

            // Walks between two codes of the data.
            var jumps: Float = 0
            for _ in 0..<walks {
                let a = codes[Int(rng.next() % UInt64(codes.count))]
                let b = codes[Int(rng.next() % UInt64(codes.count))]
                var z = [Float](repeating: 0, count: (steps + 1) * d)
                for s in 0...steps {
                    let t = Float(s) / Float(steps)
                    for j in 0..<d { z[s * d + j] = a[j] * (1 - t) + b[j] * t }
                }
                let frames = try decoder.forward(try Tensor(shape: [steps + 1, d], scalars: z))
                let v = frames.scalars, per = frames.count / (steps + 1)
                var largest: Float = 0
                for s in 0..<steps {
                    for i in 0..<per { largest = max(largest, abs(v[(s + 1) * per + i] - v[s * per + i])) }
                }
                jumps += largest
            }
            return CoverageReport(points: points, recognised: recognised, threshold: threshold,
                                  source: variational ? "the prior N(0, I)" : "the test codes' distribution",
                                  walks: walks, steps: steps, meanLargestJump: jumps / Float(walks))
        }
    }
}
