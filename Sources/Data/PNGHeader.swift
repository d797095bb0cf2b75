#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PNG {
    /// What a PNG file's IHDR chunk says, read from its first 33 bytes only, so a
    /// folder of 50,000 images can be checked (sizes, colour) before anything is
    /// decoded or allocated.
    public struct Header: Equatable, Sendable {
        public var width: Int
        public var height: Int
        /// 1, 2, 4, 8 or 16.
        public var bitDepth: Int
        /// 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA.
        public var colorType: Int
        /// Gray (with or without alpha) rather than colour or palette.
        public var isGray: Bool { colorType == 0 || colorType == 4 }
    }

    /// Reads and checks the header of a PNG file: the signature, an IHDR chunk
    /// first, sizes 1…2^24 and a valid colour type / bit depth pair. Errors name
    /// the file and the field.
    public static func header(_ path: String) throws -> Header {
        guard let f = fopen(path, "rb") else {
            throw DataError(file: path, nil, "cannot open (\(String(cString: strerror(errno))))")
        }
        defer { fclose(f) }
        var b = [UInt8](repeating: 0, count: 33)
        let n = b.withUnsafeMutableBytes { fread($0.baseAddress, 1, 33, f) }
        return try header(b, count: n, file: path)
    }

    static func header(_ b: [UInt8], count n: Int, file: String) throws -> Header {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard n >= 8, Array(b[0..<8]) == signature else {
            throw DataError(file: file, .byte(0), "not a PNG file (the 8-byte PNG signature is missing)")
        }
        guard n >= 33 else {
            throw DataError(file: file, .byte(n), "truncated PNG: the file ends inside the IHDR header (\(n) of 33 bytes)")
        }
        func be32(_ o: Int) -> Int { Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3]) }
        guard be32(8) == 13, Array(b[12..<16]) == Array("IHDR".utf8) else {
            throw DataError(file: file, .byte(8), "not a valid PNG: the first chunk is not a 13-byte IHDR header")
        }
        let w = be32(16), h = be32(20)
        guard w >= 1, w <= 1 << 24 else { throw DataError(file: file, .byte(16), "PNG width is \(w), expected 1…16,777,216") }
        guard h >= 1, h <= 1 << 24 else { throw DataError(file: file, .byte(20), "PNG height is \(h), expected 1…16,777,216") }
        let depth = Int(b[24]), type = Int(b[25])
        let allowed: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard let depths = allowed[type] else {
            throw DataError(file: file, .byte(25), "PNG colour type is \(type), expected 0, 2, 3, 4 or 6")
        }
        guard depths.contains(depth) else {
            throw DataError(file: file, .byte(24), "PNG bit depth \(depth) is not allowed for colour type \(type)")
        }
        return Header(width: w, height: h, bitDepth: depth, colorType: type)
    }
}
