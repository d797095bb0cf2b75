import Foundation
import Tensor
import NN
import Data
import Picture

/// Datasets: `mnist` (loaded on first use), `mnist.test[0]`, `mnist.test[0..9]`,
/// `mnist.test.filter(labels: [0, 1])`, `sample(mnist.test, 100)`, `npy` load/save.
enum DataBuiltins {
    /// Methods of the builtins not yet declared.
    static let methodNames = ["show"]

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

    /// `load`, `save` and `export` (files and sessions), until they are declared.
    static func register(_ r: inout [String: Builtin]) {
        func add(_ name: String, _ f: @escaping (inout Arguments) throws -> Value) { r[name] = Builtin(name, f) }
        add("load") { a in
            if let (v, span) = a.label("session") {
                guard case .string(let name) = v else { throw RuntimeError("load: the session name must be a string", at: span) }
                try a.finish(maxPositional: 0)
                return .string(try a.host.loadSession(named: name, interpreter: a.interpreter))
            }
            if let (v, span) = a.label("into") {
                guard case .model(let model) = v else {
                    throw RuntimeError("load: into must be a model, got \(v.typeName)", at: span)
                }
                return try ModelExport.loadWeights(&a, into: model)
            }
            if case .string(let p)? = a.value(0), p.lowercased().hasSuffix(".png") {
                return try OwnDataBuiltins.loadPNG(p, &a)
            }
            try a.finish(maxPositional: 1)
            let path = try a.string(0, "file name")
            if path.hasSuffix(".safetensors") {
                throw RuntimeError("load: weights go into a model: load(\"\(path)\", into: ae)", at: a.span(0))
            }
            guard path.hasSuffix(".npy") else {
                throw RuntimeError("load: only .npy tensors and .png images can be loaded here (got \"\(path)\"); sessions: load session \"name\"; datasets: folder(...), idx(...), csv(...)", at: a.span(0))
            }
            return .tensor(try NPY.read(path))
        }
        add("save") { a in
            if let (v, span) = a.label("session") {
                guard case .string(let name) = v else { throw RuntimeError("save: the session name must be a string", at: span) }
                try a.finish(maxPositional: 0)
                return .string(try a.host.saveSession(named: name, interpreter: a.interpreter))
            }
            let target = try a.string("to")
            let scale = try a.optionalInt("scale")
            try a.finish(maxPositional: 2)
            var model: Model? = nil
            var tensor: Tensor? = nil
            switch a.value(0) {
            case .tensor(let x)?: tensor = x
            case .model(let m)?: model = m
            case .picture?: break
            default:
                throw RuntimeError("save: argument 1 must be a tensor, a picture or a model, got \(a.value(0)?.typeName ?? "nothing")", at: a.span(0))
            }
            if let scale, !(1...64).contains(scale) {
                throw RuntimeError("save: scale must be between 1 and 64, got \(scale)", at: a.callSpan)
            }
            var path = try target ?? a.string(1, "file name")
            // A tutorial's pictures go to its own folder, not wherever the person happens to be.
            if let folder = a.interpreter.outputFolder, !path.hasPrefix("/") { path = folder + "/" + path }
            if model != nil && !path.hasSuffix(".safetensors") {
                throw RuntimeError("save: a model's weights go in a .safetensors file, got \"\(path)\"", at: a.span(1))
            }
            if tensor != nil && path.hasSuffix(".safetensors") {
                throw RuntimeError("save: .safetensors holds a model's weights; save a model, e.g. save ae \"ae.safetensors\"", at: a.span(0))
            }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                    throw RuntimeError("save: cannot create the folder \(folder) (\(error.localizedDescription))", at: a.span(1))
                }
            }
            if let model {
                let state = model.stateDict()
                do { try Safetensors.write(state, metadata: ["format": "pt"], to: path) } catch let e as NNError {
                    throw RuntimeError("save: \(e.message)", at: a.span(1))
                } catch {
                    throw RuntimeError("save: cannot write \(path) (\(error.localizedDescription))", at: a.span(1))
                }
                return .string("saved \(state.count) tensors to \(path)")
            }
            if path.hasSuffix(".png") {
                // One route for every picture: the figure `show` draws, at its full size.
                let f = try Pictures.figure(of: a.value(0) ?? .none, scale: scale, span: a.span(0))
                try f.writePNG(to: path)
                return .string("saved \(path) (\(f.width)×\(f.height))")
            }
            guard let t = tensor else {
                throw RuntimeError("save: a picture is saved as .png, got \"\(path)\"", at: a.span(1))
            }
            guard path.hasSuffix(".npy") else {
                throw RuntimeError("save: the file name must end in .npy (a tensor) or .png (an image), got \"\(path)\"", at: a.span(1))
            }
            try NPY.write(t, to: path)
            return .string("saved \(path)")
        }
    }
}
