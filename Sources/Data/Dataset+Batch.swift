import Tensor

/// Turning UInt8 images into Float batches: the training hot path.
///
/// A batch of 128 MNIST digits is 100,352 bytes → floats; it is converted with
/// raw pointers straight into the tensor's storage (tens of microseconds).
extension Dataset {
    /// Converts `count` bytes to floats in [0, 1] (`x / 255`, exactly as
    /// torchvision's `ToTensor`). Written as a plain loop so the compiler vectorises it.
    @inline(__always)
    static func convert(_ src: UnsafePointer<UInt8>, to dst: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { dst[i] = Float(src[i]) / 255 }
    }

    /// The images at `indices` as `[N, C, H, W]` Float in [0, 1], with their labels
    /// (empty if the dataset has none).
    ///
    ///     let (x, y) = try train.batch([3, 1, 4, 1, 5])   // x: [5, 1, 28, 28]
    public func batch(_ indices: [Int]) throws -> (images: Tensor, labels: [Int]) {
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw DataError(file: name, nil, "index \(formatCount(bad)) is out of range (0..<\(formatCount(count)))")
        }
        let size = store.imageSize
        let t = Tensor.empty([indices.count] + store.imageShape)
        let dst = t.storage.pointer
        for (k, i) in indices.enumerated() {
            Dataset.convert(store.pixels(storeRow(i)), to: dst + k * size, count: size)
        }
        let y = labels.map { l in indices.map { l[$0] } } ?? []
        return (t, y)
    }

    /// Images `range` as one batch; contiguous rows convert in a single pass.
    public func batch(_ range: Range<Int>) throws -> (images: Tensor, labels: [Int]) {
        guard range.lowerBound >= 0 && range.upperBound <= count else {
            throw DataError(file: name, nil, "range \(range.lowerBound)..<\(range.upperBound) is out of range (0..<\(formatCount(count)))")
        }
        guard rows == nil else { return try batch(Array(range)) }
        let t = Tensor.empty([range.count] + store.imageShape)
        Dataset.convert(store.pixels(start + range.lowerBound), to: t.storage.pointer, count: range.count * store.imageSize)
        return (t, labels.map { Array($0[range]) } ?? [])
    }

    /// The labels at `indices` as a one-hot `[N, classes]` tensor (targets for
    /// cross-entropy when a loss wants probabilities rather than class indices).
    public func oneHot(_ labels: [Int]) throws -> Tensor {
        let k = classes
        let t = Tensor.empty([labels.count, k])
        let p = t.storage.pointer
        for (row, l) in labels.enumerated() {
            guard l >= 0 && l < k else { throw DataError(file: name, nil, "label \(l) is not one of the \(k) classes") }
            p[row * k + l] = 1
        }
        return t
    }

    /// Batches for one epoch: `size` images each (the last may be smaller unless
    /// `dropLast`), in order or shuffled by `rng`.
    ///
    ///     var rng = RandomGenerator(seed: 1)
    ///     for (x, y) in try train.batches(size: 128, shuffle: &rng) { … }
    public func batches(size: Int, dropLast: Bool = false) throws -> BatchSequence {
        try BatchSequence(dataset: self, order: nil, size: size, dropLast: dropLast)
    }

    public func batches(size: Int, shuffle rng: inout RandomGenerator, dropLast: Bool = false) throws -> BatchSequence {
        try BatchSequence(dataset: self, order: Dataset.permutation(count, using: &rng), size: size, dropLast: dropLast)
    }
}

/// The batches of one epoch, converted lazily as they are iterated.
public struct BatchSequence: Sequence, IteratorProtocol {
    public let dataset: Dataset
    /// Row order (nil: 0..<count in order).
    let order: [Int]?
    public let size: Int
    public let count: Int
    var position = 0

    init(dataset: Dataset, order: [Int]?, size: Int, dropLast: Bool) throws {
        guard size > 0 else { throw DataError(file: dataset.name, nil, "batch size must be positive, got \(size)") }
        self.dataset = dataset
        self.order = order
        self.size = size
        self.count = dropLast ? dataset.count / size : (dataset.count + size - 1) / size
    }

    public mutating func next() -> (images: Tensor, labels: [Int])? {
        guard position < count else { return nil }
        let lo = position * size, hi = Swift.min(lo + size, dataset.count)
        position += 1
        // Indices are in range by construction, so these cannot throw.
        if let order { return try? dataset.batch(Array(order[lo..<hi])) }
        return try? dataset.batch(lo..<hi)
    }
}
