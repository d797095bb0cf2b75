import Foundation
import Tensor
import NN
import Data

/// Datasets from a person's own files and tensors, each printing a one-line summary:
///
///     d = idx("letters-images-idx3-ubyte.gz", "letters-labels-idx1-ubyte.gz")
///     d = folder("pictures/", size: 32, rgb: true)
///     d = csv("digits.csv", shape: [1, 8, 8])
///     d = dataset(x, labels)
///     x = load("photo.png")        # [C, H, W] in 0…1
enum OwnDataBuiltins {
    static func register(_ r: inout [String: Builtin]) {
        func add(_ name: String, _ f: @escaping (inout Arguments) throws -> Value) { r[name] = Builtin(name, f) }

        add("idx") { a in
            let classes = try a.optionalInt("classes")
            let name = try a.string("name")
            try a.finish(maxPositional: 2)
            let images = try a.string(0, "image file")
            let labels = a.count > 1 ? try a.string(1, "label file") : nil
            let d = try data(a) { try IDX.load(images: images, labels: labels, name: name, classes: classes) }
            a.host.output(d.summary)
            return .dataset(d)
        }
        add("folder") { a in
            let size = try imageSize(&a)
            let channels = try colour(&a)
            let name = try a.string("name")
            try a.finish(maxPositional: 1)
            let path = try a.string(0, "folder")
            let host = a.host
            let task = "loading " + (path.split(separator: "/").last.map(String.init) ?? path)
            let loaded = try data(a) {
                try ImageFolder.load(path, channels: channels, size: size, name: name,
                                     progress: { host.progress(task, done: $0, total: $1) },
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
        }
        add("csv") { a in
            let label = try a.string("label")
            let shape = try a.label("shape").map { try Coerce.ints($0.0, what: "csv: shape", at: $0.1) }
            let classes = try a.optionalInt("classes")
            let name = try a.string("name")
            try a.finish(maxPositional: 1)
            let path = try a.string(0, "file name")
            let d = try data(a) { try CSVDataset.load(path, imageShape: shape, label: label, classes: classes, name: name) }
            a.host.output(d.summary)
            return .dataset(d)
        }
        add("dataset") { a in
            let classes = try a.optionalInt("classes")
            let name = try a.string("name") ?? "dataset"
            try a.finish(maxPositional: 2)
            let x = try a.tensor(0, "images")
            var labels: [Int]? = nil
            if let v = a.value(1), !v.isNone {
                if case .range(_, let hi) = v, hi == Int.max {
                    throw RuntimeError("dataset: labels must be a finite list of whole numbers", at: a.span(1))
                }
                labels = try Coerce.ints(v, what: "dataset: a label", at: a.span(1))
                if let l = labels, l.count != x.shape.first ?? 0 {
                    throw RuntimeError("dataset: \(Printer.grouped(l.count)) labels for \(Printer.grouped(x.shape.first ?? 0)) images", at: a.span(1))
                }
            }
            if let classes, !(1...(Dataset.maxLabel + 1)).contains(classes) {
                throw RuntimeError("dataset: classes must be between 1 and \(Printer.grouped(Dataset.maxLabel + 1)), got \(classes)", at: a.callSpan)
            }
            let d = try data(a) { try Dataset(name: name, tensor: x, labels: labels, classes: classes) }
            a.host.output(d.summary)
            return .dataset(d)
        }
    }

    /// `load("photo.png", gray: true)`: an image as [C, H, W] in 0…1 — gray (1
    /// channel) for gray files, RGB (3) otherwise; alpha composited onto black.
    static func loadPNG(_ path: String, _ a: inout Arguments) throws -> Value {
        let channels = try colour(&a)
        try a.finish(maxPositional: 1)
        let header = try data(a) { try PNG.header(path) }
        return .tensor(try data(a) { try PNG.read(path, channels: channels ?? (header.isGray ? 1 : 3)) })
    }

    /// `gray: true` → 1 channel, `rgb: true` → 3, neither → nil (the files decide).
    static func colour(_ a: inout Arguments) throws -> Int? {
        let gray = try a.bool("gray", default: false), rgb = try a.bool("rgb", default: false)
        if gray && rgb { throw RuntimeError("\(a.function): choose gray: true or rgb: true, not both", at: a.callSpan) }
        return gray ? 1 : (rgb ? 3 : nil)
    }

    /// `size: 28` → [28, 28]; `size: [32, 48]` → height 32, width 48.
    static func imageSize(_ a: inout Arguments) throws -> [Int]? {
        guard let (v, span) = a.label("size") else { return nil }
        let s = try Coerce.ints(v, what: "\(a.function): size", at: span)
        let size = s.count == 1 ? [s[0], s[0]] : s
        guard size.count == 2, size.allSatisfy({ (1...4096).contains($0) }) else {
            throw RuntimeError("\(a.function): size must be a number or [height, width], each 1…4096", at: span)
        }
        return size
    }

    /// Runs a loader; its DataError becomes a message at the call.
    static func data<T>(_ a: Arguments, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DataError {
            throw RuntimeError(e.description, at: a.callSpan)
        }
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
