import Foundation
import Tensor
import NN
import Data

/// Files and sessions: `save` and `load` (tensors as .npy, pictures and images as
/// .png, a model's weights as .safetensors under PyTorch state_dict names, sessions by name).
enum FileBuiltins {
    static let declarations: [Declaration] = [
        Declaration("save", .session, summary: "a tensor (.npy), picture (.png), model (.safetensors) or the session",
                    details: ["a model's weights are saved under PyTorch state_dict names (load_file + load_state_dict);",
                              "scale enlarges a .png (images under 64 pixels are enlarged anyway)"],
                    params: [.arg("value", .any, about: "what to save"), .arg("file", .string, optional: true, about: "file name"),
                             .label("to", .string), .label("scale", .int, default: .none, in: 1...64)],
                    or: [[.label("session", .string)]],
                    examples: ["save ones(2, 2) \"/tmp/latent-save/z.npy\"", "save mnist.test[0] \"/tmp/latent-save/digit.png\" scale 8",
                               "save autoencoder() \"/tmp/latent-save/ae.safetensors\""],
                    command: .plain) { c in
            if c.form == 1 {
                guard c.has("session") else { throw RuntimeError("save: missing argument 1 (what to save)", at: c.callSpan) }
                return .string(try c.host.saveSession(named: try c.string("session"), interpreter: c.interpreter))
            }
            return try save(c)
        },
        Declaration("load", .session, summary: "a tensor (.npy), an image (.png), weights into a model, or a session",
                    details: ["a .png gives an image [C, H, W] in 0…1 (gray for gray files, else RGB; gray: true / rgb: true convert);",
                              "weights (ours or PyTorch's safetensors.torch.save_file) go into a model of the same shape;",
                              "names and shapes are checked before anything is copied; prefix strips a name prefix (DDP's module.);",
                              "strict false loads the names that match and lists the others"],
                    params: [.arg("file", .string, about: "file name"), .label("into", .model), .label("prefix", .string),
                             .label("strict", .bool), .label("gray", .bool), .label("rgb", .bool)],
                    or: [[.label("session", .string)]],
                    examples: ["save ones(3) \"/tmp/latent-load/z.npy\"; z = load(\"/tmp/latent-load/z.npy\")",
                               "ae = autoencoder(); save ae \"/tmp/latent-load/ae.safetensors\"; load \"/tmp/latent-load/ae.safetensors\" into ae"],
                    command: .plain) { c in
            if c.form == 1 {
                guard c.has("session") else { throw RuntimeError("load: missing argument 1 (file name)", at: c.callSpan) }
                return .string(try c.host.loadSession(named: try c.string("session"), interpreter: c.interpreter))
            }
            return try load(c)
        },
    ]

    static func load(_ c: Call) throws -> Value {
        let path = try c.string("file"), span = c.span("file")
        let isPNG = path.lowercased().hasSuffix(".png")
        if (c.has("gray") || c.has("rgb")) && !isPNG {
            throw RuntimeError("load: gray and rgb go with a .png image, got \"\(path)\"", at: c.callSpan)
        }
        if c.has("into") { return try ModelExport.loadWeights(c, into: try c.model("into")) }
        if c.has("prefix") || c.has("strict") {
            throw RuntimeError("load: prefix and strict go with into: load \"\(path)\" into MODEL", at: c.callSpan)
        }
        if isPNG { return try OwnDataBuiltins.loadPNG(path, c) }
        if path.hasSuffix(".safetensors") {
            throw RuntimeError("load: weights go into a model: load(\"\(path)\", into: ae)", at: span)
        }
        guard path.hasSuffix(".npy") else {
            throw RuntimeError("load: only .npy tensors and .png images can be loaded here (got \"\(path)\"); sessions: load session \"name\"; datasets: folder(...), idx(...), csv(...)", at: span)
        }
        return .tensor(try NPY.read(path))
    }

    static func save(_ c: Call) throws -> Value {
        let value = c.value("value") ?? .none
        var model: Model? = nil
        var tensor: Tensor? = nil
        switch value {
        case .tensor(let x): tensor = x
        case .picture: break
        case _ where try ModelSupport.asModel(value) != nil: model = try ModelSupport.asModel(value)
        default:
            throw RuntimeError("save: argument 1 must be a tensor, a picture or a model, got \(value.typeName)", at: c.span("value"))
        }
        if c.has("to") && c.has("file") { throw RuntimeError("save: file is given twice", at: c.span("to")) }
        guard var path = try c.optionalString("to") ?? c.optionalString("file") else {
            throw RuntimeError("save: missing argument 2 (file name)", at: c.callSpan)
        }
        let span = c.has("to") ? c.span("to") : c.span("file")
        // A tutorial's pictures go to its own folder, not wherever the person happens to be.
        if let folder = c.interpreter.outputFolder, !path.hasPrefix("/") { path = folder + "/" + path }
        if model != nil && !path.hasSuffix(".safetensors") {
            throw RuntimeError("save: a model's weights go in a .safetensors file, got \"\(path)\"", at: span)
        }
        if tensor != nil && path.hasSuffix(".safetensors") {
            throw RuntimeError("save: .safetensors holds a model's weights; save a model, e.g. save ae \"ae.safetensors\"", at: c.span("value"))
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw RuntimeError("save: cannot create the folder \(folder) (\(error.localizedDescription))", at: span)
            }
        }
        if let model {
            let state = model.stateDict()
            do { try Safetensors.write(state, metadata: ["format": "pt"], to: path) } catch let e as NNError {
                throw RuntimeError("save: \(e.message)", at: span)
            } catch {
                throw RuntimeError("save: cannot write \(path) (\(error.localizedDescription))", at: span)
            }
            return .string("saved \(state.count) tensors to \(path)")
        }
        if path.hasSuffix(".png") {
            // One route for every picture: the figure `show` draws, at its full size.
            let f = try Pictures.figure(of: value, scale: try c.optionalInt("scale"), span: c.span("value"))
            try f.writePNG(to: path)
            return .string("saved \(path) (\(f.width)×\(f.height))")
        }
        guard let t = tensor else { throw RuntimeError("save: a picture is saved as .png, got \"\(path)\"", at: span) }
        guard path.hasSuffix(".npy") else {
            throw RuntimeError("save: the file name must end in .npy (a tensor) or .png (an image), got \"\(path)\"", at: span)
        }
        try NPY.write(t, to: path)
        return .string("saved \(path)")
    }
}
