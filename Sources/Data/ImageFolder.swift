import Foundation

/// A dataset from a folder of PNG images, one sub-folder per class:
///
///     shapes/circle/001.png, shapes/circle/002.png, …, shapes/square/001.png, …
///
///     let shapes = try ImageFolder.load("shapes")   // classNames ["circle", "square"]
///
/// Class names are the sub-folder names sorted, and their position is the label.
/// Files not ending in `.png` and hidden entries are skipped. All images must
/// have the same size. Without `channels`, the dataset is gray (1 channel) if
/// every image is gray, else RGB (3); alpha is composited onto black.
public enum ImageFolder {
    public static func load(_ path: String, channels: Int? = nil, name: String? = nil) throws -> Dataset {
        if let channels, channels != 1 && channels != 3 {
            throw DataError(file: path, nil, "channels must be 1 or 3, got \(channels)")
        }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw DataError(file: path, nil, "no such folder")
        }
        let classNames = try entries(path).filter { isFolder(path + "/" + $0) }
        guard !classNames.isEmpty else {
            throw DataError(file: path, nil, "has no sub-folders; expected one sub-folder of PNG images per class")
        }
        var files: [String] = [], labels: [Int] = []
        for (label, cls) in classNames.enumerated() {
            let dir = path + "/" + cls
            let pngs = try entries(dir).filter { $0.lowercased().hasSuffix(".png") && !isFolder(dir + "/" + $0) }
            guard !pngs.isEmpty else { throw DataError(file: dir, nil, "has no .png images") }
            files += pngs.map { dir + "/" + $0 }
            labels += Array(repeating: label, count: pngs.count)
        }
        var images = try files.map { try PNG.readPixels($0) }
        let first = images[0]
        let c = channels ?? (images.allSatisfy { $0.channels <= 2 } ? 1 : 3)
        for (i, img) in images.enumerated() {
            guard img.width == first.width && img.height == first.height else {
                throw DataError(file: files[i], nil, "image is \(img.width)×\(img.height), but \(files[0]) is \(first.width)×\(first.height); all images must share a size")
            }
            if img.channels != c { images[i] = try PNG.readPixels(files[i], channels: c) }
        }
        let plane = first.width * first.height, per = plane * c
        let bytes = ByteBuffer(count: per * images.count)
        for (k, img) in images.enumerated() {
            let dst = bytes.pointer + k * per
            img.bytes.withUnsafeBufferPointer { src in
                for i in 0..<plane { for ch in 0..<c { dst[ch * plane + i] = src[i * c + ch] } }
            }
        }
        let store = ImageStore(bytes: bytes, offset: 0, count: images.count, imageShape: [c, first.height, first.width])
        let folderName = path.split(separator: "/").last.map(String.init) ?? path
        return try Dataset(store: store, labels: labels, name: name ?? folderName, classNames: classNames)
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
