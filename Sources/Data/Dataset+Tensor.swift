import Tensor

/// Datasets made from tensors (`dataset(x, labels)` at the prompt), so `.npy`
/// data becomes trainable, and the one-line summary loaders print.
extension Dataset {
    /// Largest label a dataset may hold (100,000 classes, as the classifier
    /// builder allows): a label of 2³¹−1 in a file must not make per-class
    /// tables of billions of entries later.
    public static let maxLabel = 99_999

    /// A dataset from images in 0…1: `[N, C, H, W]`, `[N, H, W]` (one channel) or
    /// `[N, D]` (1×1×D). Pixels are stored as bytes, `round(x · 255)` (datasets are
    /// UInt8 in memory; a value that is not a multiple of 1/255 is rounded to one).
    /// Values outside 0…1 (or NaN) are refused, naming the first.
    ///
    ///     let d = try Dataset(name: "x", tensor: x, labels: [0, 1, 1])
    public convenience init(name: String, tensor x: Tensor, labels: [Int]?, classes: Int? = nil) throws {
        let shape: [Int]
        switch x.rank {
        case 4: shape = Array(x.shape.dropFirst())
        case 3: shape = [1, x.shape[1], x.shape[2]]
        case 2: shape = [1, 1, x.shape[1]]
        default:
            throw DataError(file: name, nil, "images must be [N, C, H, W], [N, H, W] or [N, D], got a tensor of shape \(describeShape(x.shape))")
        }
        guard x.shape[0] >= 1 else { throw DataError(file: name, nil, "has no images (the first dimension of \(describeShape(x.shape)) is 0)") }
        guard shape.allSatisfy({ $0 >= 1 }) else {
            throw DataError(file: name, nil, "image shape \(describeDims(shape)) has a zero dimension")
        }
        let n = x.count, src = x.plain
        let bytes = ByteBuffer(count: n)
        for i in 0..<n {
            let v = src[i]
            guard v >= 0 && v <= 1 else {
                throw DataError(file: name, nil, "value \(v) at position \(formatCount(i)) is outside 0…1; images are stored as bytes 0–255, so scale them first (e.g. x / 255)")
            }
            bytes.pointer[i] = UInt8((v * 255).rounded())
        }
        let store = ImageStore(bytes: bytes, offset: 0, count: x.shape[0], imageShape: shape)
        if let classes, let labels, let i = labels.firstIndex(where: { $0 >= classes }) {
            throw DataError(file: name, nil, "label \(labels[i]) of image \(i) is not one of the \(classes) classes (0–\(classes - 1))")
        }
        try self.init(store: store, labels: labels, name: name, classNames: nil, classes: classes)
    }

    /// One line for loaders to print: count, image shape, classes with counts.
    ///
    ///     shapes: 20 images 1×8×8, 2 classes: circle 12, square 8
    ///     mine: 100 images 3×32×32, no labels
    public var summary: String {
        var s = "\(name): \(formatCount(count)) \(count == 1 ? "image" : "images") \(describeDims(imageShape))"
        guard labels != nil else { return s + ", no labels" }
        let counts = classCounts
        let shown = counts.indices.prefix(12).map { k -> String in
            let label = classNames.flatMap { k < $0.count ? $0[k] : nil } ?? String(k)
            return "\(label) \(formatCount(counts[k]))"
        }
        s += ", \(counts.count) \(counts.count == 1 ? "class" : "classes"): " + shown.joined(separator: ", ")
        if counts.count > 12 { s += ", …" }
        return s
    }
}
