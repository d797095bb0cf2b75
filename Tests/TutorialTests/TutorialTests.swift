import Foundation
import Testing
import Tensor
import Picture
@testable import Script

/// Every tutorial (tutorials/NN-name.latent) runs through `Interpreter.run` and must
/// finish without an error or a failed `expect` — tutorials are their own tests.
///
/// Tests build in debug mode, where training is slow, so by default only the
/// tutorials that train nothing run here (no `fit`): 1–5, 10 and 12, ≈ 13 s in debug
/// on a busy 2-core machine. All fourteen run in release through
/// `scripts/run-tutorials` (what CI calls). `LATENT_TUTORIALS_ALL=1` runs every
/// tutorial here too — measured: still not done after 26 minutes in debug on the
/// same machine, so it is opt-in.
@Suite(.serialized) struct TutorialTests {
    static let directory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tutorials").path
    }()

    static let expectedNames = [
        "01-perceptron-on-pixels", "02-one-by-one-kernels", "03-three-by-three-kernels", "04-maxpool",
        "05-upsampling", "06-autoencoder", "07-latent-space", "08-encoder-decoder",
        "09-classifier-softmax", "10-cross-entropy-gradient", "11-parts-vs-end-to-end",
        "12-backbones", "13-transfer-learning", "14-fine-tuning",
        "15-continuous-latent-space", "16-denoising",
    ]

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".latent") }.map { String($0.dropLast(7)) }.sorted()
    }()

    static func source(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name + ".latent", encoding: .utf8)
    }

    /// True when the tutorial trains a model (a `fit` command or call).
    static func trains(_ source: String) -> Bool {
        source.split(separator: "\n").contains { line in
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let t = code.trimmingCharacters(in: .whitespaces)
            return t.hasPrefix("fit ") || t.contains("fit(")
        }
    }

    static var runAll: Bool { ProcessInfo.processInfo.environment["LATENT_TUTORIALS_ALL"] == "1" }

    static let selected: [String] = names.filter { name in
        runAll || !((try? trains(source(name))) ?? true)
    }

    @Test func theFourteenLectureSteps() {
        #expect(Self.names == Self.expectedNames)
    }

    @Test func everyTutorialEndsInChecks() throws {
        for name in Self.names {
            let src = try Self.source(name)
            #expect(src.hasPrefix("# Tutorial "), "\(name) starts with its title")
            #expect(src.contains("\nseed "), "\(name) seeds the random generator")
            let checks = src.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("expect ") }
            #expect(checks.count >= 3, "\(name) has only \(checks.count) expect checks")
        }
    }

    @Test(arguments: selected) func tutorial(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: "out", withIntermediateDirectories: true)
        let host = TutorialRecordingHost()
        let result = Interpreter(host: host).run(try Self.source(name), file: "tutorials/\(name).latent")
        #expect(result.ok, "\(name) failed:\n\(result.errorText)\n--- output ---\n\(host.lines.suffix(20).joined(separator: "\n"))")
        #expect(!result.expectFailed)
    }

    /// `tutorial(N)` walks one through in its own namespace: its variables are in `t5`,
    /// the person's stay as they were.
    @Test func tutorialBuiltinRunsStepsInItsOwnNamespace() throws {
        setenv("LATENT_TUTORIALS", Self.directory, 1)
        setenv("LATENT_PICTURES", NSTemporaryDirectory() + "latent-pictures-\(getpid())", 1)
        let host = TutorialRecordingHost()
        let interp = Interpreter(host: host)
        _ = interp.runCell("y = 7")
        let list = interp.runCell("tutorial()")
        #expect(list.ok, "\(list.errorText)")
        #expect(host.text.contains(" 5  dimension expansion"))
        let r = interp.runCell("tutorial(5)")
        #expect(r.ok, "\(r.errorText)\n\(host.text)")
        #expect(host.text.contains("── step 2 of"))
        #expect(host.text.contains("› y = upsample(x, 2)"))
        let y = interp.runCell("t5.y.shape")
        #expect(y.value?.description == "[4, 4]")
        #expect(interp.runCell("y").value?.description == "7")
        #expect(host.text.contains("━━ tutorial 5 done: "))
        #expect(host.text.contains(" checks passed; its variables are in t5 (type `t5` to list them; yours are as they were)"))
        let byName = interp.runCell("tutorial(\"upsampl\")")
        #expect(byName.ok, "\(byName.errorText)")
        let missing = interp.runCell("tutorial(99)")
        #expect(missing.errorText.contains("there is no tutorial 99"))
    }

    /// The classroom trap of issue 16: variables set before `tutorial(7)` are unchanged
    /// after it (its own `ae`, `z`, `a`, `b`, `g` are in `t7`), and its pictures go to its
    /// folder, not the current one.
    @Test func tutorialSevenLeavesThePersonsVariablesAlone() throws {
        setenv("LATENT_TUTORIALS", Self.directory, 1)
        let pictures = NSTemporaryDirectory() + "latent-pictures-7-\(getpid())"
        setenv("LATENT_PICTURES", pictures, 1)
        let host = TutorialRecordingHost()
        let interp = Interpreter(host: host)
        for cell in ["seed 3", "ae = autoencoder(latent: 36)", "z = ones(3)", "a = 1", "b = \"mine\"", "fn g(x) { return x + 1 }"] {
            #expect(interp.runCell(cell).ok)
        }
        let before = interp.runCell("ae.encoder(mnist.test[0])").value?.description
        let r = interp.runCell("tutorial(7)")
        #expect(r.ok, "\(r.errorText)")
        #expect(interp.runCell("ae.encoder(mnist.test[0])").value?.description == before)
        #expect(interp.runCell("ae.encoder(mnist.test[0]).shape").value?.description == "[36]")
        #expect(interp.runCell("z").value?.description == "tensor([1., 1., 1.])  shape [3]")
        #expect(interp.runCell("a").value?.description == "1")
        #expect(interp.runCell("b").value?.description == "mine")
        #expect(interp.runCell("g(1)").value?.description == "2")
        #expect(interp.runCell("type(g)").value?.description == "function")
        // The tutorial's own, in its namespace.
        #expect(interp.runCell("t7.z.shape").value?.description == "[72]")
        #expect(interp.runCell("type(t7.g)").value?.description == "tensor")
        #expect(interp.runCell("t7.ae.encoder(mnist.test[0]).shape").value?.description == "[72]")
        #expect(FileManager.default.fileExists(atPath: pictures + "/out/07-latent-space-map.png"))
        #expect(host.text.contains("━━ tutorial 7 done: 10 checks passed"))
    }

    @Test func stepsKeepBlocksWhole() {
        let steps = TutorialSteps.split("# one\nx = 1\n# two\nfor i in 0..3 {\n    x = x + i\n}\nx\n")
        #expect(steps.count == 2)
        #expect(steps[1].prose == ["two"])
        #expect(steps[1].chunks.map { $0.line } == [4, 7])
        #expect(steps[1].chunks[0].text == "for i in 0..3 {\n    x = x + i\n}")
    }

    @Test func aFailingStepStopsTheTutorialWithItsLine() throws {
        let dir = NSTemporaryDirectory() + "latent-tutorial-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "# Tutorial 1 — broken\nseed 1\nx = 2\n# check\nexpect x == 3\n".write(toFile: dir + "/01-broken.latent", atomically: true, encoding: .utf8)
        setenv("LATENT_TUTORIALS", dir, 1)
        defer { setenv("LATENT_TUTORIALS", Self.directory, 1) }
        let host = TutorialRecordingHost()
        let r = Interpreter(host: host).runCell("tutorial(1)")
        #expect(!r.ok)
        #expect(r.errorText.contains("stopped at line 5"))
        #expect(host.text.contains("01-broken.latent:5:"))
    }
}

/// Records what a tutorial prints and shows.
final class TutorialRecordingHost: Script.Host {
    var lines: [String] = []
    var images: [(shape: [Int], caption: String)] = []
    func output(_ text: String) { lines.append(text) }
    func showPicture(_ image: Figure, caption: String) { images.append(([image.height, image.width], caption)) }
    var text: String { lines.joined(separator: "\n") }
}
