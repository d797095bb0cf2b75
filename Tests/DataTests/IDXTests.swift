import Testing
@testable import Data
import Tensor

/// IDX files written by the tests: raw and gzip, good and broken.
@Suite struct IDXTests {
    /// Three 2×2 images with pixels 0…11, labels 7, 8, 9.
    let pixels: [UInt8] = Array(0..<12)
    var images: [UInt8] { idxBytes(dims: [3, 2, 2], payload: pixels) }
    var labels: [UInt8] { idxBytes(dims: [3], payload: [7, 8, 9]) }

    @Test func rawAndGzipLoadTheSame() throws {
        let dir = try TempDir()
        let ri = try dir.write("img.idx", images), rl = try dir.write("lab.idx", labels)
        let gi = try dir.write("img.idx.gz", gzip(images)), gl = try dir.write("lab.idx.gz", gzip(labels))
        for (i, l) in [(ri, rl), (gi, gl)] {
            let d = try IDX.load(images: i, labels: l)
            #expect(d.count == 3)
            #expect(d.imageShape == [1, 2, 2])
            #expect(d.labels == [7, 8, 9])
            #expect(try d.pixels(at: 2) == [8, 9, 10, 11])
            #expect(d.classes == 10)
        }
        #expect(try IDX.load(images: gi, labels: nil).labels == nil)
        #expect(try IDX.load(images: gi, labels: nil, name: "mine").name == "mine")
    }

    @Test func concatenatedGzipMembers() throws {
        // `cat a.gz b.gz` is one valid gzip file holding a followed by b.
        let dir = try TempDir()
        let p = try dir.write("cat.idx.gz", gzip(Array(images.prefix(10))) + gzip(Array(images.dropFirst(10))))
        #expect(try IDX.load(images: p, labels: nil).pixels(at: 1) == [4, 5, 6, 7])
        #expect(try Gzip.readFile(p).count == images.count)
    }

    @Test func otherRanks() throws {
        let dir = try TempDir()
        let flat = try dir.write("flat.idx", idxBytes(dims: [2, 3], payload: [1, 2, 3, 4, 5, 6]))
        #expect(try IDX.load(images: flat, labels: nil).imageShape == [1, 1, 3])
        let chw = try dir.write("chw.idx", idxBytes(dims: [1, 2, 2, 2], payload: [1, 2, 3, 4, 5, 6, 7, 8]))
        #expect(try IDX.load(images: chw, labels: nil).imageShape == [2, 2, 2])
        // N×H×W×C with C = 3 is transposed to C×H×W.
        let hwc = try dir.write("hwc.idx", idxBytes(dims: [1, 2, 2, 3], payload: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))
        let d = try IDX.load(images: hwc, labels: nil)
        #expect(d.imageShape == [3, 2, 2])
        #expect(try d.pixels(at: 0) == [1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12])
        // 32-bit integer labels.
        let l32 = try dir.write("l32.idx", idxBytes(type: 0x0C, dims: [2], payload: [0, 0, 0, 3, 0, 0, 1, 0]))
        #expect(try IDX.load(images: flat, labels: l32).labels == [3, 256])
    }

    @Test func truncatedFiles() throws {
        let dir = try TempDir()
        let short = try dir.write("short.idx", Array(images.dropLast(5)))
        #expect(thrown { _ = try IDX.load(images: short, labels: nil) }
                == "\(short): byte 16: expected 12 bytes of unsigned byte data for dimensions 3×2×2, found 7 (file truncated?)")
        let header = try dir.write("header.idx", Array(images.prefix(9)))
        #expect(thrown { _ = try IDX.load(images: header, labels: nil) }
                == "\(header): byte 9: expected 3 dimensions (16 header bytes), file ends after 9 bytes")
        let tiny = try dir.write("tiny.idx", [0, 0])
        #expect(thrown { _ = try IDX.load(images: tiny, labels: nil) }
                == "\(tiny): byte 2: expected a 4-byte IDX magic number, file has only 2 bytes")
        let gz = gzip(images)
        let cut = try dir.write("cut.idx.gz", Array(gz.prefix(gz.count - 12)))
        #expect(thrown { _ = try IDX.load(images: cut, labels: nil) }.hasPrefix("\(cut): byte \(gz.count - 12): gzip data ends early (file truncated?) after "))
        let extra = try dir.write("extra.idx", images + [1, 2])
        #expect(thrown { _ = try IDX.load(images: extra, labels: nil) }
                == "\(extra): byte 28: 2 unexpected bytes after the data for dimensions 3×2×2")
    }

    @Test func wrongMagicNumbers() throws {
        let dir = try TempDir()
        let png = try dir.write("x.idx", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0])
        #expect(thrown { _ = try IDX.load(images: png, labels: nil) }
                == "\(png): byte 0: not an IDX file: magic number is 89 50 4e 47, expected 00 00 <type> <dims>")
        let type = try dir.write("t.idx", [0, 0, 0x07, 1, 0, 0, 0, 0])
        #expect(thrown { _ = try IDX.load(images: type, labels: nil) } == "\(type): byte 2: unknown IDX type code 0x07")
        let floats = try dir.write("f.idx", idxBytes(type: 0x0D, dims: [1, 1], payload: [0, 0, 0, 0]))
        #expect(thrown { _ = try IDX.load(images: floats, labels: nil) }
                == "\(floats): byte 2: images must be unsigned bytes, found 32-bit float")
        let img = try dir.write("img.idx", images)
        #expect(thrown { _ = try IDX.load(images: img, labels: img) }
                == "\(img): byte 3: labels must be one number per image, found dimensions 3×2×2")
        let bad = try dir.write("bad.gz", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0])
        #expect(thrown { _ = try IDX.load(images: bad, labels: nil) } == "\(bad): byte 11: corrupt gzip data (invalid block type)")
    }

    @Test func mismatchedCounts() throws {
        let dir = try TempDir()
        let img = try dir.write("img.idx", images)
        let lab = try dir.write("lab.idx", idxBytes(dims: [2], payload: [1, 2]))
        #expect(thrown { _ = try IDX.load(images: img, labels: lab) } == "\(lab): byte 4: has 2 labels but \(img) has 3 images")
    }

    @Test func absurdDimensionsAreRefusedNotAllocated() throws {
        let dir = try TempDir()
        let huge = try dir.write("huge.idx", [0, 0, 8, 3, 0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 2])
        #expect(thrown { _ = try IDX.load(images: huge, labels: nil) }
                == "\(huge): byte 4: dimensions 2147483647×2147483647×2 are too large (over 1,073,741,824 bytes)")
    }

    @Test func zeroSizedImagesAreRefused() throws {
        let dir = try TempDir()
        let zero = try dir.write("zero.idx", idxBytes(dims: [2, 0, 5], payload: []))
        #expect(thrown { _ = try IDX.load(images: zero, labels: nil) } == "\(zero): byte 8: image dimensions 1×0×5 must all be positive")
    }

    @Test func gzipBombsStopAtTheLimit() throws {
        // 1 GiB + 1 of zeros compresses to ~1 MB; deflating it here would take
        // seconds, so check the limit on the parser's side instead: a header
        // declaring more than 1 GiB is refused before anything is allocated.
        let dir = try TempDir()
        let big = try dir.write("big.idx", [0, 0, 8, 2, 0, 1, 0, 0, 0, 0, 0x40, 1])
        #expect(thrown { _ = try IDX.load(images: big, labels: nil) } == "\(big): byte 4: dimensions 65536×16385 are too large (over 1,073,741,824 bytes)")
    }

    @Test func writeThenRead() throws {
        let dir = try TempDir()
        let p = dir.file("w.idx")
        try IDX.write(pixels, dims: [3, 2, 2], to: p)
        #expect(try IDX.load(images: p, labels: nil).pixels(at: 1) == [4, 5, 6, 7])
    }

    @Test func missingFile() {
        #expect(thrown { _ = try IDX.read("/nonexistent/x.idx") } == "/nonexistent/x.idx: cannot open (No such file or directory)")
        #expect(thrown { _ = try IDX.read("/tmp") } == "/tmp: is a directory, not a file")
    }
}
