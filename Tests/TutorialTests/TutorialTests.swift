import Foundation
import Testing
import Tensor
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

    /// `tutorial(N)` walks one through in the session: the tutorial's variables stay.
    @Test func tutorialBuiltinRunsStepsInTheSession() throws {
        setenv("LATENT_TUTORIALS", Self.directory, 1)
        let host = TutorialRecordingHost()
        let interp = Interpreter(host: host)
        let list = interp.runCell("tutorial()")
        #expect(list.ok, "\(list.errorText)")
        #expect(host.text.contains(" 5  dimension expansion"))
        let r = interp.runCell("tutorial(5)")
        #expect(r.ok, "\(r.errorText)\n\(host.text)")
        #expect(host.text.contains("── step 2 of"))
        #expect(host.text.contains("› y = upsample(x, 2)"))
        let y = interp.runCell("y.shape")
        #expect(y.value?.description == "[4, 4]")
        let byName = interp.runCell("tutorial(\"upsampl\")")
        #expect(byName.ok, "\(byName.errorText)")
        let missing = interp.runCell("tutorial(99)")
        #expect(missing.errorText.contains("there is no tutorial 99"))
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
    func showImage(_ image: Tensor, caption: String) { images.append((image.shape, caption)) }
    var text: String { lines.joined(separator: "\n") }
}
