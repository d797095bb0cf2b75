import Tensor
/// The IDX format of the MNIST files: a magic number (two zero bytes, a type code,
/// the number of dimensions), the dimensions as big-endian 32-bit integers, then
/// the values in row-major order.
///
///     let digits = try IDX.load(images: "train-images-idx3-ubyte.gz",
///                               labels: "train-labels-idx1-ubyte.gz", name: "mnist.train")
///
/// Files may be gzip-compressed or raw. Images must be unsigned bytes; labels may
/// be unsigned bytes or 32-bit integers.
public enum IDX {
    /// One parsed IDX file: its dimensions and where the values start in `bytes`.
    public struct Contents {
        public let file: String
        public let type: UInt8
        public let dims: [Int]
        public let bytes: ByteBuffer
        public let offset: Int
        public var count: Int { dims.reduce(1, *) }
    }

    static func typeName(_ code: UInt8) -> String {
        switch code {
        case 0x08: return "unsigned byte"
        case 0x09: return "signed byte"
        case 0x0B: return "16-bit integer"
        case 0x0C: return "32-bit integer"
        case 0x0D: return "32-bit float"
        case 0x0E: return "64-bit float"
        default: return "unknown type 0x" + String(code, radix: 16)
        }
    }

    static func elementSize(_ code: UInt8) -> Int? {
        switch code {
        case 0x08, 0x09: return 1
        case 0x0B: return 2
        case 0x0C, 0x0D: return 4
        case 0x0E: return 8
        default: return nil
        }
    }

    /// Reads and validates one IDX file (header, dimensions, exact data length).
    public static func read(_ path: String) throws -> Contents {
        try parse(Gzip.readFile(path), file: path)
    }

    static func parse(_ b: ByteBuffer, file: String) throws -> Contents {
        guard b.count >= 4 else {
            throw DataError(file: file, .byte(b.count), "expected a 4-byte IDX magic number, file has only \(b.count) bytes")
        }
        guard b[0] == 0, b[1] == 0 else {
            let hex = (0..<4).map { hexByte(b[$0]) }.joined(separator: " ")
            throw DataError(file: file, .byte(0), "not an IDX file: magic number is \(hex), expected 00 00 <type> <dims>")
        }
        let type = b[2], rank = Int(b[3])
        guard let size = elementSize(type) else {
            throw DataError(file: file, .byte(2), "unknown IDX type code 0x\(hexByte(type))")
        }
        guard rank >= 1 else { throw DataError(file: file, .byte(3), "IDX file declares 0 dimensions") }
        let headerEnd = 4 + 4 * rank
        guard b.count >= headerEnd else {
            throw DataError(file: file, .byte(b.count), "expected \(rank) dimensions (\(headerEnd) header bytes), file ends after \(b.count) bytes")
        }
        let dims = (0..<rank).map { i -> Int in
            let o = 4 + 4 * i
            return Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3])
        }
        var total = size
        for d in dims {
            let (m, overflow) = total.multipliedReportingOverflow(by: d)
            guard !overflow, m <= FileBytes.maxBytes else {
                throw DataError(file: file, .byte(4), "dimensions \(describeDims(dims)) are too large (over \(formatCount(FileBytes.maxBytes)) bytes)")
            }
            total = m
        }
        let expected = total
        let found = b.count - headerEnd
        guard found >= expected else {
            throw DataError(file: file, .byte(headerEnd),
                            "expected \(formatCount(expected)) bytes of \(typeName(type)) data for dimensions \(describeDims(dims)), found \(formatCount(found)) (file truncated?)")
        }
        guard found == expected else {
            throw DataError(file: file, .byte(headerEnd + expected),
                            "\(formatCount(found - expected)) unexpected bytes after the data for dimensions \(describeDims(dims))")
        }
        return Contents(file: file, type: type, dims: dims, bytes: b, offset: headerEnd)
    }

    /// Loads an image file and, optionally, its label file as a dataset.
    ///
    /// Image files of rank 2 (N×D) become 1×1×D images, rank 3 (N×H×W) 1×H×W, and
    /// rank 4 N×C×H×W; a rank-4 file whose last dimension is 1, 3 or 4 and whose
    /// second is not is taken as N×H×W×C and transposed once at load.
    /// `classes` (or `classNames`) bounds the labels: one ≥ it is refused with its byte.
    public static func load(images: String, labels: String?, name: String? = nil,
                            classNames: [String]? = nil, classes: Int? = nil) throws -> Dataset {
        if let classes, !(1...(Dataset.maxLabel + 1)).contains(classes) {
            throw DataError(file: images, nil, "classes must be between 1 and \(formatCount(Dataset.maxLabel + 1)), got \(classes)")
        }
        let img = try read(images)
        guard img.type == 0x08 else {
            throw DataError(file: images, .byte(2), "images must be unsigned bytes, found \(typeName(img.type))")
        }
        let n = img.dims[0]
        guard n >= 1 else { throw DataError(file: images, .byte(4), "has no images (the count is 0)") }
        var shape: [Int]
        var pixels = img.bytes, offset = img.offset
        switch img.dims.count {
        case 1: throw DataError(file: images, .byte(3), "images need at least 2 dimensions (count and pixels), found 1")
        case 2: shape = [1, 1, img.dims[1]]
        case 3: shape = [1, img.dims[1], img.dims[2]]
        case 4:
            let d = img.dims
            if [1, 3, 4].contains(d[3]) && ![1, 3, 4].contains(d[1]) {
                shape = [d[3], d[1], d[2]]
                pixels = hwcToCHW(img.bytes, offset: img.offset, count: n, h: d[1], w: d[2], c: d[3])
                offset = 0
            } else {
                shape = [d[1], d[2], d[3]]
            }
        default:
            throw DataError(file: images, .byte(3), "images need 2 to 4 dimensions, found \(img.dims.count)")
        }
        guard shape.allSatisfy({ $0 > 0 }) else {
            throw DataError(file: images, .byte(8), "image dimensions \(describeDims(shape)) must all be positive")
        }
        var labelValues: [Int]? = nil
        if let labels {
            let lab = try read(labels)
            guard lab.dims.count == 1 || (lab.dims.count == 2 && lab.dims[1] == 1) else {
                throw DataError(file: labels, .byte(3), "labels must be one number per image, found dimensions \(describeDims(lab.dims))")
            }
            guard lab.dims[0] == n else {
                throw DataError(file: labels, .byte(4), "has \(formatCount(lab.dims[0])) labels but \(images) has \(formatCount(n)) images")
            }
            labelValues = try decodeLabels(lab, classes: classes ?? classNames?.count)
        }
        let store = ImageStore(bytes: pixels, offset: offset, count: n, imageShape: shape)
        let fileName = images.split(separator: "/").last.map(String.init) ?? images
        return try Dataset(store: store, labels: labelValues, name: name ?? fileName, classNames: classNames, classes: classes)
    }

    /// The labels of a label file, each checked: not negative, below `classes`
    /// (when known) and at most `Dataset.maxLabel`; errors give the byte.
    static func decodeLabels(_ a: Contents, classes: Int? = nil) throws -> [Int] {
        let n = a.count, p = a.bytes.pointer + a.offset
        let width: Int
        switch a.type {
        case 0x08: width = 1
        case 0x0C: width = 4
        default:
            throw DataError(file: a.file, .byte(2), "labels must be unsigned bytes or 32-bit integers, found \(typeName(a.type))")
        }
        var out = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let q = p + width * i
            let v = width == 1 ? Int(q[0])
                : Int(Int32(bitPattern: UInt32(q[0]) << 24 | UInt32(q[1]) << 16 | UInt32(q[2]) << 8 | UInt32(q[3])))
            let at = DataError.Location.byte(a.offset + width * i)
            guard v >= 0 else { throw DataError(file: a.file, at, "label \(v) of image \(i) is negative") }
            if let classes, v >= classes {
                throw DataError(file: a.file, at, "label \(v) of image \(i) is not one of the \(classes) classes (0–\(classes - 1))")
            }
            guard v <= Dataset.maxLabel else {
                throw DataError(file: a.file, at, "label \(formatCount(v)) of image \(i) is beyond the largest class number \(formatCount(Dataset.maxLabel))")
            }
            out[i] = v
        }
        return out
    }

    static func hwcToCHW(_ b: ByteBuffer, offset: Int, count n: Int, h: Int, w: Int, c: Int) -> ByteBuffer {
        let out = ByteBuffer(count: n * h * w * c)
        let plane = h * w, per = plane * c
        for i in 0..<n {
            let src = b.pointer + offset + i * per, dst = out.pointer + i * per
            for p in 0..<plane {
                for ch in 0..<c { dst[ch * plane + p] = src[p * c + ch] }
            }
        }
        return out
    }

    /// Writes unsigned-byte data as an IDX file (raw, not compressed); used by tests
    /// and to export datasets.
    public static func write(_ values: [UInt8], dims: [Int], to path: String) throws {
        guard dims.count <= 255, dims.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }),
              dims.reduce(1, *) == values.count else {
            throw DataError(file: path, nil, "cannot write \(values.count) bytes with dimensions \(describeDims(dims))")
        }
        var out: [UInt8] = [0, 0, 0x08, UInt8(dims.count)]
        for d in dims { out += [UInt8(d >> 24 & 0xff), UInt8(d >> 16 & 0xff), UInt8(d >> 8 & 0xff), UInt8(d & 0xff)] }
        out += values
        try FileBytes.write(out, to: path)
    }
}

func hexByte(_ b: UInt8) -> String {
    let s = String(b, radix: 16)
    return s.count == 1 ? "0" + s : s
}
