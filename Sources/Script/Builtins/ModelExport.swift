import Foundation
import Tensor
import NN

/// A model leaving latent: `export MODEL "name.py"` (a PyTorch module and its
/// weights), `export MODEL "train_ddp.py"` (a DistributedDataParallel training
/// script around it), `export MODEL "name.onnx"`; and weights coming back:
/// `load "ckpt.safetensors" into MODEL prefix: "module." strict: false`.
enum ModelExport {
    static let declarations: [Declaration] = [
        Declaration("export", .models,
                    summary: "a model to PyTorch .py, .onnx or DDP script, a session to .ipynb",
                    params: [.arg("model", .model), .arg("file", .string, about: "file name"),
                             .label("train", .bool), .label("epochs", .int, in: 1...1_000_000),
                             .label("batch", .int, in: 1...1_048_576), .label("lr", .number, in: 1e-9...100),
                             .label("loss", .string)],
                    or: [[.label("session", .string), .label("errors", .bool)]],
                    examples: ["export autoencoder() \"/tmp/latent-export/ae.py\"",
                               "export resnet() \"/tmp/latent-export/resnet.onnx\"",
                               "export classifier() \"/tmp/latent-export/train_ddp.py\" epochs 5"],
                    command: .plain) { c in
            if c.form == 1 {
                let errors = c.has("errors") ? try c.bool("errors") : true
                return .string(try c.host.exportSession(to: try c.string("session"), errors: errors, interpreter: c.interpreter))
            }
            return try export(c, try c.model("model"))
        },
    ]

    static func export(_ c: Call, _ model: Model) throws -> Value {
        let path = try c.string("file")
        let span = c.span("file")
        let file = (path as NSString).lastPathComponent
        try makeFolder(for: path, span: span)
        let isTraining = c.has("train") ? try c.bool("train") : file.hasPrefix("train")
        let trainingOnly = ["epochs", "batch", "lr", "loss"].contains { c.has($0) }
        do {
            if path.hasSuffix(".py") && isTraining {
                var settings = TrainingScript.Settings(model)
                if let epochs = try c.optionalInt("epochs") { settings.epochs = epochs }
                if let batch = try c.optionalInt("batch") { settings.batchSize = batch }
                if let lr = try c.optionalNumber("lr") { settings.learningRate = lr }
                if let lossName = try c.optionalString("loss") {
                    guard let k = LossKind(name: lossName) else {
                        throw RuntimeError("export: unknown loss '\(lossName)'; use mse, bce or crossentropy", at: c.span("loss"))
                    }
                    settings.loss = k
                }
                let weights = try model.exportTrainingScript(to: path, settings: settings)
                return .string("wrote \(path) (\(settings.summary)) and the starting weights \(weights)\n"
                               + "run: \(TrainingScript.command(file: file, settings: settings))")
            }
            if trainingOnly {
                throw RuntimeError("export: epochs, batch, lr and loss belong to a training script (a name like \"train_ddp.py\", or train: true)", at: c.callSpan)
            }
            if path.hasSuffix(".py") {
                let weights = try model.exportTorch(to: path)
                return .string("wrote \(path) (class \(TorchCode.className(model))) and its weights \(weights)")
            }
            if path.hasSuffix(".onnx") {
                let g = try model.exportONNX(to: path)
                return .string("wrote \(path) (ONNX opset \(ONNX.opset), dynamic batch, \(formatCount(g)) bytes)")
            }
            throw RuntimeError("export: a model goes to a .py file (PyTorch) or an .onnx file, got \"\(path)\"", at: span)
        } catch let e as NNError {
            throw RuntimeError(e.message, at: span)
        } catch let e as RuntimeError {
            throw e
        } catch {
            throw RuntimeError("export: cannot write \(path) (\(error.localizedDescription))", at: span)
        }
    }

    /// `load "w.safetensors" into MODEL`, with `prefix:` stripped and `strict:`.
    static func loadWeights(_ c: Call, into model: Model) throws -> Value {
        let prefix = try c.optionalString("prefix")
        let strict = c.has("strict") ? try c.bool("strict") : true
        let path = try c.string("file")
        guard path.hasSuffix(".safetensors") else {
            throw RuntimeError("load: weights come from a .safetensors file, got \"\(path)\"", at: c.span("file"))
        }
        do {
            let state = try Safetensors.read(path: path)
            let r = try model.load(stateDict: state, strict: strict, prefix: prefix)
            var text = "loaded \(r.loaded) tensor\(r.loaded == 1 ? "" : "s") from \(path)"
            if !r.missing.isEmpty { text += "\nnot in the file (kept as they were): " + list(r.missing) }
            if !r.unexpected.isEmpty { text += "\nnot in the model (ignored): " + list(r.unexpected) }
            return .string(text)
        } catch let e as NNError {
            throw RuntimeError("load: \(e.message)", at: c.span("file"))
        }
    }

    private static func list(_ names: [String]) -> String {
        names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", … (\(names.count) in all)" : "")
    }

    private static func makeFolder(for path: String, span: SourceSpan) throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw RuntimeError("export: cannot create the folder \(folder) (\(error.localizedDescription))", at: span)
        }
    }
}
