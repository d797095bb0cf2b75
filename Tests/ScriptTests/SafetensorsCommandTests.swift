import Testing
import Foundation
import Tensor
@testable import Script

/// `save MODEL "w.safetensors"` and `load("w.safetensors", into: MODEL)`.
extension ScriptSuite {
struct SafetensorsCommandTests {
    static let dir = NSTemporaryDirectory() + "latent-h12-\(ProcessInfo.processInfo.processIdentifier)"
    static let file = dir + "/ae.safetensors"
    static let saveOne = "save autoencoder(latent: 72) \"\(file)\""

    func tensor(_ interp: Interpreter, _ name: String) -> [Float]? {
        if case .tensor(let t)? = interp.variables[name] { return t.scalars }
        return nil
    }

    @Test func roundTripGivesTheSameOutputsBitForBit() throws {
        let path = Self.dir + "/round/ae.safetensors"
        defer { try? FileManager.default.removeItem(atPath: Self.dir + "/round") }
        let (interp, host) = session([
            "seed 3\nae = autoencoder(latent: 72)\nx = mnist.test[0..4].images()",
            "save ae \"\(path)\"",
            "seed 4\nb = autoencoder(latent: 72)\nbefore = b(x)",
            "load(\"\(path)\", into: b)",
            "ya = ae(x)\nyb = b(x)",
        ])
        #expect(host.lines.contains("saved 14 tensors to \(path)"), "\(host.text)")
        #expect(host.lines.contains("loaded 14 tensors from \(path)"), "\(host.text)")
        let ya = try #require(tensor(interp, "ya"))
        let yb = try #require(tensor(interp, "yb"))
        let before = try #require(tensor(interp, "before"))
        #expect(ya.count == 4 * 28 * 28)
        #expect(ya.map(\.bitPattern) == yb.map(\.bitPattern))
        #expect(before != ya)
    }

    @Test func saveWithToLabel() throws {
        let path = Self.dir + "/to/ae.safetensors"
        defer { try? FileManager.default.removeItem(atPath: Self.dir + "/to") }
        #expect(answer("save autoencoder() to \"\(path)\"") == "saved 14 tensors to \(path)")
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test(arguments: [
        ("load(\"\(file)\", into: autoencoder(latent: 36))",
         "load: '0.6.weight' has shape [8, 8, 3, 3] in the weights but [4, 8, 3, 3] in the model"),
        ("load(\"\(file)\", into: autoencoder(latent: 32))",
         "load: the weights have no '0.10.weight' (expected shape [32, 72])"),
        ("load(\"/nonexistent/w.safetensors\", into: autoencoder())",
         "load: /nonexistent/w.safetensors: cannot open the file (missing or unreadable)"),
        ("load(\"w.npy\", into: autoencoder())", "load: weights come from a .safetensors file, got \"w.npy\""),
        ("load(\"\(file)\", into: 3)", "load: into must be a model, got number"),
        ("load \"\(file)\"", "load: weights go into a model: load(\"\(file)\", into: ae)"),
        ("save autoencoder() \"ae.npy\"", "save: a model's weights go in a .safetensors file, got \"ae.npy\""),
        ("save ones(2) \"x.safetensors\"", "save: .safetensors holds a model's weights; save a model, e.g. save ae \"ae.safetensors\""),
        ("save 3 \"x.safetensors\"", "save: argument 1 must be a tensor, a picture or a model, got number"),
    ])
    func errors(_ input: String, _ expected: String) {
        #expect(errorMessage(input, after: [Self.saveOne]) == expected, "\(input)")
    }

    @Test func failedLoadCopiesNothing() throws {
        let (interp, _) = session([
            Self.saveOne,
            "seed 5\nc = autoencoder(latent: 36)\nx = mnist.test[0..2].images()\nbefore = c(x)",
        ])
        #expect(!interp.runCell("load(\"\(Self.file)\", into: c)").ok)
        _ = interp.runCell("after = c(x)")
        let before = try #require(tensor(interp, "before"))
        #expect(tensor(interp, "after") == before)
    }

    @Test func helpMentionsSafetensors() {
        #expect(answer("help save").contains("\n  example: save autoencoder() \"/tmp/latent-save/ae.safetensors\""))
        #expect(answer("help save").contains("\n  a model's weights are saved under PyTorch state_dict names"))
        #expect(answer("help load").contains("; load \"/tmp/latent-load/ae.safetensors\" into ae"))
    }
}
}
