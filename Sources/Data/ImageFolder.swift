import Tensor
import Foundation

/// A dataset from a folder of PNG images, one sub-folder per class:
///
///     shapes/circle/001.png, shapes/circle/002.png, …, shapes/square/001.png, …
///
///     let shapes = try ImageFolder.load("shapes")   // classNames ["circle", "square"]
///     let small = try ImageFolder.load("photos", channels: 3, size: [32, 32])
///
/// Class names are the sub-folder names sorted, and their position is the label.
/// A folder with PNG files and no sub-folders gives an unlabelled dataset (for
/// autoencoders). Files not ending in `.png` are skipped and counted (a folder
/// often holds a README or `Thumbs.db`); a file that ends in `.png` and is not a
/// readable PNG is refused with its name, because a damaged image is a problem the
/// person should know about. Hidden entries are ignored.
///
/// Every header is read first (33 bytes a file): sizes must agree unless `size`
/// is given (the first odd file is named), and the dataset is gray (1 channel) if
/// every image is gray, else RGB (3) — or `channels: 1 | 3`; alpha is composited
/// onto black. Then one UInt8 block is allocated and the images are decoded into
/// it on all cores, in blocks, with `progress(done, total)` after each block;
/// `shouldStop` is polled between blocks, and stopping throws (nothing is kept).
public enum ImageFolder {
    /// A loaded folder and what was left out of it.
    public struct Loaded {
        public let dataset: Dataset
        /// Files skipped because their names do not end in `.png`.
        public let skipped: [String]
    }

    /// The files a folder would load, with their labels (nil when unlabelled).
    struct Listing {
        var files: [String] = []
        var labels: [Int]? = nil
        var classNames: [String]? = nil
        var skipped: [String] = []
    }

    public static func load(_ path: String, channels: Int? = nil, size: [Int]? = nil, name: String? = nil) throws -> Dataset {
        try load(path, channels: channels, size: size, name: name, progress: { _, _ in }, shouldStop: { false }).dataset
    }

    public static func load(_ path: String, channels: Int? = nil, size: [Int]? = nil, name: String? = nil,
                            progress: (_ done: Int, _ total: Int) -> Void,
                            checking: (_ done: Int, _ total: Int) -> Void = { _, _ in },
                            shouldStop: () -> Bool) throws -> Loaded {
        if let channels, channels != 1 && channels != 3 {
            throw DataError(file: path, nil, "channels must be 1 or 3, got \(channels)")
        }
        var target: (h: Int, w: Int)? = nil
        if let size {
            guard size.count == 2, size.allSatisfy({ (1...4096).contains($0) }) else {
                throw DataError(file: path, nil, "size must be [height, width] with sizes 1…4096, got \(describeShape(size))")
            }
            target = (size[0], size[1])
        }
        let list = try listing(path)
        // Headers first (a 50,000-file folder takes seconds from a cold disk), on all
        // cores, 1,024 at a time, stoppable between blocks; the first bad file in order is named.
        let n = list.files.count
        var headers = [PNG.Header](repeating: PNG.Header(width: 0, height: 0, bitDepth: 0, colorType: 0), count: n)
        var results = [Result<PNG.Header, DataError>?](repeating: nil, count: min(n, 1024))
        var lo = 0
        while lo < n {
            if lo > 0 {
                if shouldStop() {
                    throw DataError(file: path, nil, "loading stopped while checking the files (\(formatCount(lo)) of \(formatCount(n))); nothing was loaded")
                }
                checking(lo, n)
            }
            let hi = min(n, lo + 1024), files = list.files
            let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
            results.withUnsafeMutableBufferPointer { out in
                DispatchQueue.concurrentPerform(iterations: workers) { k in
                    var i = lo + k
                    while i < hi {
                        do { out[i - lo] = .success(try PNG.header(files[i])) } catch let e as DataError {
                            out[i - lo] = .failure(e)
                        } catch {
                            out[i - lo] = .failure(DataError(file: files[i], nil, "\(error)"))
                        }
                        i += workers
                    }
                }
            }
            for i in lo..<hi {
                switch results[i - lo] {
                case .success(let h)?: headers[i] = h
                case .failure(let e)?: throw e
                case nil: throw DataError(file: list.files[i], nil, "was not checked")
                }
            }
            lo = hi
        }
        if n >= 1024 { checking(n, n) }
        let first = headers[0]
        let (h, w) = target ?? (first.height, first.width)
        if target == nil, let i = headers.firstIndex(where: { $0.width != first.width || $0.height != first.height }) {
            throw DataError(file: list.files[i], nil, "image is \(headers[i].width)×\(headers[i].height), but \(list.files[0]) is \(first.width)×\(first.height); all images must share a size (or pass size: [height, width] to resize them)")
        }
        let c = channels ?? (headers.allSatisfy { $0.isGray } ? 1 : 3)
        let per = c * h * w
        let (total, overflow) = per.multipliedReportingOverflow(by: list.files.count)
        guard !overflow, total <= FileBytes.maxBytes else {
            throw DataError(file: path, nil, "\(formatCount(list.files.count)) images of \(c)×\(h)×\(w) would take over \(formatCount(FileBytes.maxBytes)) bytes; pass a smaller size:")
        }
        let bytes = ByteBuffer(count: total)
        try decodeAll(list.files, into: bytes, channels: c, height: h, width: w, progress: progress, shouldStop: shouldStop, folder: path)
        let store = ImageStore(bytes: bytes, offset: 0, count: list.files.count, imageShape: [c, h, w])
        let folderName = path.split(separator: "/").last.map(String.init) ?? path
        let d = try Dataset(store: store, labels: list.labels, name: name ?? folderName, classNames: list.classNames)
        return Loaded(dataset: d, skipped: list.skipped)
    }

    /// Decodes every file into its slot of `bytes` (C×H×W each), a block of
    /// images at a time spread over the cores. The first failing file (in
    /// order) is reported.
    static func decodeAll(_ files: [String], into bytes: ByteBuffer, channels c: Int, height h: Int, width w: Int,
                          progress: (Int, Int) -> Void, shouldStop: () -> Bool, folder: String) throws {
        let n = files.count, per = c * h * w, block = 256
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let failures = UnsafeMutableBufferPointer<DataError?>.allocate(capacity: block)
        defer { failures.deallocate() }
        progress(0, n)
        var done = 0
        while done < n {
            if shouldStop() {
                throw DataError(file: folder, nil, "loading stopped after \(formatCount(done)) of \(formatCount(n)) images; nothing was loaded")
            }
            let lo = done, hi = min(n, done + block)
            failures.initialize(repeating: nil)
            DispatchQueue.concurrentPerform(iterations: workers) { k in
                var i = lo + k
                while i < hi {
                    do {
                        try decode(files[i], into: bytes.pointer + i * per, channels: c, height: h, width: w)
                    } catch let e as DataError {
                        failures[i - lo] = e
                    } catch {
                        failures[i - lo] = DataError(file: files[i], nil, "\(error)")
                    }
                    i += workers
                }
            }
            if let e = failures[0..<(hi - lo)].first(where: { $0 != nil }) ?? nil { throw e }
            done = hi
            progress(done, n)
        }
    }

    /// One image: decoded with `c` channels, resized if needed, de-interleaved into `dst`.
    static func decode(_ file: String, into dst: UnsafeMutablePointer<UInt8>, channels c: Int, height h: Int, width w: Int) throws {
        var p = try PNG.readPixels(file, channels: c)
        if p.width != w || p.height != h { p = Resample.resize(p, width: w, height: h) }
        let plane = w * h
        p.bytes.withUnsafeBufferPointer { src in
            if c == 1 { dst.update(from: src.baseAddress!, count: plane); return }
            for i in 0..<plane { for ch in 0..<c { dst[ch * plane + i] = src[i * c + ch] } }
        }
    }

    /// The PNG files of a folder and their labels; errors for a folder that is
    /// missing, empty, or has a class folder without images.
    static func listing(_ path: String) throws -> Listing {
        guard isFolder(path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw DataError(file: path, nil, "is a file, not a folder; folder() takes a folder with one sub-folder of PNG images per class")
            }
            throw DataError(file: path, nil, "no such folder")
        }
        let names = try entries(path)
        let classNames = names.filter { isFolder(path + "/" + $0) }
        var list = Listing()
        func pngs(_ dir: String, _ names: [String]) -> [String] {
            var out: [String] = []
            for n in names where !isFolder(dir + "/" + n) {
                if n.lowercased().hasSuffix(".png") { out.append(dir + "/" + n) } else { list.skipped.append(dir + "/" + n) }
            }
            return out
        }
        if classNames.isEmpty {
            list.files = pngs(path, names)
            guard !list.files.isEmpty else {
                throw DataError(file: path, nil, names.isEmpty
                    ? "is empty; expected PNG images, or one sub-folder of PNG images per class"
                    : "has no .png images (\(formatCount(list.skipped.count)) other file\(list.skipped.count == 1 ? "" : "s")); expected PNG images, or one sub-folder of PNG images per class")
            }
            return list
        }
        list.classNames = classNames
        var labels: [Int] = []
        list.skipped = names.filter { !isFolder(path + "/" + $0) }.map { path + "/" + $0 }
        for (label, cls) in classNames.enumerated() {
            let dir = path + "/" + cls
            let files = pngs(dir, try entries(dir))
            guard !files.isEmpty else { throw DataError(file: dir, nil, "has no .png images") }
            list.files += files
            labels += Array(repeating: label, count: files.count)
        }
        list.labels = labels
        return list
    }

    /// Visible entries of a folder, sorted by name.
    static func entries(_ dir: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw DataError(file: dir, nil, "cannot list folder")
        }
    }

    static func isFolder(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
