import Foundation
import Testing
import Tensor
import Data
@testable import Script

/// `idx`, `folder`, `csv`, `dataset`, `load("x.png")` at the prompt, models for
/// any image shape, and `fit`'s held-out validation — on files the tests write.
extension ScriptSuite {
struct OwnDataScriptTests {
    /// A fresh folder; `q(path)` quotes a path inside it for a cell.
    final class Folder {
        let path = NSTemporaryDirectory() + "latent-own-" + UUID().uuidString
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func q(_ name: String) -> String { "\"\(path)/\(name)\"" }
        func png(_ name: String, _ p: PNG.Pixels) throws {
            let file = path + "/" + name
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try PNG.write(p, to: file)
        }
        func text(_ name: String, _ s: String) throws {
            try s.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    /// 8×8 images of two kinds: bright on the left half ("left") or on the right ("right"),
    /// with seeded noise — a task a classifier learns perfectly.
    func halves(_ f: Folder, count: Int, channels: Int = 1) throws {
        var rng = RandomGenerator(seed: 3)
        for i in 0..<count {
            for (k, side) in ["left", "right"].enumerated() {
                var bytes: [UInt8] = []
                for _ in 0..<8 { for x in 0..<8 {
                    let bright = (x < 4) == (k == 0)
                    let noise = UInt8(rng.next() % 40)
                    for _ in 0..<channels { bytes.append(bright ? 200 + noise : noise) }
                } }
                try f.png("pics/\(side)/\(i).png", PNG.Pixels(width: 8, height: 8, channels: channels, bytes: bytes))
            }
        }
    }

    @Test func loadersPrintTheirSummary() throws {
        let f = try Folder()
        try halves(f, count: 3, channels: 3)
        try f.text("pics/left/notes.txt", "not an image")
        #expect(answer("d = folder(\(f.q("pics")))")
                == "pics: 6 images 3×8×8, 2 classes: left 3, right 3 (skipped 1 file not ending in .png: notes.txt)")
        #expect(answer("d = folder(\(f.q("pics")), size: 4, gray: true)") == "pics: 6 images 1×4×4, 2 classes: left 3, right 3 (skipped 1 file not ending in .png: notes.txt)")
        #expect(answer("d = folder(\(f.q("pics")), size: [2, 8], name: \"mine\")\nd.count") == "mine: 6 images 3×2×8, 2 classes: left 3, right 3 (skipped 1 file not ending in .png: notes.txt)\n6")
        #expect(answer("load(\(f.q("pics/left/0.png"))).shape") == "[3, 8, 8]")
        #expect(answer("load(\(f.q("pics/left/0.png")), gray: true).shape") == "[1, 8, 8]")
        try f.text("d.csv", "label,a,b,c,d\n1,0,0,255,255\n0,255,255,0,0\n1,0,0,255,0\n")
        #expect(answer("c = csv(\(f.q("d.csv")))") == "d.csv: 3 images 1×2×2, 2 classes: 0 1, 1 2")
        #expect(answer("c = csv(\(f.q("d.csv")), shape: [1, 1, 4], classes: 3)") == "d.csv: 3 images 1×1×4, 3 classes: 0 1, 1 2, 2 0")
        try IDX.write([1, 2, 3, 4, 5, 6, 7, 8], dims: [2, 2, 2], to: f.path + "/img")
        try IDX.write([0, 1], dims: [2], to: f.path + "/lab")
        #expect(answer("i = idx(\(f.q("img")), \(f.q("lab")))") == "img: 2 images 1×2×2, 2 classes: 0 1, 1 1")
        #expect(answer("i = idx(\(f.q("img")))\nlabel(i, 0) == none") == "img: 2 images 1×2×2, no labels\ntrue")
        #expect(answer("t = dataset(ones(4, 1, 2, 2) * 0.5, [0, 1, 1, 2])") == "dataset: 4 images 1×2×2, 3 classes: 0 1, 1 2, 2 1")
        #expect(answer("t = dataset(zeros(3, 5, 5), name: \"z\")") == "z: 3 images 1×5×5, no labels")
    }

    @Test func badInputIsRefusedAndNothingIsAssigned() throws {
        let f = try Folder()
        try halves(f, count: 1)
        try f.png("pics/right/odd.png", PNG.Pixels(width: 4, height: 8, channels: 1, bytes: [UInt8](repeating: 0, count: 32)))
        let (interp, host) = session(["d = 1"])
        host.lines = []
        let r = interp.runCell("d = folder(\(f.q("pics")))")
        #expect(!r.ok)
        #expect(r.errorText.hasSuffix(" \(f.path)/pics/right/odd.png: image is 4×8, but \(f.path)/pics/left/0.png is 8×8; all images must share a size (or pass size: [height, width] to resize them)"))
        #expect(interp.runCell("d").ok && host.lines == ["1"])    // the session is as it was
        try f.text("bad.csv", "0,1,2\n1,2\n")
        #expect(answer("csv(\(f.q("bad.csv")))").contains("\(f.path)/bad.csv: line 2: expected 3 fields (label + 2 pixels), found 2"))
        #expect(answer("dataset(ones(2, 1, 2, 2), [0, 1, 2])").contains("dataset: 3 labels for 2 images"))
        #expect(answer("dataset(ones(2, 1, 2, 2) * 2)").contains("dataset: value 2.0 at position 0 is outside 0…1; images are stored as bytes 0–255, so scale them first (e.g. x / 255)"))
        #expect(answer("folder(\(f.q("pics")), gray: true, rgb: true)").contains("folder: choose gray: true or rgb: true, not both"))
        #expect(answer("load(\(f.q("nothing.png")))").contains("\(f.path)/nothing.png: cannot open (No such file or directory)"))
    }

    @Test func interruptedFolderLoadLeavesTheSessionAlone() throws {
        let f = try Folder()
        try halves(f, count: 200)     // 400 images: two blocks
        let (interp, host) = session([])
        host.interruptAfterPolls = 1
        let r = interp.runCell("d = folder(\(f.q("pics")))")
        #expect(r.errorText.contains("\(f.path)/pics: loading stopped after 256 of 400 images; nothing was loaded"))
        host.interruptAfterPolls = nil
        #expect(!interp.runCell("d").ok)
    }

    @Test func modelsForEveryImageShape() {
        #expect(answer("ae = autoencoder(input: [1, 8, 8])") == "ae: autoencoder  13,665 parameters   1×8×8 → 72 → 1×8×8")
        #expect(answer("ae = autoencoder(input: [3, 32, 32])") == "ae: autoencoder  23,595 parameters   3×32×32 → 72 → 3×32×32")
        #expect(answer("ae = autoencoder(input: [3, 64, 64], latent: 64)") == "ae: autoencoder  3,948 parameters   3×64×64 → 64 → 3×64×64")
        #expect(answer("ae = autoencoder()") == "ae: autoencoder  4,385 parameters   1×28×28 → 72 → 1×28×28")
        #expect(answer("clf = autoencoder(input: [3, 32, 32]).encoder + fc(10) + softmax\nclf.output").hasSuffix("3×32×32 → 10\n[10]"))
        #expect(answer("autoencoder(input: [1, 4, 4])").contains("autoencoder for 1×4×4 images: maxpool 2×2 number 3 of 3 gets a 1×1 feature map, too small to halve; sizes that work: 28, 32 or any multiple of 8 (8, 16, 24, 40, 48, 56, 64, …)"))
        #expect(answer("autoencoder(input: [1, 30, 30])").contains("autoencoder for 1×30×30 images: the encoder's three maxpools give 3×3, and the decoder's upsampling cannot give 30×30 back; sizes that work: 28, 32 or any multiple of 8 (8, 16, 24, 40, 48, 56, 64, …)"))
        #expect(answer("vgg(input: [1, 4, 4])").contains("vgg for 1×4×4 images: maxpool 2×2 after relu: expected an image of at least 2×2, got [64, 1, 1]; vgg needs images of at least 8×8"))
        for shape in ["[1, 8, 8]", "[3, 32, 32]", "[3, 64, 64]"] {
            for b in ["vgg", "alexnet", "resnet", "mobilenet", "inception", "unet", "classifier", "autoencoder"] {
                let out = answer("m = \(b)(input: \(shape))\nm(zeros(1, \(shape.dropFirst().dropLast()))).shape")
                #expect(out.hasSuffix(b == "unet" || b == "autoencoder" ? "[1, \(shape.dropFirst())" : "[1, 10]"), "\(b) \(shape): \(out)")
            }
        }
    }

    @Test func fitHoldsOutTenPercentAndTheRoundTripLearns() throws {
        let f = try Folder()
        try halves(f, count: 20)      // 40 images
        let cells = [
            "seed 1",
            "d = folder(\(f.q("pics")))",
            "parts = split(d, 0.75)",
            "clf = classifier(input: d, classes: 2)",
        ]
        let (interp, host) = session(cells)
        host.lines = []
        #expect(interp.runCell("fit clf parts[0] epochs 15 batch 10 lr 0.01").ok)
        #expect(host.lines.first == "fit: validating on 3 images held out of pics (part 1) (10 %, fixed seed), training on the other 27; validate DATA to choose, validate none to skip")
        host.lines = []
        #expect(interp.runCell("accuracy clf parts[1]").ok)
        #expect(host.lines == ["1"])
        host.lines = []
        #expect(interp.runCell("fit clf parts[0] epochs 1 validate none").ok)
        #expect(host.lines.count == 1 && host.lines[0].hasPrefix("trained 1 epoch"))
        host.lines = []
        #expect(interp.runCell("fit clf parts[0] epochs 1 validate parts[1]").ok)
        #expect(host.lines.count == 1 && host.lines[0].contains("val accuracy 1.0000"))
        #expect(answer("classifier(input: d).output", after: cells) == "[2]")     // classes from the dataset
        #expect(answer("vgg(input: d).output", after: cells) == "[2]")
        #expect(answer("fit autoencoder() d", after: cells).contains("fit: the model takes 1×28×28 images, but pics has 1×8×8 images; build one for them, e.g. autoencoder(input: [1, 8, 8])"))
        #expect(answer("fit classifier(input: d, classes: 2) dataset(zeros(3, 1, 8, 8), [0, 1, 4])", after: cells)
                .contains("fit: the model has 2 outputs, but dataset has 5 classes; build it with classes: 5"))
    }
}
}
