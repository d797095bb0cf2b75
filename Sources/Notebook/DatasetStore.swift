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
            let split = r.source == "mnist.train" ? try MNIST.shared.train() : try MNIST.shared.test()
            return try split.subset(r.indices ?? []).renamed(r.name)
        case "bytes":
            return try Dataset(name: r.name, images: r.pixels ?? [], imageShape: r.shape, labels: r.labels, classNames: r.classNames)
        default:
            throw SessionError("dataset '\(r.name)' comes from '\(r.source)', which this latent does not know")
        }
    }

    /// Which MNIST split and rows `d` shows, when every image and label is one of
    /// that split's (matched by the pixels, so it works for any selection).
    static func mnistReference(_ d: Dataset) -> (String, [Int])? {
        guard d.imageShape == [1, 28, 28], let labels = d.labels else { return nil }
        for split in ["train", "test"] where d.name.hasPrefix("mnist.\(split)") {
            guard let index = MNISTIndex.of(split) else { return nil }
            var rows: [Int] = []
            rows.reserveCapacity(d.count)
            for i in 0..<d.count {
                guard let px = try? d.pixels(at: i), let row = index.find(px, label: labels[i]) else { return nil }
                rows.append(row)
            }
            return (split, rows)
        }
        return nil
    }
}

/// MNIST images by content, built once per split when a session first needs it.
final class MNISTIndex {
    let dataset: Dataset
    private var rows: [Int: [Int]] = [:]

    nonisolated(unsafe) private static var cache: [String: MNISTIndex] = [:]

    static func of(_ split: String) -> MNISTIndex? {
        if let c = cache[split] { return c }
        guard let d = try? (split == "train" ? MNIST.shared.train() : MNIST.shared.test()) else { return nil }
        let index = MNISTIndex(d)
        cache[split] = index
        return index
    }

    private init(_ d: Dataset) {
        dataset = d
        for i in 0..<d.count {
            if let px = try? d.pixels(at: i) { rows[MNISTIndex.hash(px), default: []].append(i) }
        }
    }

    static func hash(_ px: [UInt8]) -> Int {
        var h = Hasher()
        px.withUnsafeBytes { h.combine(bytes: $0) }
        return h.finalize()
    }

    func find(_ px: [UInt8], label: Int) -> Int? {
        rows[MNISTIndex.hash(px)]?.first { j in
            (try? dataset.label(at: j)) == label && (try? dataset.pixels(at: j)) == px
        }
    }
}
