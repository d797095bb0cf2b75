import Foundation
import Testing
@testable import NN
import Tensor

/// All NN tests run one at a time: training, `Random.shared` and autodiff's on/off
/// switch are process-wide.
@Suite(.serialized) struct NNTests {}

let backendNames: [String] = Backend.available.keys.sorted()

/// A fixture file's URL (Tests/NNTests/Fixtures).
func fixtureURL(_ name: String, _ ext: String) throws -> URL {
    guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures") else {
        throw NNError("fixture \(name).\(ext) is missing")
    }
    return url
}

/// A fixture JSON file as a dictionary.
func fixtureJSON(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: fixtureURL(name, "json"))
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
}

/// `{"shape": [...], "data": [...]}` as a tensor.
func fixtureTensor(_ any: Any?) throws -> Tensor {
    let d = any as? [String: Any] ?? [:]
    let shape = (d["shape"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }
    let data = (d["data"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.floatValue }
    return try Tensor(shape: shape, scalars: data)
}

/// Largest |a − b| divided by the largest |b| of the tensor (errors relative to the
/// tensor's scale, so tiny gradients are not judged by their own size).
func scaledError(_ actual: [Float], _ expected: [Float]) -> Float {
    guard actual.count == expected.count, !expected.isEmpty else { return .infinity }
    let scale = max(expected.map { abs($0) }.max() ?? 0, 1e-12)
    var worst: Float = 0
    for (a, b) in zip(actual, expected) { worst = max(worst, abs(a - b) / scale) }
    return worst.isNaN ? .infinity : worst
}

/// A tiny in-memory training set of `count` images [C, H, W] with labels.
final class ArraySet: TrainingSet {
    let images: [[Float]]
    let labels: [Int]
    let shape: [Int]
    init(images: [[Float]], labels: [Int], shape: [Int]) {
        self.images = images; self.labels = labels; self.shape = shape
    }
    var count: Int { images.count }
    func batch(_ indices: [Int]) throws -> (images: Tensor, labels: [Int]) {
        (try Tensor(shape: [indices.count] + shape, scalars: indices.flatMap { images[$0] }), indices.map { labels[$0] })
    }

    /// Bars: class 0 is a horizontal bar, class 1 a vertical one, at varying positions, on 1×8×8.
    static func bars(count: Int) -> ArraySet {
        var rng = RandomGenerator(seed: 7)
        var imgs: [[Float]] = []
        var labels: [Int] = []
        for i in 0..<count {
            var img = [Float](repeating: 0, count: 64)
            let pos = Int(rng.next() % 8), label = i % 2
            for k in 0..<8 { img[label == 0 ? pos * 8 + k : k * 8 + pos] = 1 }
            imgs.append(img)
            labels.append(label)
        }
        return ArraySet(images: imgs, labels: labels, shape: [1, 8, 8])
    }
}
