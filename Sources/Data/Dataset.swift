import Tensor

/// A set of images (and usually labels), kept as UInt8 and converted to Float
/// per batch.
///
///     let (train, test) = try MNIST.load()
///     train.count                          // 60000
///     try train.image(at: 0)               // Tensor [1, 28, 28], values in [0, 1]
///     try train.label(at: 0)               // 5
///     let small = try train.take(perClass: 10, seed: 1)   // 100 labelled digits
///     let (x, y) = try train.batch(0..<128)              // [128, 1, 28, 28], 128 labels
///
/// Slices, subsets, filtered, shuffled and split datasets share the pixel bytes
/// of the dataset they came from; only the list of rows and labels is new.
public final class Dataset: CustomStringConvertible, @unchecked Sendable {
    /// A name for messages and descriptions: `mnist.train`.
    public var name: String
    /// Number of images.
    public let count: Int
    /// Shape of one image, `[C, H, W]`.
    public var imageShape: [Int] { store.imageShape }
    /// One label per image (class indices from 0), or nil for unlabelled images.
    public let labels: [Int]?
    /// Number of classes: `classNames.count` if named, else the largest label + 1
    /// of the dataset this one was cut from (filtering keeps 10 for MNIST digits).
    public let classes: Int
    /// Names of the classes (folder names for image folders), if known.
    public let classNames: [String]?

    let store: ImageStore
    /// Rows of `store` in this view; nil means `start ..< start + count`.
    let rows: [Int]?
    let start: Int

    /// A dataset from raw bytes: `images` holds `labels.count` images of
    /// `imageShape` ([C, H, W]) back to back, pixel values 0–255.
    public convenience init(name: String, images: [UInt8], imageShape: [Int], labels: [Int]?,
                            classNames: [String]? = nil) throws {
        guard imageShape.count == 3, imageShape.allSatisfy({ $0 > 0 }) else {
            throw DataError(file: name, nil, "image shape must be [C, H, W] with positive sizes, got \(describeShape(imageShape))")
        }
        let size = imageShape.reduce(1, *)
        guard images.count % size == 0 else {
            throw DataError(file: name, nil, "\(formatCount(images.count)) bytes are not a whole number of \(describeDims(imageShape)) images")
        }
        let store = ImageStore(bytes: ByteBuffer(images), offset: 0, count: images.count / size, imageShape: imageShape)
        try self.init(store: store, labels: labels, name: name, classNames: classNames)
    }

    /// A dataset over a whole store; checks the labels.
    init(store: ImageStore, labels: [Int]?, name: String, classNames: [String]?, classes: Int? = nil) throws {
        if let labels {
            guard labels.count == store.count else {
                throw DataError(file: name, nil, "\(formatCount(labels.count)) labels for \(formatCount(store.count)) images")
            }
            if let i = labels.firstIndex(where: { $0 < 0 }) {
                throw DataError(file: name, nil, "label \(labels[i]) of image \(i) is negative")
            }
            if let i = labels.firstIndex(where: { $0 > Dataset.maxLabel }) {
                throw DataError(file: name, nil, "label \(formatCount(labels[i])) of image \(i) is beyond the largest class number \(formatCount(Dataset.maxLabel))")
            }
            if let classNames, let i = labels.firstIndex(where: { $0 >= classNames.count }) {
                throw DataError(file: name, nil, "label \(labels[i]) of image \(i) is not one of the \(classNames.count) classes")
            }
        }
        self.name = name
        self.store = store
        self.count = store.count
        self.labels = labels
        self.classNames = classNames
        self.classes = classes ?? classNames?.count ?? ((labels?.max()).map { $0 + 1 } ?? 0)
        self.rows = nil
        self.start = 0
    }

    /// A view: `rows` (or a contiguous range from `start`) of `store`. Unchecked.
    init(view store: ImageStore, rows: [Int]?, start: Int, count: Int, labels: [Int]?,
         name: String, classes: Int, classNames: [String]?) {
        self.store = store
        self.rows = rows
        self.start = start
        self.count = count
        self.labels = labels
        self.name = name
        self.classes = classes
        self.classNames = classNames
    }

    /// The row of the store holding image `i` of this view (i already checked).
    @inline(__always) func storeRow(_ i: Int) -> Int {
        if let rows { return rows[i] }
        return start + i
    }

    /// Which images of the dataset as loaded this one shows, in order: for
    /// `mnist.test[5..<8]` it is `[5, 6, 7]`, whatever was filtered or shuffled
    /// on the way. With `sharesSource(with:)`, a session can store a piece of
    /// MNIST as row numbers instead of pixels.
    public var sourceRows: [Int] { rows ?? Array(start..<(start + count)) }

    /// True if both datasets are cut from the same loaded images (they share
    /// the bytes), e.g. `mnist.train.filter(labels: [0, 1])` and `mnist.train`.
    public func sharesSource(with other: Dataset) -> Bool { store === other.store }

    /// The same images and labels under another name (sharing everything).
    public func renamed(_ newName: String) -> Dataset {
        Dataset(view: store, rows: rows, start: start, count: count, labels: labels,
                name: newName, classes: classes, classNames: classNames)
    }

    func checkIndex(_ i: Int) throws {
        guard i >= 0 && i < count else {
            throw DataError(file: name, nil, "index \(formatCount(i)) is out of range (0..<\(formatCount(count)))")
        }
    }

    /// Image `i` as a Float tensor `[C, H, W]` with values in [0, 1].
    public func image(at i: Int) throws -> Tensor {
        try checkIndex(i)
        let t = Tensor.empty(store.imageShape)
        Dataset.convert(store.pixels(storeRow(i)), to: t.storage.pointer, count: store.imageSize)
        return t
    }

    /// The raw pixels (0–255) of image `i`, C×H×W.
    public func pixels(at i: Int) throws -> [UInt8] {
        try checkIndex(i)
        return Array(UnsafeBufferPointer(start: store.pixels(storeRow(i)), count: store.imageSize))
    }

    /// The label of image `i`, or nil if the dataset has no labels.
    public func label(at i: Int) throws -> Int? {
        try checkIndex(i)
        return labels?[i]
    }

    /// Number of images of each class, indexed by label (`classes` entries).
    ///
    ///     mnist.test.classCounts   // [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    public var classCounts: [Int] {
        guard let labels else { return [] }
        var counts = [Int](repeating: 0, count: max(classes, (labels.max() ?? -1) + 1))
        for l in labels { counts[l] += 1 }
        return counts
    }

    /// `mnist.train: 60,000 images 1×28×28, labels 0–9`
    public var description: String {
        let noun = count == 1 ? "image" : "images"
        var s = "\(name): \(formatCount(count)) \(noun) \(describeDims(imageShape))"
        if labels == nil { return s + ", no labels" }
        let counts = classCounts
        let present = counts.indices.filter { counts[$0] > 0 }
        if present.isEmpty { return s }
        s += (present.count == 1 ? ", label " : ", labels ") + labelList(present)
        if let classNames, classNames.count <= 12 {
            s += " (" + present.map { classNames[$0] }.joined(separator: ", ") + ")"
        }
        return s
    }
}
