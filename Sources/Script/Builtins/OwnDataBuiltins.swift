import Foundation
import Tensor
import NN
import Data

/// Datasets from a person's own files and tensors, each printing a one-line summary
/// (count, image shape, classes with their counts):
///
///     d = idx("letters-images-idx3-ubyte.gz", "letters-labels-idx1-ubyte.gz")
///     d = folder("pictures/", size: 32, rgb: true)
///     d = csv("digits.csv", shape: [1, 8, 8])
///     d = dataset(x, labels)
///     x = load("photo.png")        # [C, H, W] in 0…1 (FileBuiltins' load calls loadPNG)
enum OwnDataBuiltins {
    static let declarations: [Declaration] = [
        Declaration("idx", .data, summary: "a dataset from IDX files (MNIST's format, raw or .gz)",
                    params: [.arg("images", .string), .arg("labels", .string, default: .none),
                             .label("classes", .int, default: .none, in: 1...100_000), .label("name", .string, default: .none)],
                    examples: ["d = idx(\"data/mnist/t10k-images-idx3-ubyte.gz\", \"data/mnist/t10k-labels-idx1-ubyte.gz\")"]) { c in
            let images = try c.string("images"), labels = try c.optionalString("labels")
            let classes = try c.optionalInt("classes"), name = try c.optionalString("name")
            let d = try data(c.callSpan) { try IDX.load(images: images, labels: labels, name: name, classes: classes) }
            c.host.output(d.summary)
            return .dataset(d)
        },
        Declaration("folder", .data, summary: "a dataset of PNG images, one sub-folder per class (size: resizes)",
                    params: [.arg("path", .string), .label("size", .shape, default: .none),
                             .label("gray", .bool, default: false), .label("rgb", .bool, default: false),
                             .label("name", .string, default: .none)],
                    examples: ["save ones(3, 8, 8) \"/tmp/latent-examples/pictures/a/1.png\"; d = folder(\"/tmp/latent-examples/pictures\", size: 4)"]) { c in
            let path = try c.string("path")
            let size = try imageSize(c)
            let channels = try colour(c)
            let name = try c.optionalString("name")
            let host = c.host
            let task = "loading " + (path.split(separator: "/").last.map(String.init) ?? path)
            let loaded = try data(c.callSpan) {
                try ImageFolder.load(path, channels: channels, size: size, name: name,
                                     progress: { host.progress(task, done: $0, total: $1) },
                                     checking: { host.progress("checking " + task.dropFirst("loading ".count), done: $0, total: $1) },
                                     shouldStop: { host.isInterrupted })
            }
            var line = loaded.dataset.summary
            if !loaded.skipped.isEmpty {
                let names = loaded.skipped.prefix(3).map { ($0 as NSString).lastPathComponent }
                let n = loaded.skipped.count
                line += " (skipped \(n) file\(n == 1 ? "" : "s") not ending in .png: \(names.joined(separator: ", "))\(n > 3 ? ", …" : ""))"
            }
            host.output(line)
            return .dataset(loaded.dataset)
        },
        Declaration("csv", .data, summary: "a dataset from a CSV file: a label column, then pixels 0–255",
                    params: [.arg("file", .string), .label("label", .string, default: .none),
                             .label("shape", .shape, default: .none),
                             .label("classes", .int, default: .none, in: 1...100_000), .label("name", .string, default: .none)],
                    examples: ["d = csv(\"data/examples/digits-8x8.csv\")", "d = csv(\"data/examples/digits-8x8.csv\", shape: [1, 4, 16], label: \"label\")"]) { c in
            let path = try c.string("file")
            let label = try c.optionalString("label")
            let shape = try c.value("shape").flatMap { $0.isNone ? nil : try Coerce.ints($0, what: "csv: shape", at: c.span("shape")) }
            let classes = try c.optionalInt("classes"), name = try c.optionalString("name")
            let d = try data(c.callSpan) { try CSVDataset.load(path, imageShape: shape, label: label, classes: classes, name: name) }
            c.host.output(d.summary)
            return .dataset(d)
        },
        Declaration("dataset", .data, summary: "a dataset from images x [N, C, H, W] in 0…1 and integer labels",
                    params: [.arg("x", .tensor), .arg("labels", .tensor, default: .none),
                             .label("classes", .int, default: .none, in: 1...100_000), .label("name", .string, default: .none)],
                    examples: ["d = dataset(rand(4, 1, 8, 8), [0, 1, 0, 1])", "d = dataset(zeros(3, 28, 28))"]) { c in
            let x = try c.tensor("x")
            let classes = try c.optionalInt("classes")
            let name = try c.optionalString("name") ?? "dataset"
            var labels: [Int]? = nil
            if let v = c.value("labels"), !v.isNone {
                let l = try Coerce.ints(v, what: "dataset: a label", at: c.span("labels"))
                guard l.count == x.shape.first ?? 0 else {
                    throw RuntimeError("dataset: \(formatCount(l.count)) labels for \(formatCount(x.shape.first ?? 0)) images", at: c.span("labels"))
                }
                labels = l
            }
            let d = try data(c.callSpan) { try Dataset(name: name, tensor: x, labels: labels, classes: classes) }
            c.host.output(d.summary)
            return .dataset(d)
        },
    ]

    /// `load("photo.png", gray: true)`: an image as [C, H, W] in 0…1 — gray (1
    /// channel) for gray files, RGB (3) otherwise; alpha composited onto black.
    static func loadPNG(_ path: String, _ c: Call) throws -> Value {
        let gray = c.has("gray") ? try c.bool("gray") : false, rgb = c.has("rgb") ? try c.bool("rgb") : false
        if gray && rgb { throw RuntimeError("load: choose gray: true or rgb: true, not both", at: c.callSpan) }
        let header = try data(c.callSpan) { try PNG.header(path) }
        let channels = gray ? 1 : (rgb ? 3 : (header.isGray ? 1 : 3))
        return .tensor(try data(c.callSpan) { try PNG.read(path, channels: channels) })
    }

    /// `gray: true` → 1 channel, `rgb: true` → 3, neither → nil (the files decide).
    static func colour(_ c: Call) throws -> Int? {
        let gray = try c.bool("gray"), rgb = try c.bool("rgb")
        if gray && rgb { throw RuntimeError("\(c.function): choose gray: true or rgb: true, not both", at: c.callSpan) }
        return gray ? 1 : (rgb ? 3 : nil)
    }

    /// `size: 28` → [28, 28]; `size: [32, 48]` → height 32, width 48.
    static func imageSize(_ c: Call) throws -> [Int]? {
        guard let v = c.value("size"), !v.isNone else { return nil }
        let s = try Coerce.ints(v, what: "\(c.function): size", at: c.span("size"))
        let size = s.count == 1 ? [s[0], s[0]] : s
        guard size.count == 2, size.allSatisfy({ (1...4096).contains($0) }) else {
            throw RuntimeError("\(c.function): size must be a number or [height, width], each 1…4096", at: c.span("size"))
        }
        return size
    }

    /// Runs a loader; its DataError becomes a message at the call.
    static func data<T>(_ span: SourceSpan, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DataError {
            throw RuntimeError(e.description, at: span)
        }
    }

    /// With `input: d` (a labelled dataset), its number of classes: the default
    /// `classes:` of the classifier and the backbones.
    static func classes(of a: Arguments) -> Int? {
        guard let (v, _) = a.labelled["input"] else { return nil }
        let d: Dataset?
        switch v {
        case .dataset(let x): d = x
        case .datasets(let pair): d = try? pair.train()
        default: d = nil
        }
        guard let d, d.labels != nil else { return nil }
        return max(2, d.classes)
    }

    /// `input: [3, 32, 32]` or `input: d` (a dataset: its image shape) for builders.
    static func inputShape(_ a: inout Arguments, default d: [Int]) throws -> [Int] {
        guard let (v, span) = a.label("input") else { return d }
        switch v {
        case .dataset, .datasets: return try Coerce.dataset(v, what: "\(a.function): input", at: span).imageShape
        default:
            let s = try Coerce.ints(v, what: "\(a.function): input", at: span)
            guard s.count == 3, s.allSatisfy({ (1...1024).contains($0) }) else {
                throw RuntimeError("\(a.function): input must be [C, H, W] with sizes 1…1024 (or a dataset), got \(describeShape(s))", at: span)
            }
            return s
        }
    }
}
