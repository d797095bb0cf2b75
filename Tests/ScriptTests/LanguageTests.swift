import Foundation
import Testing
@testable import Script

/// Inputs and exactly what they print.
extension ScriptSuite {
struct LanguageTests {
    @Test(arguments: [
        ("1 + 2", "3"),
        ("2 ^ 10", "1024"),
        ("0.1 + 0.2", "0.3"),
        ("-3 - -4", "1"),
        ("7 / 2", "3.5"),
        ("-7 % 3", "2"),
        ("1 < 2", "true"),
        ("1 == 1 and 2 != 2", "false"),
        ("not false or false", "true"),
        ("\"a\" + \"b\"", "ab"),
        ("[1, \"two\", [3]]", "[1, \"two\", [3]]"),
        ("[1, 2, 3][1..]", "[2, 3]"),
        ("[1, 2, 3][..2]", "[1, 2]"),
        ("(0..10)[3]", "3"),
        ("0..=2", "0..3"),
        ("x = 5", ""),
        ("none", ""),
        ("print(1, \"a\", [2])", "1 a [2]"),
        ("len(\"hello\")", "5"),
        ("round(3.14159, 2)", "3.14"),
        ("type(tensor([1]))", "tensor"),
        ("tensor([[1, 2], [3, 4]])", "tensor([[1., 2.],\n        [3., 4.]])  shape [2, 2]"),
        ("zeros(2, 3).shape", "[2, 3]"),
        ("ones([2]) * 3", "tensor([3., 3.])  shape [2]"),
        ("arange(4) + 1", "tensor([1., 2., 3., 4.])  shape [4]"),
        ("arange(2, 5)", "tensor([2., 3., 4.])  shape [3]"),
        ("tensor([1, 2, 3])[1]", "2"),
        ("tensor([[1, 2], [3, 4]])[1, 0]", "3"),
        ("tensor([[1, 2], [3, 4]])[0..1].shape", "[1, 2]"),
        ("tensor([1, 2, 3]) > 1", "tensor([0., 1., 1.])  shape [3]"),
        ("sum(tensor([1, 2, 3])) == 6", "true"),
        ("tensor([1, 2, 3]).sum().item", "6"),
        ("argmax(tensor([0.1, 0.7, 0.2]))", "1"),
        ("reshape(arange(6), 2, 3).shape", "[2, 3]"),
        ("arange(6).reshape(3, -1).shape", "[3, 2]"),
        ("flatten(ones(2, 2)).shape", "[4]"),
        ("matmul(tensor([[1, 2]]), tensor([[3], [4]]))", "tensor([[11.]])  shape [1, 1]"),
        ("concat([ones(1), zeros(2)])", "tensor([1., 0., 0.])  shape [3]"),
        ("relu(tensor([-1, 2]))", "tensor([0., 2.])  shape [2]"),
        ("upsample(tensor([[1, 2], [3, 4]]), 2).shape", "[4, 4]"),
        ("maxpool(ones(1, 1, 4, 4), 2).shape", "[1, 1, 2, 2]"),
        ("conv2d(ones(1, 1, 3, 3), ones(1, 1, 3, 3), none, padding: 1)[0, 0, 1, 1]", "9"),
        ("crossentropy(tensor([[0.0, 0.0]]), [0]).item > 0.69", "true"),
        ("onehot([2], 3)", "tensor([[0., 0., 1.]])  shape [1, 3]"),
        ("fc(10)", "layer fc ?→10"),
        ("conv(16, kernel: 3, padding: 1)", "layer conv 3×3 ?→16"),
        ("seed 3", ""),
        ("mnist.test", "mnist.test: 10,000 images 1×28×28, 10 classes"),
        ("mnist.test[0].shape", "[1, 28, 28]"),
        ("mnist.test.count", "10000"),
        ("len(mnist.train)", "60000"),
        ("mnist.test.filter(labels: [0, 1]).count", "2115"),
        ("label(mnist.test, 0)", "7"),
        ("autoencoder(latent: 72).parameters", "4385"),
        ("time x = 1", "<time>"),
        ("help maxpool", """
            maxpool(kernel = 2, stride: none)
            maxpool(x, kernel = 2, stride: none)
              dimension reduction: each 2×2 block, step 2, becomes its maximum
              the bare name is a layer too: m = conv(8) + maxpool
              also a method of a tensor: VALUE.maxpool(...)
              kernel: between 1 and 64
              stride: between 1 and 64
              example: maxpool(tensor([[1, 2, 5, 6], [3, 4, 7, 8]]), 2)
              example: m = conv(16) + relu + maxpool
            """),
        ("help nosuch", "no help for 'nosuch'"),
        ("help fitt", "no help for 'fitt'; did you mean 'fit'?"),
    ])
    func prints(_ input: String, _ expected: String) {
        let out = answer(input)
        if expected == "<time>" {
            #expect(out.hasPrefix("time: "), "\(input) → \(out)")
        } else {
            #expect(out == expected, "\(input)")
        }
    }

    @Test func lastResultAndCellResults() {
        let (interp, host) = session(["1 + 1", "x = 10", "_ * 3", "_1 + _3"])
        #expect(host.lines == ["2", "6", "8"])
        #expect(interp.cellNumber == 5)
        let r = interp.runCell("_2")
        #expect(r.diagnostics.first?.message == "cell 2 has no result")
        #expect(interp.runCell("_99").diagnostics.first?.message == "there is no cell 99 yet")
    }

    @Test func failedAssignmentChangesNothing() {
        let (interp, _) = session(["x = 1", "y = 2"])
        let r = interp.runCell("x = 5; y = nosuch + 1")
        #expect(!r.ok)
        #expect(interp.variables["x"].map { "\($0)" } == "1")
        #expect(interp.variables["y"].map { "\($0)" } == "2")
        _ = interp.runCell("x = zeros(100000, 100000)")
        #expect(interp.variables["x"].map { "\($0)" } == "1")
    }

    @Test func modelAssignmentPrintsItsOneLineSummary() {
        #expect(answer("ae = autoencoder(latent: 72)") == "ae: autoencoder  4,385 parameters   1×28×28 → 72 → 1×28×28")
    }

    @Test func encoderPrintsItsSummaryTable() {
        let out = answer("ae.encoder", after: ["ae = autoencoder(latent: 72)"])
        #expect(out.hasPrefix(" #  layer"))
        #expect(out.contains("conv 3×3 1→16    16×28×28       160"))
        #expect(out.hasSuffix("1,904 parameters"))
    }

    @Test func crossEntropyGradientEqualsPMinusY() {
        let (interp, host) = session([
            "z = tensor([[2.0, -1.0, 0.5, 0.0]])",
            "g = grad(crossentropy(z, [2]), z)",
            "d = g - (softmax(z) - onehot([2], 4))",
        ])
        let r = interp.runCell("expect max(abs(d)) < 0.000001")
        #expect(r.ok, "\(r.errorText) \(host.text)")
        // z itself is not changed or tracked
        #expect(interp.runCell("z.grad").value == nil)
    }

    @Test func showSendsImagesToTheHost() {
        let (_, host) = session(["show mnist.test[0]", "show mnist.test[0..20]", "show upsample(tensor([[0, 1], [1, 0]]), 2) caption \"up\""])
        #expect(host.images.map { $0.shape } == [[224, 224], [472, 592], [32, 32]])
        #expect(host.images.last?.caption == "up")
    }

    @Test func expectFailureShowsBothSides() {
        let (interp, _) = session(["loss = 0.0712"])
        let r = interp.runCell("expect loss < 0.05")
        #expect(r.expectFailed)
        #expect(r.diagnostics.first?.message == "expect: loss < 0.05 failed: 0.0712 < 0.05")
    }

    @Test func runReportsExitCodes() {
        let host = RecordingHost()
        let interp = Interpreter(host: host)
        #expect(interp.run("x = 1\nprint(x)", file: "a.latent").exitCode == 0)
        let failed = interp.run("expect 1 > 2", file: "b.latent")
        #expect(failed.exitCode == 1 && failed.expectFailed)
        #expect(failed.errorText == "b.latent:1:8: error: expect: 1 > 2 failed: 1 > 2\nexpect 1 > 2\n       ^~~~~")
    }

    @Test func interruptStopsLoops() {
        let host = RecordingHost()
        host.interruptAfterPolls = 50
        let r = Interpreter(host: host).runCell("while true { }")
        #expect(r.diagnostics.first?.message == "interrupted")
    }
}
}

extension ScriptSuite {
struct HelpTests {
    @Test func everyBuiltinAndCommandHasHelp() {
        let (interp, _) = session([])
        for name in Array(interp.builtins.keys) + Commands.names {
            let text = HelpTopics.text(for: name, known: [])
            #expect(!text.hasPrefix("no help"), "help \(name)")
        }
        #expect(HelpTopics.tour.contains("help NAME"))
    }
}
}

extension ScriptSuite {
struct TrainingBindingTests {
    @Test func ctrlCStopsTrainingAndKeepsTheWeights() {
        let host = RecordingHost()
        let interp = Interpreter(host: host)
        _ = interp.runCell("seed 2; ae = autoencoder()")
        host.interruptAfterPolls = 3
        let r = interp.runCell("fit ae mnist.train[0..1024] epochs 2 batch 64 val none")
        #expect(r.ok, "\(r.errorText)")
        // Says where it stopped, not "interrupted 1 epoch" as if the epoch had run.
        #expect(host.lines.last?.hasPrefix("interrupted in epoch 1 after 4 of 16 batches  bce loss ") == true, "\(host.text)")
        #expect(host.lines.last?.contains("(weights kept)") == true)
    }

    @Test func evaluateAndPredictBindToTheTrainer() {
        let (interp, host) = session(["seed 3", "clf = autoencoder().encoder + fc(10) + softmax"])
        host.lines = []
        #expect(interp.runCell("evaluate clf mnist.test[0..64]").ok)
        #expect(host.lines.last?.hasPrefix("crossentropy loss ") == true, "\(host.text)")
        #expect(host.lines.last?.contains("on 64 images, accuracy ") == true)
        #expect(interp.runCell("predict(clf, mnist.test[0..3])").value.map { "\($0)" }?.hasPrefix("[") == true)
    }
}
}

extension ScriptSuite {
struct TutorialNeedsTests {
    @Test func allAnyAndScalarTensorsInExpect() {
        #expect(answer("all(tensor([1, 1]) == tensor([1, 1]))") == "true")
        #expect(answer("any([false, 0, 1])") == "true")
        #expect(answer("all(ones(2) > 1)") == "false")
        #expect(errorMessage("expect mean(tensor([1, 2])) < mean(tensor([0, 1]))") == "expect: mean(tensor([1, 2])) < mean(tensor([0, 1])) failed: 1.5 < 0.5")
    }

    @Test func filterRelabelsAndTakePerClass() {
        #expect(answer("mnist.test.filter(labels: [5, 6], relabel: true).classes") == "2")
        #expect(answer("take(mnist.test, perclass: 3).count") == "30")
        #expect(Parser.parse("zoo").errors.isEmpty)
    }

    @Test func tutorialAndTourAreCommands() {
        let (stmts, errors) = Parser.parse("tutorial 5\ntour")
        #expect(errors.isEmpty)
        #expect(stmts.count == 2)
    }

    @Test func saveCreatesFolders() throws {
        let dir = NSTemporaryDirectory() + "latent-h5-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = session([]).0.runCell("save tensor([[1, 0], [0, 1]]) \"\(dir)/a/b/x.png\"")
        #expect(r.ok, "\(r.errorText)")
        #expect(FileManager.default.fileExists(atPath: dir + "/a/b/x.png"))
    }
}
}
