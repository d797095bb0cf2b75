import Foundation
import Testing
@testable import Script

/// save and load (FileBuiltins.swift): the round trips and the messages their bodies
/// add to the declared checks (DeclarationTests covers those).
extension ScriptSuite {
struct FileBuiltinsTests {
    static let folder = NSTemporaryDirectory() + "latent-file-builtins"

    @Test func aTensorAModelAndAPictureRoundTrip() throws {
        let f = Self.folder
        #expect(answer("save tensor([1, 2, 3]) \"\(f)/z.npy\"; z = load(\"\(f)/z.npy\"); z") == "saved \(f)/z.npy\ntensor([1., 2., 3.])  shape [3]")
        #expect(answer("save(ones(2), to: \"\(f)/to.npy\")") == "saved \(f)/to.npy")
        let weights = answer("save m \"\(f)/m.safetensors\"; load \"\(f)/m.safetensors\" into n; expect all(n(ones(4)) == m(ones(4)))",
                             after: ["m = fc(3) + relu", "m(ones(4))", "n = fc(3) + relu", "n(ones(4))"])
        #expect(weights == "saved 2 tensors to \(f)/m.safetensors\nloaded 2 tensors from \(f)/m.safetensors", "\(weights)")
        #expect(answer("save mnist.test[0] \"\(f)/d.png\" scale 4; x = load(\"\(f)/d.png\"); x.shape")
                == "saved \(f)/d.png (112×112)\n[1, 112, 112]")
    }

    @Test(arguments: [
        ("save 3 \"a.npy\"", "save: argument 1 must be a tensor, a picture or a model, got number"),
        ("save(ones(2))", "save: missing argument 2 (file name)"),
        ("save(ones(2), \"a.npy\", to: \"b.npy\")", "save: file is given twice"),
        ("save fc(2) \"w.npy\"", "save: a model's weights go in a .safetensors file, got \"w.npy\""),
        ("save ones(2) \"w.safetensors\"", "save: .safetensors holds a model's weights; save a model, e.g. save ae \"ae.safetensors\""),
        ("save ones(2) \"w.txt\"", "save: the file name must end in .npy (a tensor) or .png (an image), got \"w.txt\""),
        ("save grid(mnist.test[0..2]) \"g.npy\"", "save: a picture is saved as .png, got \"g.npy\""),
        ("load", "load: missing argument 1 (file name)"),
        ("load \"a.npy\" prefix \"module.\"", "load: prefix and strict go with into: load \"a.npy\" into MODEL"),
        ("load \"a.npy\" gray true", "load: gray and rgb go with a .png image, got \"a.npy\""),
        ("load \"w.safetensors\"", "load: weights go into a model: load(\"w.safetensors\", into: ae)"),
        ("load \"a.npy\" into fc(2)", "load: weights come from a .safetensors file, got \"a.npy\""),
        ("load \"a.csv\"", "load: only .npy tensors and .png images can be loaded here (got \"a.csv\"); sessions: load session \"name\"; datasets: folder(...), idx(...), csv(...)"),
        ("load \"a.png\" gray true rgb true", "load: choose gray: true or rgb: true, not both"),
        ("show", "show: missing argument 1 (what to show)"),
        ("show ones(2) scale 65", "show: scale must be between 1 and 64, got 65"),
    ])
    func messages(_ input: String, _ expected: String) {
        #expect(errorMessage(input) == expected, "\(input)")
    }
}
}
