import Foundation
import Testing
import Tensor
import Data
import Picture
@testable import Script

/// Issue 16 at the prompt: sharing said out loud and copying possible, pictures as values
/// that save and show through one route, the divergence warning, and `explore` without a terminal.
extension ScriptSuite {
struct ClassroomTests {
    static let lecture = ["seed 1", "ae = autoencoder(latent: 72)"]

    @Test func anAssignmentThatSharesLayersSaysSo() {
        #expect(answer("clf = ae.encoder + fc(10) + softmax", after: Self.lecture)
                == "clf: classifier  2,634 parameters   1×28×28 → 10, shares encoder (1,904 parameters) with ae")
        #expect(answer("enc = ae.encoder", after: Self.lecture)
                == "enc: other  1,904 parameters   1×28×28 → 72, shares encoder (1,904 parameters) with ae")
        #expect(answer("same = ae", after: Self.lecture)
                == "same: autoencoder  4,385 parameters   1×28×28 → 72 → 1×28×28, the same model as ae (copy(ae) makes an independent one)")
        // A copy shares nothing.
        #expect(answer("mine = copy(ae.encoder) + fc(10) + softmax", after: Self.lecture)
                == "mine: classifier  2,634 parameters   1×28×28 → 10")
        #expect(answer("mine = ae.copy()", after: Self.lecture) == "mine: autoencoder  4,385 parameters   1×28×28 → 72 → 1×28×28")
    }

    @Test func summariesMarkSharedLayers() {
        let table = answer("ae.encoder", after: Self.lecture + ["clf = ae.encoder + fc(10) + softmax"])
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[1] == " 0  conv 3×3 1→16    16×28×28       160  shared with ae, clf")
        #expect(lines[2] == " 1  relu             16×28×28         0")
        let own = answer("summary(clf)", after: Self.lecture + ["clf = ae.encoder + fc(10) + softmax"])
        #expect(own.contains("160  shared with ae\n"))
        #expect(!own.contains("fc 72→10               10             730  shared"))
    }

    @Test func freezeAndFitNameTheOtherVariablesTheyAffect() {
        let setup = Self.lecture + ["clf = ae.encoder + fc(10) + softmax", "pre = ae"]
        #expect(answer("freeze clf.encoder", after: setup)
                == "froze 1,904 parameters; also frozen in ae (its encoder), clf (its encoder), pre (its encoder)")
        #expect(answer("unfreeze ae", after: setup)
                == "unfroze 4,385 parameters; also unfrozen in clf (its encoder)")
        let (interp, host) = session(setup)
        host.lines = []
        let r = interp.runCell("fit clf mnist.train[0..64] epochs 1 batch 32 val none")
        #expect(r.ok, "\(r.errorText)")
        #expect(host.lines.first == "note: this also trains ae's encoder and pre's encoder (shared weights); to keep ae and pre as they are, build on copy(ae.encoder) instead")
    }

    /// The lecture's trap, measured: fitting `ae.encoder + fc(10)` moves ae's encoder;
    /// fitting `copy(ae.encoder) + fc(10)` leaves it exactly as it was.
    @Test func aCopyIsIndependent() {
        let (interp, _) = session(Self.lecture + [
            "x = mnist.test[0]", "before = ae.encoder(x)",
            "own = copy(ae.encoder) + fc(10) + softmax",
            "expect max(abs(own.encoder(x) - before)) == 0",
            "fit own mnist.train[0..128] epochs 1 batch 32 val none",
        ])
        #expect(interp.runCell("max(abs(ae.encoder(x) - before)) == 0").value?.description == "true")
        #expect(interp.runCell("max(abs(own.encoder(x) - before)) > 0").value?.description == "true")
        _ = interp.runCell("clf = ae.encoder + fc(10) + softmax")
        _ = interp.runCell("fit clf mnist.train[0..128] epochs 1 batch 32 val none")
        #expect(interp.runCell("max(abs(ae.encoder(x) - before)) > 0").value?.description == "true")
        #expect(errorMessage("copy(3)") == "copy: argument 1 must be a model, a layer or a tensor, got number")
    }

    @Test func fitWarnsWhenTheLossGrowsByOrdersOfMagnitude() {
        let (interp, host) = session(["seed 1", "clf = autoencoder().encoder + fc(10) + softmax"])
        host.lines = []
        _ = interp.runCell("fit clf mnist.train[0..512] epochs 1 lr 1000 val none")
        let warning = host.lines.first { $0.hasPrefix("warning:") } ?? "no warning: \(host.lines)"
        #expect(warning.hasPrefix("warning: the loss grew from 2.3"))
        #expect(warning.hasSuffix("training diverged; the learning rate 1000 is too large, try a smaller one, e.g. lr 0.001"))
        host.lines = []
        _ = interp.runCell("fit autoencoder() mnist.train[0..256] epochs 1 val none")
        #expect(!host.lines.contains { $0.hasPrefix("warning:") })
    }

    @Test func picturesPrintSaveAndScale() throws {
        let dir = NSTemporaryDirectory() + "latent-classroom-\(getpid())"
        let (interp, host) = session(Self.lecture + ["fit ae mnist.train[0..64] epochs 1 batch 32 val none"])
        host.lines = []
        host.images = []
        #expect(interp.runCell("p = lossplot(ae)").ok)
        #expect(interp.runCell("[p, 1]").value?.description == "[picture 640×400 \"loss\", 1]")
        #expect(interp.runCell("type(p)").value?.description == "picture")
        _ = interp.runCell("p")
        #expect(host.images.map(\.shape) == [[400, 640]])
        #expect(answer("save lossplot(ae) \"\(dir)/loss.png\"", after: Self.lecture + ["fit ae mnist.train[0..64] epochs 1 batch 32 val none"])
                == "saved \(dir)/loss.png (640×400)")
        let loss = try PNG.readPixels(dir + "/loss.png")
        #expect((loss.width, loss.height) == (640, 400))
        // A digit is enlarged ×8 by default (under 64 pixels); scale 1 keeps its exact pixels.
        #expect(answer("save mnist.test[0] \"\(dir)/d.png\"") == "saved \(dir)/d.png (224×224)")
        #expect(answer("save mnist.test[0] \"\(dir)/d1.png\" scale 1") == "saved \(dir)/d1.png (28×28)")
        let exact = try PNG.readPixels(dir + "/d1.png")
        let digit = try MNIST.shared.test().image(at: 0).scalars.map { UInt8(($0 * 255).rounded()) }
        #expect(stride(from: 0, to: exact.bytes.count, by: exact.channels).map { exact.bytes[$0] } == digit)
        let w = interp.runCell("filters(ae.encoder[0]).width").value?.description ?? "?"
        #expect(interp.runCell("save filters(ae.encoder[0]) \"\(dir)/f.png\" scale 2").ok)
        #expect(try String(PNG.readPixels(dir + "/f.png").width) == String((Int(w) ?? 0) * 2))
        #expect(errorMessage("save mnist.test[0] \"x.png\" scale 0") == "save: scale must be between 1 and 64, got 0")
        #expect(errorMessage("save lossplot(ae) \"x.npy\"", after: Self.lecture + ["fit ae mnist.train[0..64] epochs 1 val none"])
                == "save: a picture is saved as .png, got \"x.npy\"")
    }

    /// Ctrl-C in the middle of an epoch: the loss plot marks that epoch partial, and plots
    /// the per-batch series beside the per-epoch means. (`LATENT_SHOTS=DIR` keeps the PNG.)
    @Test func anInterruptedEpochIsPlottedAsPartial() throws {
        let (interp, host) = session(Self.lecture + ["fit ae mnist.train[0..640] epochs 1 batch 32 val none"])
        host.interruptAfterPolls = nil
        let polls = host.polls
        host.interruptAfterPolls = polls + 8
        _ = interp.runCell("fit ae mnist.train[0..640] epochs 2 batch 32 val none")
        host.interruptAfterPolls = nil
        let r = interp.runCell("p = lossplot(ae)")
        #expect(r.ok, "\(r.errorText)")
        guard case .picture(let f)? = interp.variables["p"] else { Issue.record("no picture"); return }
        #expect(f.plot?.legend.map(\.0) == ["batch (smoothed)", "epoch mean", "partial epoch"])
        #expect(f.notes.count == 1 && f.notes[0].hasPrefix("the last epoch was interrupted after ") && f.notes[0].hasSuffix("% of its batches (marked partial)"))
        if let dir = ProcessInfo.processInfo.environment["LATENT_SHOTS"] { try f.writePNG(to: dir + "/loss-partial.png") }
    }

    /// Without a terminal, `explore ae` is a grid of decoded points (7×7), a picture value.
    @Test func exploreWithoutATerminalIsAGridOfDecodedPoints() {
        let (interp, host) = session(Self.lecture)
        host.images = []
        #expect(interp.runCell("explore ae").ok)          // the command shows the grid
        #expect(host.images.count == 1)
        let r = interp.runCell("explore(ae)")
        #expect(r.ok, "\(r.errorText)")
        guard case .picture(let f)? = r.value else { Issue.record("explore gave \(String(describing: r.value))"); return }
        #expect(f.title == "latent space")
        #expect((f.base.width, f.base.height) == (7 * 28 + 6, 7 * 28 + 6))
        #expect(host.images.count == 2)
        #expect(errorMessage("explore 3") == "explore: argument 1 must be a model, got number")
        #expect(errorMessage("explore fc(2)") == "explore: argument 1 must be an autoencoder with .encoder and .decoder parts, e.g. explore ae")
        #expect(errorMessage("explore(ae, mnist.test[0..1])", after: Self.lecture) == "explore: use between 2 and 10,000 images, e.g. mnist.test[0..1000]")
    }
}
}
