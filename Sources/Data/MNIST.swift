import Foundation
import Tensor

/// The MNIST handwritten digits, shipped in the repository under `data/mnist`
/// (the four IDX .gz files, a SHA256SUMS file and the README with the licence).
///
///     let (train, test) = try MNIST.load()   // 60,000 and 10,000 digits 1×28×28
///     let digits = try MNIST.shared.test()   // loaded on first use, then kept
public enum MNIST {
    public static let files = (
        trainImages: "train-images-idx3-ubyte.gz", trainLabels: "train-labels-idx1-ubyte.gz",
        testImages: "t10k-images-idx3-ubyte.gz", testLabels: "t10k-labels-idx1-ubyte.gz")

    /// The process-wide lazy MNIST: nothing is read until a split is asked for.
    public static let shared = LazyMNIST()

    /// Loads both splits, named `mnist.train` and `mnist.test` (read in parallel).
    public static func load(directory: String? = nil) throws -> (train: Dataset, test: Dataset) {
        let dir = try directory ?? findDirectory()
        final class Box: @unchecked Sendable { var results: [Result<Dataset, Error>?] = [nil, nil] }
        let box = Box(), lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let r = Result { try loadSplit(i == 0 ? "train" : "test", directory: dir) }
            lock.lock(); box.results[i] = r; lock.unlock()
        }
        guard let train = box.results[0], let test = box.results[1] else {
            throw DataError(file: dir, nil, "loading MNIST did not finish")
        }
        return (try train.get(), try test.get())
    }

    /// Loads one split: `"train"` or `"test"`.
    public static func loadSplit(_ split: String, directory: String? = nil) throws -> Dataset {
        let dir = try directory ?? findDirectory()
        let (images, labels) = split == "train" ? (files.trainImages, files.trainLabels) : (files.testImages, files.testLabels)
        guard split == "train" || split == "test" else {
            throw DataError(file: "mnist", nil, "no split named '\(split)' (train or test)")
        }
        return try IDX.load(images: dir + "/" + images, labels: dir + "/" + labels, name: "mnist.\(split)")
    }

    /// The folder holding the MNIST files, or nil if none is found (see `findDirectory`).
    public static var defaultDirectory: String? { try? findDirectory() }

    /// The MNIST folder the application ships with. The latent executable sets it at
    /// start-up (it knows where it is installed: `data/mnist` beside or above it); left
    /// nil, `findDirectory` looks in the current directory. Set once, before any thread
    /// starts, hence `nonisolated(unsafe)`.
    nonisolated(unsafe) public static var bundledDirectory: String?

    /// Finds the MNIST folder: `$LATENT_DATA` (the MNIST folder itself, or a folder
    /// with `mnist/` or `data/mnist/` inside), else `bundledDirectory`, else
    /// `data/mnist` in the current directory.
    public static func findDirectory() throws -> String {
        try findDirectory(environment: ProcessInfo.processInfo.environment, bundled: bundledDirectory,
                          currentDirectory: FileManager.default.currentDirectoryPath)
    }

    static func findDirectory(environment: [String: String], bundled: String?, currentDirectory: String) throws -> String {
        if let env = environment["LATENT_DATA"], !env.isEmpty {
            for candidate in [env, env + "/mnist", env + "/data/mnist"] where hasMNIST(candidate) {
                return candidate
            }
            throw DataError(file: env, nil, "LATENT_DATA names no folder holding \(files.trainImages) (nor mnist/ or data/mnist/ inside it)")
        }
        let places = [bundled, currentDirectory + "/data/mnist"].compactMap { $0 }
        if let dir = places.first(where: hasMNIST) { return dir }
        throw DataError(file: "mnist", nil,
                        "\(files.trainImages) not found in \(places.joined(separator: " or ")); set LATENT_DATA to the folder holding the MNIST files")
    }

    /// True when `dir` holds the MNIST files (the executable asks this of candidate folders).
    public static func holdsData(_ dir: String) -> Bool { hasMNIST(dir) }

    static func hasMNIST(_ dir: String) -> Bool {
        FileManager.default.fileExists(atPath: dir + "/" + files.trainImages)
    }

    /// Checks that the folder carries the licence (README.md naming the authors
    /// and CC BY-SA 3.0) and a SHA256SUMS line for each of the four files.
    public static func verify(directory: String? = nil) throws {
        let dir = try directory ?? findDirectory()
        guard let readme = try? String(contentsOfFile: dir + "/README.md", encoding: .utf8) else {
            throw DataError(file: dir + "/README.md", nil, "missing: the MNIST licence and attribution must ship with the data")
        }
        for needed in ["Yann LeCun", "Corinna Cortes", "Burges", "CC BY-SA 3.0"] where !readme.contains(needed) {
            throw DataError(file: dir + "/README.md", nil, "does not mention \(needed)")
        }
        guard let sums = try? String(contentsOfFile: dir + "/SHA256SUMS", encoding: .utf8) else {
            throw DataError(file: dir + "/SHA256SUMS", nil, "missing")
        }
        for f in [files.trainImages, files.trainLabels, files.testImages, files.testLabels] where !sums.contains(f) {
            throw DataError(file: dir + "/SHA256SUMS", nil, "has no checksum for \(f)")
        }
    }
}

/// MNIST loaded on first use, so the REPL starts without reading 11 MB.
/// Thread-safe; each split is read once and then shared. A failed load is not
/// remembered, so fixing the files (or `LATENT_DATA`) and asking again works.
///
///     MNIST.shared.prefetch()          // optional: start reading in the background
///     let test = try MNIST.shared.test()
public final class LazyMNIST: @unchecked Sendable {
    private let directory: String?
    private let lock = NSLock()
    private var trainSet: Dataset?
    private var testSet: Dataset?
    private let trainLock = NSLock()
    private let testLock = NSLock()

    public init(directory: String? = nil) { self.directory = directory }

    /// `mnist.train`: 60,000 digits.
    public func train() throws -> Dataset { try get("train", trainLock, \.trainSet) }
    /// `mnist.test`: 10,000 digits.
    public func test() throws -> Dataset { try get("test", testLock, \.testSet) }

    /// True once both splits are in memory.
    public var isLoaded: Bool {
        lock.lock(); defer { lock.unlock() }
        return trainSet != nil && testSet != nil
    }

    /// Starts loading both splits on background threads; later calls wait for them.
    public func prefetch() {
        Thread { _ = try? self.test() }.start()
        Thread { _ = try? self.train() }.start()
    }

    private func get(_ split: String, _ splitLock: NSLock, _ slot: ReferenceWritableKeyPath<LazyMNIST, Dataset?>) throws -> Dataset {
        // One lock per split: the first caller loads while others wait; the
        // short `lock` guards the cached value itself.
        splitLock.lock(); defer { splitLock.unlock() }
        lock.lock()
        if let d = self[keyPath: slot] { lock.unlock(); return d }
        lock.unlock()
        let d = try MNIST.loadSplit(split, directory: directory)
        lock.lock(); self[keyPath: slot] = d; lock.unlock()
        return d
    }
}
