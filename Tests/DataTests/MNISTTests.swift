import Foundation
import Testing
@testable import Data
import Tensor

/// The bundled MNIST files. Expected values were computed independently with
/// Python (`gzip` + `numpy.frombuffer`) from the same files.
@Suite struct MNISTTests {
    static let loaded = Result { try MNIST.load() }

    @Test func countsShapesAndFirstLabels() throws {
        let (train, test) = try Self.loaded.get()
        #expect(train.count == 60_000)
        #expect(test.count == 10_000)
        #expect(train.imageShape == [1, 28, 28])
        #expect(train.classes == 10)
        #expect(try train.label(at: 0) == 5)
        #expect(try (0..<10).map { try train.label(at: $0)! } == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        #expect(try (0..<10).map { try test.label(at: $0)! } == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    }

    @Test func pixelChecksums() throws {
        let (train, test) = try Self.loaded.get()
        let p0 = try train.pixels(at: 0)
        #expect(p0.map(Int.init).reduce(0, +) == 27_525)
        #expect(p0.filter { $0 > 0 }.count == 166)
        #expect(Array(p0[(14 * 28 + 10)..<(14 * 28 + 18)]) == [0, 0, 0, 81, 240, 253, 253, 119])
        #expect(try test.pixels(at: 0).map(Int.init).reduce(0, +) == 18_454)
        // Float image: the same pixels / 255; numpy gives a sum of 107.94117754790932.
        let x = try train.image(at: 0)
        #expect(x.shape == [1, 28, 28])
        #expect(abs(x.scalars.reduce(0, +) - 107.941177) < 1e-3)
        #expect(x.scalars[14 * 28 + 13] == Float(81) / 255)
    }

    @Test func classCountsAndDescription() throws {
        let (train, test) = try Self.loaded.get()
        #expect(train.classCounts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(test.classCounts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        #expect(train.description == "mnist.train: 60,000 images 1×28×28, labels 0–9")
        #expect(test.description == "mnist.test: 10,000 images 1×28×28, labels 0–9")
    }

    @Test func transferLearningSelections() throws {
        let (train, test) = try Self.loaded.get()
        let low = try train.filter(labels: Set(0...4))
        #expect(low.count == 5923 + 6742 + 5958 + 6131 + 5842)
        #expect(low.description == "mnist.train (labels 0–4): 30,596 images 1×28×28, labels 0–4")
        let high = try test.filter(labels: Set(5...9), relabel: true)
        #expect(high.classCounts == [892, 958, 1028, 974, 1009])
        let few = try train.take(perClass: 10, seed: 0)
        #expect(few.count == 100 && few.classCounts == Array(repeating: 10, count: 10))
        #expect(try train.take(perClass: 10, seed: 0).sourceRows == few.sourceRows)
        let (x, y) = try few.batch(Array(0..<100))
        #expect(x.shape == [100, 1, 28, 28] && y.count == 100)
        #expect(y == few.labels)
    }

    @Test func lazyHolderLoadsOnceAndShares() throws {
        let lazy = LazyMNIST()
        #expect(!lazy.isLoaded)
        let a = try lazy.test()
        let b = try lazy.test()
        #expect(a === b)
        #expect(a.count == 10_000)
        #expect(!lazy.isLoaded)
    }

    @Test func prefetchThenUse() throws {
        let lazy = LazyMNIST(directory: try MNIST.findDirectory())
        lazy.prefetch()
        let train = try lazy.train()     // waits for the background load if it is running
        #expect(train.count == 60_000)
        #expect(try lazy.train() === train)
        #expect(try lazy.test().count == 10_000)
        #expect(lazy.isLoaded)
        let broken = LazyMNIST(directory: "/nonexistent")
        #expect(thrown { _ = try broken.test() } == "/nonexistent/t10k-images-idx3-ubyte.gz: cannot open (No such file or directory)")
        #expect(thrown { _ = try MNIST.loadSplit("valid", directory: "/x") } == "mnist: no split named 'valid' (train or test)")
    }

    @Test func licenceAndChecksumsShipWithTheData() throws {
        let dir = try MNIST.findDirectory()
        try MNIST.verify(directory: dir)
        let readme = try String(contentsOfFile: dir + "/README.md", encoding: .utf8)
        #expect(readme.contains("Yann LeCun, Corinna Cortes and Christopher J.C. Burges"))
        #expect(readme.contains("The MNIST database of handwritten digits"))
        #expect(readme.contains("CC BY-SA 3.0"))
        // The checksums themselves, where the tool exists.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            p.arguments = ["--quiet", "-c", "SHA256SUMS"]
            p.currentDirectoryURL = URL(fileURLWithPath: dir)
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
    }

    @Test func findsTheFolderFromLatentDataTheBundledFolderOrTheCurrentOne() throws {
        let dir = try MNIST.findDirectory()
        let root = ((dir as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        // $LATENT_DATA may name the mnist folder, its parent, or the repository.
        #expect(try MNIST.findDirectory(environment: ["LATENT_DATA": dir], bundled: nil, currentDirectory: "/") == dir)
        #expect(try MNIST.findDirectory(environment: ["LATENT_DATA": root + "/data"], bundled: nil, currentDirectory: "/") == root + "/data/mnist")
        #expect(try MNIST.findDirectory(environment: ["LATENT_DATA": root], bundled: nil, currentDirectory: "/") == root + "/data/mnist")
        // Without it: the folder the executable found, then the current directory's data/mnist.
        #expect(try MNIST.findDirectory(environment: [:], bundled: dir, currentDirectory: "/proc") == dir)
        #expect(try MNIST.findDirectory(environment: [:], bundled: "/proc", currentDirectory: root) == root + "/data/mnist")
        #expect(thrown { _ = try MNIST.findDirectory(environment: ["LATENT_DATA": "/nonexistent"], bundled: dir, currentDirectory: root) }
                == "/nonexistent: LATENT_DATA names no folder holding train-images-idx3-ubyte.gz (nor mnist/ or data/mnist/ inside it)")
        #expect(thrown { _ = try MNIST.findDirectory(environment: [:], bundled: nil, currentDirectory: "/proc") }
                == "mnist: train-images-idx3-ubyte.gz not found in /proc/data/mnist; set LATENT_DATA to the folder holding the MNIST files")
    }

    @Test func missingFolderIsAClearError() {
        #expect(thrown { _ = try MNIST.load(directory: "/nonexistent/mnist") }
                == "/nonexistent/mnist/train-images-idx3-ubyte.gz: cannot open (No such file or directory)")
    }
}
