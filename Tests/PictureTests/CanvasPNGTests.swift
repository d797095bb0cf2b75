import Testing
import Foundation
import Data
import Tensor
@testable import Picture

/// Pixels of written PNGs, read back through Data's libpng reader.
@Suite struct CanvasPNGTests {
    static func tempPath(_ name: String) -> String {
        "/tmp/latent-picture-tests-\(getpid())-\(name).png"
    }

    @Test func gridPixelsSurviveAPNGRoundTrip() throws {
        // Four 2×3 gray images: image i has value i/3 everywhere except pixel (0,0) = 1.
        var scalars: [Float] = []
        for i in 0..<4 {
            var img = [Float](repeating: Float(i) / 3, count: 6)
            img[0] = 1
            scalars += img
        }
        let batch = try Tensor(shape: [4, 1, 2, 3], scalars: scalars)
        let canvas = try Picture.grid(batch, columns: 2, gap: 1, range: .unit)
        #expect(canvas.width == 2 * 3 + 1)
        #expect(canvas.height == 2 * 2 + 1)

        let path = Self.tempPath("grid")
        defer { unlink(path) }
        try canvas.writePNG(to: path)
        let back = try PNG.readPixels(path, channels: 3)
        #expect(back.width == 7 && back.height == 5 && back.channels == 3)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(back.bytes[(3 * (y * 7 + x))..<(3 * (y * 7 + x) + 3)]) }
        let levels: [UInt8] = [0, 85, 170, 255]
        for i in 0..<4 {
            let ox = (i % 2) * 4, oy = (i / 2) * 3
            #expect(pixel(ox, oy) == [255, 255, 255], "tile \(i) corner")
            #expect(pixel(ox + 2, oy + 1) == [levels[i], levels[i], levels[i]], "tile \(i) body")
        }
        // The gap column and row are mid gray.
        #expect(pixel(3, 0) == [128, 128, 128])
        #expect(pixel(0, 2) == [128, 128, 128])
    }

    @Test func canvasRoundTripsThroughPNGBytes() throws {
        var c = Canvas(width: 5, height: 4, background: .black)
        c[1, 1] = RGB(hex: 0x1f77b4)
        c[4, 3] = RGB(10, 200, 30)
        let bytes = try c.pngBytes()
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let back = try Canvas(pixels: PNG.decode(bytes, channels: 3))
        #expect(back.pixels == c.pixels)
    }

    @Test func nearestNeighbourScalingMakesSquares() {
        var c = Canvas(width: 2, height: 1)
        c[0, 0] = .black
        let big = c.scaled(by: 3)
        #expect(big.width == 6 && big.height == 3)
        #expect((0..<3).allSatisfy { y in (0..<3).allSatisfy { big[$0, y] == .black } })
        #expect(big[3, 2] == .white)
    }

    @Test func canvasTensorIsThreeChannelsInUnitRange() throws {
        var c = Canvas(width: 2, height: 1)
        c[1, 0] = RGB(255, 0, 51)
        let t = c.tensor()
        #expect(t.shape == [3, 1, 2])
        #expect(t.scalars == [1, 1, 1, 0, 1, 0.2])
        #expect(try Canvas(tensor: t) == c)
    }

    @Test func emptyCanvasCannotBeSaved() {
        #expect(throws: PictureError.self) { try Canvas(width: 0, height: 3).writePNG(to: Self.tempPath("empty")) }
    }
}
