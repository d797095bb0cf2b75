import Data

/// Datasets in a session file. Pieces of MNIST (`mnist.test[0..100]`, filtered,
/// shuffled, sampled) are stored by reference — which split and which images —
/// since every latent ships MNIST; other datasets are stored with their bytes.
enum DatasetStore {
    struct Row {
        var name: String
        /// "mnist.train", "mnist.test" or "bytes".
        var source: String
        var shape: [Int]
        var indices: [Int]?
        var labels: [Int]?
        var pixels: [UInt8]?
        var classNames: [String]?
    }

    static func row(for d: Dataset) throws -> Row {
        if let (split, indices) = mnistReference(d) {
            return Row(name: d.name, source: "mnist.\(split)", shape: d.imageShape, indices: indices)
        }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(d.count * d.imageShape.reduce(1, *))
        for i in 0..<d.count { pixels += try d.pixels(at: i) }
        return Row(name: d.name, source: "bytes", shape: d.imageShape, labels: d.labels, pixels: pixels, classNames: d.classNames)
    }

    static func dataset(from r: Row) throws -> Dataset {
        switch r.source {
        case "mnist.train", "mnist.test":
            let split: Dataset
            do {
                split = r.source == "mnist.train" ? try MNIST.shared.train() : try MNIST.shared.test()
            } catch {
                throw Unavailable(message: "dataset '\(r.name)' is a piece of \(r.source), which cannot be loaded here: \(error)")
            }
            return try split.subset(r.indices ?? []).renamed(r.name)
        case "bytes":
            return try Dataset(name: r.name, images: r.pixels ?? [], imageShape: r.shape, labels: r.labels, classNames: r.classNames)
        default:
            throw SessionError("dataset '\(r.name)' comes from '\(r.source)', which this latent does not know")
        }
    }

    /// Which MNIST split and rows `d` shows, when it was cut from a split (it
    /// shares that split's bytes) and keeps its labels.
    static func mnistReference(_ d: Dataset) -> (String, [Int])? {
        guard d.imageShape == [1, 28, 28] else { return nil }
        for (split, load) in [("test", MNIST.shared.test), ("train", MNIST.shared.train)] {
            guard let whole = try? load(), d.sharesSource(with: whole) else { continue }
            let rows = d.sourceRows
            guard let all = whole.labels, rows.allSatisfy({ $0 >= 0 && $0 < all.count }),
                  d.labels == rows.map({ all[$0] }) else { return nil }
            return (split, rows)
        }
        return nil
    }
}
