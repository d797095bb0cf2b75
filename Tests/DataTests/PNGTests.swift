import Testing
@testable import Data
import Tensor

@Suite struct PNGTests {
    /// A 5×4 grid where pixel (x, y) has gray level 10·x + 60·y: every value distinct.
    func grid() throws -> Tensor {
        var v: [Float] = []
        for y in 0..<4 { for x in 0..<5 { v.append(Float(10 * x + 60 * y) / 255) } }
        return try Tensor(shape: [1, 4, 5], scalars: v)
    }

    @Test func grayRoundTripIsPixelExact() throws {
        let dir = try TempDir()
        let p = dir.file("grid.png")
        let t = try grid()
        try PNG.write(t, to: p)
        let back = try PNG.read(p)
        #expect(back.shape == [1, 4, 5])
        #expect(back.scalars == t.scalars)
        let px = try PNG.readPixels(p)
        #expect(px.channels == 1 && px.width == 5 && px.height == 4)
        #expect(px.bytes[5 * 3 + 4] == 220)
        // [H, W] and [1, 1, H, W] write the same picture.
        try PNG.write(try Tensor(shape: [4, 5], scalars: t.scalars), to: p)
        #expect(try PNG.read(p).scalars == t.scalars)
        try PNG.write(try Tensor(shape: [1, 1, 4, 5], scalars: t.scalars), to: p)
        #expect(try PNG.read(p).scalars == t.scalars)
    }

    @Test func rgbAndRGBARoundTrip() throws {
        let dir = try TempDir()
        var v: [Float] = []
        for c in 0..<3 { for i in 0..<6 { v.append(Float(40 * c + 7 * i) / 255) } }
        let t = try Tensor(shape: [3, 2, 3], scalars: v)
        try PNG.write(t, to: dir.file("rgb.png"))
        #expect(try PNG.read(dir.file("rgb.png")).scalars == v)
        #expect(try PNG.read(dir.file("rgb.png")).shape == [3, 2, 3])
        let rgba = PNG.Pixels(width: 2, height: 1, channels: 4, bytes: [1, 2, 3, 255, 4, 5, 6, 255])
        try PNG.write(rgba, to: dir.file("rgba.png"))
        #expect(try PNG.readPixels(dir.file("rgba.png")) == rgba)
        #expect(try PNG.readPixels(dir.file("rgba.png"), channels: 3).bytes == [1, 2, 3, 4, 5, 6])
        // In-memory encode/decode is the same as the file.
        #expect(try PNG.decode(PNG.encode(rgba)) == rgba)
    }

    @Test func incompressibleNoiseRoundTrips() throws {
        var rng = RandomGenerator(seed: 5)
        let noise = PNG.Pixels(width: 300, height: 200, channels: 3,
                               bytes: (0..<(300 * 200 * 3)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        #expect(try PNG.decode(PNG.encode(noise)) == noise)
        let one = PNG.Pixels(width: 1, height: 1, channels: 1, bytes: [42])
        #expect(try PNG.decode(PNG.encode(one)) == one)
    }

    @Test func clampsAndNaN() throws {
        let t = try Tensor(shape: [1, 1, 4], scalars: [-1, 2, .nan, 0.5])
        #expect(try PNG.pixels(of: t).bytes == [0, 255, 0, 128])
    }

    @Test func paletteAnd16BitFiles() throws {
        let dir = try TempDir()
        // Palette image: 2×1, indices 1 and 0 into [red, green].
        let pal = handMadePNG(width: 2, height: 1, bitDepth: 8, colorType: 3, rows: [[1, 0]], palette: [255, 0, 0, 0, 255, 0])
        let pp = try dir.write("pal.png", pal)
        let p = try PNG.readPixels(pp)
        #expect(p.channels == 3)
        #expect(p.bytes == [0, 255, 0, 255, 0, 0])
        #expect(try PNG.read(pp).shape == [3, 1, 2])
        // 16-bit gray: 0x0000, 0x8080, 0xFFFF → 0, 128, 255.
        let g16 = handMadePNG(width: 3, height: 1, bitDepth: 16, colorType: 0, rows: [[0, 0, 0x80, 0x80, 0xff, 0xff]])
        let gp = try dir.write("g16.png", g16)
        #expect(try PNG.readPixels(gp).bytes == [0, 128, 255])
        // 16-bit RGB read as gray.
        let c16 = handMadePNG(width: 1, height: 1, bitDepth: 16, colorType: 2, rows: [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff]])
        #expect(try PNG.readPixels(try dir.write("c16.png", c16), channels: 1).bytes == [255])
    }

    @Test func badInputsAreErrors() throws {
        let dir = try TempDir()
        let notPNG = try dir.write("x.png", text: "hello world")
        #expect(thrown { _ = try PNG.read(notPNG) } == "\(notPNG): byte 0: not a PNG file (the 8-byte PNG signature is missing)")
        let t = try grid()
        var truncated = try PNG.encode(PNG.pixels(of: t))
        truncated.removeLast(30)
        let tp = try dir.write("t.png", truncated)
        #expect(thrown { _ = try PNG.read(tp) }.hasPrefix("\(tp): cannot read PNG ("))
        let wrong = try Tensor(zeros: [2, 3, 3])
        #expect(thrown { try PNG.write(wrong, to: dir.file("w.png")) }
                == "\(dir.file("w.png")): an image tensor must be [H, W], [1, H, W] or [3, H, W], got [2, 3, 3]")
        #expect(thrown { _ = try PNG.encode(PNG.Pixels(width: 2, height: 2, channels: 1, bytes: [1])) }
                == "PNG: 2×2×1 pixels need 4 bytes, got 1")
        #expect(thrown { try PNG.write(t, to: "/nonexistent/dir/x.png") }
                == "/nonexistent/dir/x.png: cannot write (No such file or directory)")
        #expect(thrown { _ = try PNG.read(notPNG, channels: 5) } == "\(notPNG): cannot read as 5 channels (1–4)")
    }
}
