import Foundation
import Tensor
import NN
import Data
import Picture

/// Datasets: `mnist` (loaded on first use), `mnist.test[0]`, `mnist.test[0..9]`,
/// `mnist.test.filter(labels: [0, 1])`, `sample(mnist.test, 100)`, `npy` load/save.
enum DataBuiltins {
    static func constants() -> [String: Value] {
        ["mnist": .datasets(DatasetPair(name: "mnist", train: { try MNIST.shared.train() }, test: { try MNIST.shared.test() }))]
    }

    static let data = Parameter.arg("data", .dataset)

    static let declarations: [Declaration] = [
        Declaration("filter", .data, summary: "only the images with these labels (relabel: true renumbers them)",
                    params: [data, .rest("keep", .one([.number, .list]), minimum: 0),
                             .label("labels", .one([.number, .list]), default: .none), .label("relabel", .bool, default: false)],
                    examples: ["mnist.test.filter(labels: [0, 1]).count", "filter(mnist.test, 3, 5, relabel: true).classes"],
                    methodOf: [.dataset]) { c in
            var keep: [Int] = []
            if c.has("labels") { keep = try Coerce.ints(c.value("labels") ?? .none, what: "filter: a label", at: c.span("labels")) }
            for (v, s) in c.rest { keep += try Coerce.ints(v, what: "filter: a label", at: s) }
            guard !keep.isEmpty else {
                throw RuntimeError("filter: say which labels to keep, e.g. mnist.test.filter(labels: [0, 1])", at: c.callSpan)
            }
            return .dataset(try c.dataset("data").filter(labels: Set(keep), relabel: try c.bool("relabel")))
        },
        Declaration("sample", .data, summary: "count images drawn at random (repeatable after `seed N`)",
                    params: [data, .arg("count", .int, in: 0...1_000_000_000)],
                    or: [[.arg("model", .model), .arg("count", .int, default: 16, in: 1...10_000)]],
                    examples: ["sample(mnist.test, 100).count", "sample(vae(latent: 2), 4).shape"], methodOf: [.dataset]) { c in
            // sample(v, 16): images decoded from random latent points of a vae.
            if c.form == 1 { return try GenerativeBuiltins.sample(try c.model("model"), count: try c.int("count"), at: c.span("model")) }
            let d = try c.dataset("data"), n = try c.int("count")
            guard n <= d.count else { throw RuntimeError("sample: count must be between 0 and \(d.count), got \(n)", at: c.span("count")) }
            return .dataset(try d.sample(n, using: &Random.shared))
        },
        Declaration("take", .data, summary: "the first count images, or perclass: N of each class",
                    params: [data, .arg("count", .int, default: .none, in: 0...1_000_000_000),
                             .label("perclass", .int, default: .none, in: 1...1_000_000)],
                    examples: ["take(mnist.test, 100).count", "mnist.test.take(perclass: 10).count"], methodOf: [.dataset]) { c in
            let d = try c.dataset("data")
            if let n = try c.optionalInt("perclass") { return .dataset(try d.take(perClass: n, seed: Random.shared.next())) }
            guard let n = try c.optionalInt("count") else {
                throw RuntimeError("take: say how many, e.g. take(mnist.test, 100) or take(mnist.test, perclass: 10)", at: c.callSpan)
            }
            return .dataset(try d.slice(0..<min(n, d.count)))
        },
        Declaration("shuffle", .data, summary: "the same images in a random order", params: [data],
                    examples: ["seed 1; shuffle(mnist.test[0..10]).labels"], methodOf: [.dataset]) { c in
            .dataset(try c.dataset("data").shuffled(using: &Random.shared))
        },
        Declaration("split", .data, summary: "[a random fraction of the images, the rest]",
                    params: [data, .arg("fraction", .number, in: 0...1)],
                    examples: ["parts = split(mnist.test[0..100], 0.9); parts[0].count"], methodOf: [.dataset]) { c in
            let f = try c.number("fraction")
            guard f > 0 && f < 1 else { throw RuntimeError("split: fraction must be between 0 and 1, got \(Printer.number(f))", at: c.span("fraction")) }
            let (x, y) = try c.dataset("data").split(fraction: f, seed: Random.shared.next())
            return .list([.dataset(x), .dataset(y)])
        },
        Declaration("label", .data, summary: "the label of one image", params: [data, .arg("index", .int)],
                    examples: ["label(mnist.test, 0)"], methodOf: [.dataset]) { c in
            let d = try c.dataset("data")
            let i = try Sequences.position(try c.int("index"), count: d.count, span: c.span("index"), what: d.name)
            return try d.label(at: i).map { .number(Double($0)) } ?? Value.none
        },
        Declaration("images", .data, summary: "the images as one tensor [N, C, H, W]", params: [data],
                    examples: ["images(mnist.test[0..8]).shape"], methodOf: [.dataset]) { c in
            let d = try c.dataset("data")
            guard d.count <= 10_000 else {
                throw RuntimeError("images: \(d.count) images is a lot of memory; take a slice first, e.g. \(d.name)[0..100]", at: c.callSpan)
            }
            return .tensor(try d.batch(0..<d.count).images)
        },
    ]
}
