import Foundation
import Testing
@testable import Data
import Tensor

@Suite struct ImageFolderTests {
    func gray(_ w: Int, _ h: Int, _ v: UInt8) -> PNG.Pixels {
        PNG.Pixels(width: w, height: h, channels: 1, bytes: [UInt8](repeating: v, count: w * h))
    }

    @Test func sortedFoldersAreLabels() throws {
        let dir = try TempDir()
        try PNG.write(gray(3, 2, 10), to: dir.file("b_square/1.png").ensuringFolder())
        try PNG.write(gray(3, 2, 20), to: dir.file("b_square/0.PNG"))
        try PNG.write(gray(3, 2, 30), to: dir.file("a_circle/x.png").ensuringFolder())
        try dir.write("a_circle/notes.txt", text: "skipped")
        try dir.write(".hidden/x.png", [1])
        let d = try ImageFolder.load(dir.path, name: "shapes")
        #expect(d.classNames == ["a_circle", "b_square"])
        #expect(d.count == 3)
        #expect(d.labels == [0, 1, 1])
        #expect(d.imageShape == [1, 2, 3])
        #expect(try d.pixels(at: 0) == [UInt8](repeating: 30, count: 6))
        #expect(try d.pixels(at: 1) == [UInt8](repeating: 20, count: 6))   // "0.PNG" sorts before "1.png"
        #expect(d.description == "shapes: 3 images 1×2×3, labels 0, 1 (a_circle, b_square)")
    }

    @Test func colourImagesMakeAnRGBDataset() throws {
        let dir = try TempDir()
        try PNG.write(gray(1, 1, 100), to: dir.file("g/a.png").ensuringFolder())
        try PNG.write(PNG.Pixels(width: 1, height: 1, channels: 3, bytes: [255, 0, 10]), to: dir.file("c/a.png").ensuringFolder())
        let d = try ImageFolder.load(dir.path)
        #expect(d.imageShape == [3, 1, 1])
        #expect(try d.pixels(at: 0) == [255, 0, 10])      // "c" sorts first
        #expect(try d.pixels(at: 1) == [100, 100, 100])   // gray replicated by libpng
        #expect(try ImageFolder.load(dir.path, channels: 1).imageShape == [1, 1, 1])
    }

    @Test func errorsNameTheFile() throws {
        let dir = try TempDir()
        try PNG.write(gray(2, 2, 1), to: dir.file("a/1.png").ensuringFolder())
        try PNG.write(gray(3, 2, 1), to: dir.file("b/1.png").ensuringFolder())
        #expect(thrown { _ = try ImageFolder.load(dir.path) }
                == "\(dir.path)/b/1.png: image is 3×2, but \(dir.path)/a/1.png is 2×2; all images must share a size (or pass size: [height, width] to resize them)")
        let broken = try TempDir()
        try broken.write("a/bad.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])
        #expect(thrown { _ = try ImageFolder.load(broken.path) }
                == "\(broken.path)/a/bad.png: byte 10: truncated PNG: the file ends inside the IHDR header (10 of 33 bytes)")
        let empty = try TempDir()
        try empty.write("a/readme.txt", text: "no images")
        #expect(thrown { _ = try ImageFolder.load(empty.path) } == "\(empty.path)/a: has no .png images")
        let flat = try TempDir()
        #expect(thrown { _ = try ImageFolder.load(flat.path) }
                == "\(flat.path): is empty; expected PNG images, or one sub-folder of PNG images per class")
        #expect(thrown { _ = try ImageFolder.load("/nonexistent") } == "/nonexistent: no such folder")
    }
}

extension String {
    /// Creates the parent folder of this path (tests write into fresh sub-folders).
    func ensuringFolder() throws -> String {
        let dir = (self as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return self
    }
}
