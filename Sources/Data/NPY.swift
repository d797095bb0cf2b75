import Tensor

/// NumPy `.npy` files, to exchange tensors with Python.
///
///     try NPY.write(weights, to: "w.npy")      // np.load("w.npy") → float32 array
///     let x = try NPY.read("x.npy")            // float32/float64/uint8/int32/int64 → Float
///
/// Written as format 1.0, `<f4`, C order. Reading accepts versions 1–3,
/// little-endian `f4`, `f8`, `u1`, `i1`, `i4`, `i8` and Fortran order, and refuses
/// any header whose shape does not match the data length exactly.
public enum NPY {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// The file bytes for a tensor.
    public static func encode(_ t: Tensor) -> [UInt8] {
        let shapeText: String
        switch t.shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(t.shape[0]),)"
        default: shapeText = "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad with spaces so the data starts on a 64-byte boundary, ending in "\n".
        let unpadded = magic.count + 4 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = magic + [1, 0]
        let h = header.utf8.count
        out += [UInt8(h & 0xff), UInt8(h >> 8)]
        out += Array(header.utf8)
        let n = t.count
        let p = t.plain
        out.reserveCapacity(out.count + 4 * n)
        for i in 0..<n {
            let bits = p[i].bitPattern.littleEndian
            withUnsafeBytes(of: bits) { out += $0 }
        }
        return out
    }

    public static func write(_ t: Tensor, to path: String) throws {
        try FileBytes.write(encode(t), to: path)
    }

    public static func read(_ path: String) throws -> Tensor {
        let b = try FileBytes.read(path)
        return try decode(UnsafeRawBufferPointer(start: b.pointer, count: b.count), file: path)
    }

    /// Parses `.npy` bytes held in memory.
    public static func decode(_ bytes: [UInt8], file: String = "npy data") throws -> Tensor {
        try bytes.withUnsafeBytes { try decode($0, file: file) }
    }

    static func decode(_ b: UnsafeRawBufferPointer, file: String) throws -> Tensor {
        guard b.count >= 10, Array(b.prefix(6)) == magic else {
            throw DataError(file: file, .byte(0), "not a .npy file (expected the magic \\x93NUMPY)")
        }
        let major = b[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(b[8]) | Int(b[9]) << 8
            headerStart = 10
        case 2, 3:
            guard b.count >= 12 else { throw DataError(file: file, .byte(b.count), "header length is cut off") }
            headerLength = Int(b[8]) | Int(b[9]) << 8 | Int(b[10]) << 16 | Int(b[11]) << 24
            headerStart = 12
        default:
            throw DataError(file: file, .byte(6), "unsupported .npy version \(major).\(b[7])")
        }
        guard headerLength <= 1 << 20, headerStart + headerLength <= b.count else {
            throw DataError(file: file, .byte(headerStart), "header of \(formatCount(headerLength)) bytes runs past the end of the file (\(formatCount(b.count)) bytes)")
        }
        let text = String(decoding: b[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        let header = try NPYHeader(parsing: text, file: file, offset: headerStart)
        let count = try checkedCount(header.shape, file: file, offset: headerStart)
        let dataStart = headerStart + headerLength
        let expected = count * header.itemSize
        let found = b.count - dataStart
        guard found == expected else {
            throw DataError(file: file, .byte(dataStart),
                            "shape \(describeShape(header.shape)) of \(header.descr) needs \(formatCount(expected)) data bytes, found \(formatCount(found))")
        }
        let t = Tensor.empty(header.shape)
        let dst = t.storage.pointer
        let src = b.baseAddress! + dataStart  // non-nil: b.count >= 10
        for i in 0..<count { dst[i] = header.load(src, i) }
        if header.fortranOrder && header.shape.count > 1 { return fortranToC(t) }
        return t
    }

    static func checkedCount(_ shape: [Int], file: String, offset: Int) throws -> Int {
        do { return try Tensor.checkedCount(shape, op: "npy") } catch {
            throw DataError(file: file, .byte(offset), "shape \(describeShape(shape)) is too large")
        }
    }

    /// Values laid out column-major (first index fastest) → row-major.
    static func fortranToC(_ t: Tensor) -> Tensor {
        let shape = t.shape, r = shape.count, n = t.count
        var fStride = [Int](repeating: 1, count: r)
        for k in 1..<r { fStride[k] = fStride[k - 1] * shape[k - 1] }
        let out = Tensor.empty(shape)
        let src = t.storage.pointer, dst = out.storage.pointer
        var idx = [Int](repeating: 0, count: r)
        for i in 0..<n {
            var off = 0
            for k in 0..<r { off += idx[k] * fStride[k] }
            dst[i] = src[off]
            var k = r - 1
            while k >= 0 {
                idx[k] += 1
                if idx[k] < shape[k] { break }
                idx[k] = 0
                k -= 1
            }
        }
        return out
    }
}
