import Testing
import Foundation
import Tensor
import NN
@testable import Script

/// `export MODEL "x.py" | "x.onnx" | "train_ddp.py"` and `load "…" into MODEL prefix … strict …`.
extension ScriptSuite {
struct ModelExportCommandTests {
    static let dir = NSTemporaryDirectory() + "latent-handoff-\(ProcessInfo.processInfo.processIdentifier)"

    @Test func exportWritesModuleWeightsAndONNX() throws {
        let d = Self.dir + "/export"
        defer { try? FileManager.default.removeItem(atPath: d) }
        let (_, host) = session([
            "seed 2\nae = autoencoder(latent: 72)",
            "export ae \"\(d)/ae.py\"",
            "export ae.encoder + fc(10) + softmax \"\(d)/clf.onnx\"",
        ])
        #expect(host.lines.contains("wrote \(d)/ae.py (class Autoencoder) and its weights \(d)/ae.safetensors"), "\(host.text)")
        let bytes = try #require(FileManager.default.contents(atPath: "\(d)/clf.onnx"))
        #expect(host.lines.contains("wrote \(d)/clf.onnx (ONNX opset 17, dynamic batch, \(formatCount(bytes.count)) bytes)"), "\(host.text)")
        let py = try String(contentsOfFile: "\(d)/ae.py", encoding: .utf8)
        #expect(py.hasPrefix("\"\"\"Autoencoder: 1×28×28 → 1×28×28, 4,385 parameters, exported from latent."))
        #expect(py.contains("WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), \"ae.safetensors\")"))
        let weights = try Safetensors.read(path: "\(d)/ae.safetensors")
        #expect(weights.keys.sorted() == (try Builders.autoencoder(latent: 72)).stateDict().map { $0.0 }.sorted())
    }

    @Test func exportTrainingScriptTakesTheFitsSettings() throws {
        let d = Self.dir + "/train"
        defer { try? FileManager.default.removeItem(atPath: d) }
        let (_, host) = session([
            "seed 4\nclf = classifier()\nfit clf mnist.train[0..64] epochs 1 batch 32 lr 0.003",
            "export clf \"\(d)/train_ddp.py\" epochs 3",
        ])
        #expect(host.lines.last == "wrote \(d)/train_ddp.py (crossentropy, adam lr 0.003, batch 32, seed 4, 3 epochs) and the starting weights \(d)/train_ddp.safetensors\nrun: torchrun --nproc_per_node 2 train_ddp.py --data data/mnist --epochs 3", "\(host.text)")
        let py = try String(contentsOfFile: "\(d)/train_ddp.py", encoding: .utf8)
        #expect(py.contains("EPOCHS, BATCH, LR, SEED = 3, 32, 0.003, 4\n"))
    }

    @Test func loadStripsPrefixesAndLoadsWhatMatches() throws {
        let d = Self.dir + "/load"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: d) }
        let ae = try Builders.autoencoder(latent: 72)
        try Safetensors.write(ae.stateDict().map { ("module." + $0.0, $0.1) }, to: "\(d)/ddp.safetensors")
        try ae.saveWeights(to: "\(d)/ae.safetensors")
        #expect(errorMessage("load \"\(d)/ddp.safetensors\" into autoencoder()")
                == "load: the weights have no '0.0.weight' (expected shape [16, 1, 3, 3]); the weights' names start with 'module.' (a DistributedDataParallel checkpoint): load with prefix: \"module.\"")
        #expect(answer("load \"\(d)/ddp.safetensors\" into autoencoder() prefix \"module.\"") == "loaded 14 tensors from \(d)/ddp.safetensors")
        #expect(answer("load(\"\(d)/ae.safetensors\", into: classifier(), strict: false)") == """
            loaded 6 tensors from \(d)/ae.safetensors
            not in the file (kept as they were): 1.weight, 1.bias
            not in the model (ignored): 1.1.bias, 1.1.weight, 1.3.bias, 1.3.weight, 1.6.bias, 1.6.weight, 1.9.bias, 1.9.weight
            """)
        #expect(errorMessage("load \"\(d)/ae.safetensors\" into autoencoder() strict 1") == "load: strict must be true or false, got number")
    }

    @Test(arguments: [
        ("export autoencoder() \"ae.txt\"", "export: a model goes to a .py file (PyTorch) or an .onnx file, got \"ae.txt\""),
        ("export autoencoder() \"ae.py\" epochs 3", "export: epochs, batch, lr and loss belong to a training script (a name like \"train_ddp.py\", or train: true)"),
        ("export autoencoder() \"train.py\" loss \"hinge\"", "export: unknown loss 'hinge'; use mse, bce or crossentropy"),
        ("export conv(4) \"c.py\"", "export: conv 3×3 ?→4 does not know its input size yet; run the model on an input (or fit it) first"),
        ("export conv(4) \"c.onnx\"", "export: the model's input shape is not known yet; run it on an input (or fit it) first"),
        ("export classifier() \"train.py\" loss \"mse\"", "export: mse compares the output with the input, but this model maps 1×28×28 to 10; use loss: \"crossentropy\" for a classifier"),
        ("export 3 \"x.py\"", "export: argument 1 must be a model, got number"),
        ("export autoencoder() \"train.py\" epochs 0", "export: epochs must be between 1 and 1,000,000, got 0"),
    ])
    func errors(_ input: String, _ expected: String) {
        #expect(errorMessage(input) == expected, "\(input)")
    }
}
}
