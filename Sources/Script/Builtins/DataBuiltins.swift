import Foundation
import Tensor
import NN
import Data
import Picture

/// Datasets: `mnist` (loaded on first use), `mnist.test[0]`, `mnist.test[0..9]`,
/// `mnist.test.filter(labels: [0, 1])`, `sample(mnist.test, 100)`, `npy` load/save.
enum DataBuiltins {
    static let methodNames = ["filter", "sample", "take", "shuffle", "split", "label", "images", "show"]

    static func constants() -> [String: Value] {
        ["mnist": .datasets(DatasetPair(name: "mnist", train: { try MNIST.shared.train() }, test: { try MNIST.shared.test() }))]
    }

    static func register(_ r: inout [String: Builtin]) {
        func add(_ name: String, _ f: @escaping (inout Arguments) throws -> Value) { r[name] = Builtin(name, f) }
        func dataset(_ a: Arguments) throws -> Dataset {
            try Coerce.dataset(try a.require(0, "dataset"), what: "\(a.function): argument 1", at: a.span(0))
        }

        add("filter") { a in
            var keep: [Int] = []
            if let (v, span) = a.label("labels") { keep = try Coerce.ints(v, what: "filter: a label", at: span) }
            let relabel = try a.bool("relabel", default: false)
            try a.finish(maxPositional: Int.max)
            let d = try dataset(a)
            for i in 1..<max(1, a.count) { keep += try Coerce.ints(a.value(i) ?? Value.none, what: "filter: a label", at: a.span(i)) }
            guard !keep.isEmpty else {
                throw RuntimeError("filter: say which labels to keep, e.g. mnist.test.filter(labels: [0, 1])", at: a.callSpan)
            }
            return .dataset(try d.filter(labels: Set(keep), relabel: relabel))
        }
        add("sample") { a in
            try a.finish(maxPositional: 2)
            let d = try dataset(a)
            let n = try a.int(1, "count")
            guard n >= 0 && n <= d.count else {
                throw RuntimeError("sample: count must be between 0 and \(d.count), got \(n)", at: a.span(1))
            }
            return .dataset(try d.sample(n, using: &Random.shared))
        }
        add("take") { a in
            let perClass = try a.optionalInt("perclass")
            try a.finish(maxPositional: 2)
            let d = try dataset(a)
            if let n = perClass {
                guard n >= 1 else { throw RuntimeError("take: perclass must be at least 1", at: a.callSpan) }
                return .dataset(try d.take(perClass: n, seed: Random.shared.next()))
            }
            let n = try a.int(1, "count")
            guard n >= 0 else { throw RuntimeError("take: count must not be negative", at: a.span(1)) }
            return .dataset(try d.slice(0..<min(n, d.count)))
        }
        add("shuffle") { a in
            try a.finish(maxPositional: 1)
            return .dataset(try dataset(a).shuffled(using: &Random.shared))
        }
        add("split") { a in
            try a.finish(maxPositional: 2)
            let d = try dataset(a)
            let f = try a.number(1, "fraction")
            guard f > 0 && f < 1 else { throw RuntimeError("split: fraction must be between 0 and 1, got \(Printer.number(f))", at: a.span(1)) }
            let (x, y) = try d.split(fraction: f, seed: Random.shared.next())
            return .list([.dataset(x), .dataset(y)])
        }
        add("label") { a in
            try a.finish(maxPositional: 2)
            let d = try dataset(a)
            let i = try Sequences.position(try a.int(1, "index"), count: d.count, span: a.span(1), what: d.name)
            return try d.label(at: i).map { .number(Double($0)) } ?? Value.none
        }
        add("images") { a in
            try a.finish(maxPositional: 1)
            let d = try dataset(a)
            guard d.count <= 10_000 else {
                throw RuntimeError("images: \(d.count) images is a lot of memory; take a slice first, e.g. \(d.name)[0..100]", at: a.callSpan)
            }
            return .tensor(try d.batch(0..<d.count).images)
        }
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
            try a.finish(maxPositional: 2)
            var model: Model? = nil
            var tensor: Tensor? = nil
            switch a.value(0) {
            case .tensor(let x)?: tensor = x
            case .model(let m)?: model = m
            default:
                throw RuntimeError("save: argument 1 must be a tensor or a model, got \(a.value(0)?.typeName ?? "nothing")", at: a.span(0))
            }
            let path = try target ?? a.string(1, "file name")
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
            guard let t = tensor else { return Value.none }
            if path.hasSuffix(".png") {
                let plain = t.rank == 2 || (t.rank == 3 && (t.shape[0] == 1 || t.shape[0] == 3))
                if plain { try PNG.write(t, to: path) } else { try Picture.auto(t).writePNG(to: path) }
            } else {
                guard path.hasSuffix(".npy") else {
                    throw RuntimeError("save: the file name must end in .npy (a tensor) or .png (an image), got \"\(path)\"", at: a.span(1))
                }
                try NPY.write(t, to: path)
            }
            return .string("saved \(path)")
        }
    }
}
