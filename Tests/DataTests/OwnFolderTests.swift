import Foundation
import Testing
@testable import Data
import Tensor

/// Folders of a person's own PNGs: every colour type, resizing, conversion,
/// progress and stopping, and every refusal with its exact message.
@Suite struct OwnFolderTests {
    func gray(_ w: Int, _ h: Int, _ v: UInt8) -> PNG.Pixels {
        PNG.Pixels(width: w, height: h, channels: 1, bytes: [UInt8](repeating: v, count: w * h))
    }

    @Test func everyColourType() throws {
        let dir = try TempDir()
        // 2×1 images, one per colour type, each in a class of its own.
        try PNG.write(PNG.Pixels(width: 2, height: 1, channels: 1, bytes: [10, 20]), to: dir.file("a_gray/1.png").ensuringFolder())
        try PNG.write(PNG.Pixels(width: 2, height: 1, channels: 2, bytes: [30, 255, 40, 0]), to: dir.file("b_grayalpha/1.png").ensuringFolder())
        try PNG.write(PNG.Pixels(width: 2, height: 1, channels: 3, bytes: [1, 2, 3, 4, 5, 6]), to: dir.file("c_rgb/1.png").ensuringFolder())
        try PNG.write(PNG.Pixels(width: 2, height: 1, channels: 4, bytes: [7, 8, 9, 255, 50, 60, 70, 0]), to: dir.file("d_rgba/1.png").ensuringFolder())
        try dir.write("e_palette/1.png", handMadePNG(width: 2, height: 1, bitDepth: 8, colorType: 3, rows: [[1, 0]],
                                                      palette: [255, 0, 0, 0, 0, 255]))
        try dir.write("f_gray16/1.png", handMadePNG(width: 2, height: 1, bitDepth: 16, colorType: 0, rows: [[0xFF, 0xFF, 0x80, 0x80]]))
        try dir.write("g_rgb16/1.png", handMadePNG(width: 2, height: 1, bitDepth: 16, colorType: 2,
                                                    rows: [[0, 0, 0x80, 0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]]))
        let d = try ImageFolder.load(dir.path, name: "kinds")
        #expect(d.imageShape == [3, 1, 2])      // some are colour, so all are RGB
        #expect(d.labels == [0, 1, 2, 3, 4, 5, 6])
        // CHW planes: R of both pixels, then G, then B.
        #expect(try d.pixels(at: 0) == [10, 20, 10, 20, 10, 20])        // gray replicated
        #expect(try d.pixels(at: 1) == [30, 0, 30, 0, 30, 0])           // alpha 0 composited onto black
        #expect(try d.pixels(at: 2) == [1, 4, 2, 5, 3, 6])
        #expect(try d.pixels(at: 3) == [7, 0, 8, 0, 9, 0])
        #expect(try d.pixels(at: 4) == [0, 255, 0, 0, 255, 0])          // palette index 1 (blue), then 0 (red)
        #expect(try d.pixels(at: 5) == [255, 128, 255, 128, 255, 128])  // 16-bit 0xFFFF → 255, 0x8080 → 128
        #expect(try d.pixels(at: 6) == [0, 255, 128, 0, 255, 0])
        #expect(d.summary == "kinds: 7 images 3×1×2, 7 classes: a_gray 1, b_grayalpha 1, c_rgb 1, d_rgba 1, e_palette 1, f_gray16 1, g_rgb16 1")
        // gray: true converts everything to one channel; a gray-only folder is gray by itself.
        let g = try ImageFolder.load(dir.path, channels: 1)
        #expect(g.imageShape == [1, 1, 2])
        #expect(try g.pixels(at: 0) == [10, 20])
        #expect(try g.pixels(at: 5) == [255, 128])
        let grayOnly = try TempDir()
        try grayOnly.write("x/1.png", handMadePNG(width: 2, height: 1, bitDepth: 16, colorType: 0, rows: [[0xFF, 0xFF, 0, 0]]))
        try PNG.write(PNG.Pixels(width: 2, height: 1, channels: 2, bytes: [9, 255, 8, 255]), to: grayOnly.file("y/1.png").ensuringFolder())
        let go = try ImageFolder.load(grayOnly.path)
        #expect(go.imageShape == [1, 1, 2])
        #expect(try go.pixels(at: 0) == [255, 0])
        #expect(try ImageFolder.load(grayOnly.path, channels: 3).imageShape == [3, 1, 2])
    }

    @Test func resizeAveragesWhenShrinkingAndInterpolatesWhenGrowing() throws {
        // 4×2 → 2×1: each output pixel is the mean of a 2×2 block.
        let p = PNG.Pixels(width: 4, height: 2, channels: 1, bytes: [0, 10, 100, 200,
                                                                      20, 30, 50, 50])
        #expect(Resample.resize(p, width: 2, height: 1).bytes == [15, 100])
        // 3 → 2 covers a pixel and a half each: (0·1 + 30·0.5) / 1.5 = 10, (30·0.5 + 90) / 1.5 = 70.
        let q = PNG.Pixels(width: 3, height: 1, channels: 1, bytes: [0, 30, 90])
        #expect(Resample.resize(q, width: 2, height: 1).bytes == [10, 70])
        // 2 → 4: centres at -0.25, 0.25, 0.75, 1.25 of the source; edges clamp.
        let r = PNG.Pixels(width: 2, height: 1, channels: 1, bytes: [0, 100])
        #expect(Resample.resize(r, width: 4, height: 1).bytes == [0, 25, 75, 100])
        // Channels stay separate.
        let c = PNG.Pixels(width: 2, height: 1, channels: 3, bytes: [10, 0, 255, 30, 100, 255])
        #expect(Resample.resize(c, width: 1, height: 1).bytes == [20, 50, 255])

        let dir = try TempDir()
        try PNG.write(p, to: dir.file("a/big.png").ensuringFolder())
        try PNG.write(gray(2, 1, 7), to: dir.file("a/small.png"))
        let d = try ImageFolder.load(dir.path, size: [1, 2])
        #expect(d.imageShape == [1, 1, 2])
        #expect(try d.pixels(at: 0) == [15, 100])
        #expect(try d.pixels(at: 1) == [7, 7])
        #expect(thrown { _ = try ImageFolder.load(dir.path) }
                == "\(dir.path)/a/small.png: image is 2×1, but \(dir.path)/a/big.png is 4×2; all images must share a size (or pass size: [height, width] to resize them)")
        #expect(thrown { _ = try ImageFolder.load(dir.path, size: [0, 2]) }
                == "\(dir.path): size must be [height, width] with sizes 1…4096, got [0, 2]")
    }

    @Test func skippedFilesAndUnlabelledFolders() throws {
        let dir = try TempDir()
        try PNG.write(gray(1, 1, 5), to: dir.file("cats/1.png").ensuringFolder())
        try dir.write("cats/Thumbs.db", [1, 2])
        try dir.write("README.txt", text: "my pictures")
        let loaded = try ImageFolder.load(dir.path, progress: { _, _ in }, shouldStop: { false })
        #expect(loaded.skipped == [dir.file("README.txt"), dir.file("cats/Thumbs.db")])
        #expect(loaded.dataset.count == 1)
        // PNGs directly in the folder, no sub-folders: an unlabelled dataset.
        let flat = try TempDir()
        try PNG.write(gray(1, 1, 1), to: flat.file("1.png"))
        try PNG.write(gray(1, 1, 2), to: flat.file("2.png"))
        let u = try ImageFolder.load(flat.path, name: "mine")
        #expect(u.labels == nil)
        #expect(u.summary == "mine: 2 images 1×1×1, no labels")
    }

    @Test func progressInBlocksAndStoppingKeepsNothing() throws {
        let dir = try TempDir()
        for i in 0..<300 { try PNG.write(gray(2, 2, UInt8(i % 256)), to: dir.file("c/\(1000 + i).png").ensuringFolder()) }
        var calls: [Int] = []
        let loaded = try ImageFolder.load(dir.path, progress: { done, total in #expect(total == 300); calls.append(done) },
                                          shouldStop: { false })
        #expect(calls == [0, 256, 300])
        #expect(try loaded.dataset.pixels(at: 299) == [43, 43, 43, 43])    // 299 % 256
        var polls = 0
        #expect(thrown { _ = try ImageFolder.load(dir.path, progress: { _, _ in }, shouldStop: { polls += 1; return polls > 1 }) }
                == "\(dir.path): loading stopped after 256 of 300 images; nothing was loaded")
    }

    @Test func stoppingWhileTheHeadersAreChecked() throws {
        let dir = try TempDir()
        let png = try PNG.encode(gray(1, 1, 0))
        for i in 0..<1030 { try dir.write("c/\(10_000 + i).png", png) }
        var decoded = 0
        #expect(thrown { _ = try ImageFolder.load(dir.path, progress: { d, _ in decoded = d }, shouldStop: { true }) }
                == "\(dir.path): loading stopped while checking the files (1,024 of 1,030); nothing was loaded")
        #expect(decoded == 0)
        var checked: [Int] = []
        _ = try ImageFolder.load(dir.path, progress: { _, _ in }, checking: { d, t in #expect(t == 1030); checked.append(d) },
                                 shouldStop: { false })
        #expect(checked == [1024, 1030])
    }

    @Test func badFilesAreRefusedByName() throws {
        let empty = try TempDir()
        #expect(thrown { _ = try ImageFolder.load(empty.path) }
                == "\(empty.path): is empty; expected PNG images, or one sub-folder of PNG images per class")
        let textOnly = try TempDir()
        try textOnly.write("notes.txt", text: "x")
        #expect(thrown { _ = try ImageFolder.load(textOnly.path) }
                == "\(textOnly.path): has no .png images (1 other file); expected PNG images, or one sub-folder of PNG images per class")
        #expect(thrown { _ = try ImageFolder.load(textOnly.file("notes.txt")) }
                == "\(textOnly.path)/notes.txt: is a file, not a folder; folder() takes a folder with one sub-folder of PNG images per class")

        let dir = try TempDir()
        let good = try PNG.encode(gray(4, 4, 9))
        try dir.write("a/1.png", good)
        // A .png that is something else, one cut inside its header, one cut inside its pixels.
        try dir.write("b/fake.png", Array("GIF89a not a png".utf8))
        #expect(thrown { _ = try ImageFolder.load(dir.path) } == "\(dir.path)/b/fake.png: byte 0: not a PNG file (the 8-byte PNG signature is missing)")
        try FileManager.default.removeItem(atPath: dir.file("b/fake.png"))
        try dir.write("b/cut.png", Array(good[0..<20]))
        #expect(thrown { _ = try ImageFolder.load(dir.path) } == "\(dir.path)/b/cut.png: byte 20: truncated PNG: the file ends inside the IHDR header (20 of 33 bytes)")
        try FileManager.default.removeItem(atPath: dir.file("b/cut.png"))
        try dir.write("b/short.png", Array(good[0..<(good.count - 20)]))
        #expect(thrown { _ = try ImageFolder.load(dir.path) }.hasPrefix("\(dir.path)/b/short.png: cannot read PNG ("))
    }

    @Test func headerFieldsAreChecked() throws {
        var h = try PNG.encode(gray(3, 2, 0))
        #expect(try PNG.header(h, count: 33, file: "x.png") == PNG.Header(width: 3, height: 2, bitDepth: 8, colorType: 0))
        h[25] = 5
        #expect(thrown { _ = try PNG.header(h, count: 33, file: "x.png") } == "x.png: byte 25: PNG colour type is 5, expected 0, 2, 3, 4 or 6")
        h[25] = 2; h[24] = 4
        #expect(thrown { _ = try PNG.header(h, count: 33, file: "x.png") } == "x.png: byte 24: PNG bit depth 4 is not allowed for colour type 2")
        h[24] = 8; h[16...19] = [0, 0, 0, 0]
        #expect(thrown { _ = try PNG.header(h, count: 33, file: "x.png") } == "x.png: byte 16: PNG width is 0, expected 1…16,777,216")
        h[16...19] = [0, 0, 0, 3]; h[20...23] = [0x7F, 0xFF, 0xFF, 0xFF]
        #expect(thrown { _ = try PNG.header(h, count: 33, file: "x.png") } == "x.png: byte 20: PNG height is 2147483647, expected 1…16,777,216")
        h[12] = 0x69
        #expect(thrown { _ = try PNG.header(h, count: 33, file: "x.png") } == "x.png: byte 8: not a valid PNG: the first chunk is not a 13-byte IHDR header")
    }
}
