import Testing
import Foundation
import Data
import Tensor
@testable import Picture

/// Renders the lecture's pictures that need no trained model into out/pictures, for a
/// person to look at: `LATENT_RENDER=1 swift test --filter RenderPictures`.
/// (Pictures of a trained autoencoder come from scripts/render-pictures through the language.)
@Suite(.enabled(if: ProcessInfo.processInfo.environment["LATENT_RENDER"] != nil))
struct RenderPictures {
    /// The repository root (through any symlinks to this file).
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let mnist = root.appendingPathComponent("data/mnist").path
    static let outDirectory: String = {
        let dir = root.appendingPathComponent("out/pictures").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    func save(_ c: Canvas, _ name: String) throws {
        try c.writePNG(to: Self.outDirectory + "/" + name)
    }

    /// Eight hand-made 3×3 filters: four edge directions, a blur, a point, a ridge, an identity.
    static func handFilters() throws -> Tensor {
        let k: [[Float]] = [
            [-1, 0, 1, -2, 0, 2, -1, 0, 1], [-1, -2, -1, 0, 0, 0, 1, 2, 1],
            [1, 0, -1, 2, 0, -2, 1, 0, -1], [1, 2, 1, 0, 0, 0, -1, -2, -1],
            [1, 1, 1, 1, 1, 1, 1, 1, 1].map { $0 / 9 }, [-1, -1, -1, -1, 8, -1, -1, -1, -1],
            [0, -1, 0, -1, 4, -1, 0, -1, 0], [0, 0, 0, 0, 1, 0, 0, 0, 0],
        ]
        return try Tensor(shape: [8, 1, 3, 3], scalars: k.flatMap { $0 })
    }

    @Test func digitsFeatureMapsAndRows() throws {
        let test = try MNIST.loadSplit("test", directory: Self.mnist)
        let (images, labels) = try test.batch(0..<32)
        try save(Picture.grid(images, columns: 8, scale: 2), "digits-grid.png")
        let digit = try images.slice(0..<1)
        try save(Picture.image(digit, scale: 8), "digit-\(labels[0]).png")

        let w = try Self.handFilters()
        try save(Picture.filters(w, scale: 16), "filters.png")
        let maps = try digit.conv2d(weight: w, bias: nil, padding: 1).relu()
        try save(Picture.featureMaps(maps, scale: 4), "feature-maps.png")
        let pooled = try maps.maxPool2d(kernel: 2)
        try save(Picture.featureMaps(pooled, scale: 8), "feature-maps-pooled.png")

        // A stand-in "reconstruction": pool 2×2 then nearest-neighbour upsample (lecture steps 4–5).
        let eight = try images.slice(0..<8)
        let coarse = try eight.maxPool2d(kernel: 2).upsampleNearest(scale: 2)
        try save(Picture.pairs(inputs: eight, outputs: coarse, scale: 3), "pairs.png")

        // Interpolation in pixel space between the first two digits.
        let a = try images.select(0).scalars, b = try images.select(1).scalars
        var blend: [Float] = []
        for s in 0..<10 {
            let t = Float(s) / 9
            blend += zip(a, b).map { (1 - t) * $0 + t * $1 }
        }
        try save(Picture.row(Tensor(shape: [10, 1, 28, 28], scalars: blend), scale: 3), "interpolation-row.png")

        // Lecture steps 4–5: max pooling and nearest-neighbour upsampling, worked out.
        let small = try Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        try save(Picture.matrix(small.upsampleNearest(scale: 2), title: "upsample"), "upsample-2x2-to-4x4.png")
        let four = try Tensor(shape: [1, 1, 4, 4], scalars: [1, 5, 2, 0, 3, 4, 8, 1, 0, 2, 9, 6, 7, 1, 3, 5])
        try save(Picture.matrix(four, title: "input"), "maxpool-input.png")
        try save(Picture.matrix(four.maxPool2d(kernel: 2), title: "maxpool"), "maxpool-output.png")

        var rng = SplitMix(seed: 7)
        try save(Picture.vector(Tensor(shape: [72], scalars: (0..<72).map { _ in Float(rng.next()) })), "latent-vector.png")
    }

    @Test func pcaMapOfRawPixelsAndNearestMeanConfusion() throws {
        let test = try MNIST.loadSplit("test", directory: Self.mnist)
        let (all, allLabels) = try test.batch(0..<10000)
        let start = Date()
        let map = try Picture.latentMap(all.reshape([10000, 784]), labels: allLabels, title: "MNIST pixels, PCA")
        print("PCA map of 10,000 × 784 pixels: \(Date().timeIntervalSince(start)) s")
        try save(map, "pca-pixels.png")
        let n = 2000
        let (images, labels) = try test.batch(0..<n)
        let flat = try images.reshape([n, 784])

        // Nearest class mean on raw pixels: a real confusion matrix without a network.
        let x = flat.scalars
        var means = [[Double]](repeating: [Double](repeating: 0, count: 784), count: 10)
        var counts = [Int](repeating: 0, count: 10)
        for i in 0..<1000 {
            counts[labels[i]] += 1
            for j in 0..<784 { means[labels[i]][j] += Double(x[i * 784 + j]) }
        }
        for k in 0..<10 { for j in 0..<784 { means[k][j] /= Double(max(1, counts[k])) } }
        var predicted: [Int] = []
        for i in 1000..<n {
            let d = (0..<10).map { k in (0..<784).reduce(0.0) { $0 + pow(Double(x[i * 784 + $1]) - means[k][$1], 2) } }
            predicted.append(d.firstIndex(of: d.min()!)!)
        }
        let m = Picture.confusionCounts(predicted: predicted, actual: Array(labels[1000..<n]), classes: 10)
        try save(Picture.confusion(m, title: "nearest mean"), "confusion.png")
        let scores = (0..<10).map { k in -sqrt((0..<784).reduce(0.0) { $0 + pow(Double(x[$1]) - means[k][$1], 2) }) }
        let e = scores.map { exp(($0 - scores.max()!) * 2) }
        try save(Picture.bars(e.map { $0 / e.reduce(0, +) }, highlight: labels[0], title: "p(digit)"), "bars.png")
    }

    @Test func lossCurvesAndTextRenderings() throws {
        let train = (1...20).map { 0.25 * exp(-Double($0) / 4) + 0.09 }
        let val = (1...20).map { (i: Int) -> Double in
            let decay: Double = 0.24 * exp(-Double(i) / 4.5)
            return decay + 0.095 + 0.002 * Double(i % 3)
        }
        try save(Picture.lossCurves(train: train, validation: val), "loss-curves.png")
        var text = try Picture.lineplotText([Series(name: "train", values: train), Series(name: "validation", values: val)], color: false)
        let digit = try Picture.image(MNIST.loadSplit("test", directory: Self.mnist).image(at: 0))
        text += TerminalImage.ascii(digit)
        FileManager.default.createFile(atPath: Self.outDirectory + "/text-renderings.txt", contents: Foundation.Data(text.utf8))
    }
}

/// A tiny deterministic generator for the demo vector.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}
