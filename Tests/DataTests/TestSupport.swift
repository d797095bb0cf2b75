import Foundation
import CZlib
@testable import Data

/// A fresh temporary folder per test, removed when the value is released.
final class TempDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "latent-data-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let p = file(name)
        let dir = (p as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: p, contents: Foundation.Data(bytes)) else {
            throw DataError(file: p, nil, "test could not write")
        }
        return p
    }

    @discardableResult
    func write(_ name: String, text: String) throws -> String { try write(name, Array(text.utf8)) }
}

/// IDX bytes: magic 00 00 type rank, big-endian dims, then the payload.
func idxBytes(type: UInt8 = 0x08, dims: [Int], payload: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0, 0, type, UInt8(dims.count)]
    for d in dims { out += [UInt8(d >> 24 & 0xff), UInt8(d >> 16 & 0xff), UInt8(d >> 8 & 0xff), UInt8(d & 0xff)] }
    return out + payload
}

/// gzip-compresses bytes with zlib (windowBits 16 + 15 writes the gzip wrapper).
func gzip(_ input: [UInt8]) -> [UInt8] {
    var s = z_stream()
    _ = deflateInit2_(&s, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                      ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    var input = input
    var out = [UInt8](repeating: 0, count: input.count + 1024)
    let produced: Int = input.withUnsafeMutableBufferPointer { inp in
        out.withUnsafeMutableBufferPointer { o in
            s.next_in = inp.baseAddress
            s.avail_in = UInt32(inp.count)
            s.next_out = o.baseAddress
            s.avail_out = UInt32(o.count)
            _ = deflate(&s, Z_FINISH)
            return o.count - Int(s.avail_out)
        }
    }
    deflateEnd(&s)
    return Array(out[..<produced])
}

/// A minimal hand-made PNG (one IDAT, filter 0 on every row), for the colour
/// types and depths libpng's simplified writer does not produce: palette, 16-bit.
func handMadePNG(width: Int, height: Int, bitDepth: UInt8, colorType: UInt8, rows: [[UInt8]],
                 palette: [UInt8]? = nil) -> [UInt8] {
    func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }
    func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
        return be32(data.count) + body + be32(Int(crc))
    }
    var raw: [UInt8] = []
    for r in rows { raw += [0] + r }
    var compressedSize = compressBound(UInt(raw.count))
    var compressed = [UInt8](repeating: 0, count: Int(compressedSize))
    _ = compress(&compressed, &compressedSize, raw, UInt(raw.count))
    var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    png += chunk("IHDR", be32(width) + be32(height) + [bitDepth, colorType, 0, 0, 0])
    if let palette { png += chunk("PLTE", palette) }
    png += chunk("IDAT", Array(compressed[..<Int(compressedSize)]))
    png += chunk("IEND", [])
    return png
}

/// The description of the error `body` throws ("no error" if it does not), so a
/// test can assert the exact one-line message: `#expect(thrown { … } == "…")`.
func thrown(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "no error"
    } catch let e as DataError {
        return e.description
    } catch {
        return "not a DataError: \(error)"
    }
}
