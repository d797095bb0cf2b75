import Tensor
import CZlib

/// Reading files that may be gzip-compressed (the MNIST files are `.gz`).
///
///     let bytes = try Gzip.readFile("data/mnist/t10k-labels-idx1-ubyte.gz")  // 10,008 bytes
///
/// A file starting with the gzip magic (1f 8b) is inflated with zlib (windowBits
/// 16 + MAX_WBITS selects the gzip wrapper); any other file is returned as is.
public enum Gzip {
    /// The file's contents, decompressed if it is gzip.
    public static func readFile(_ path: String) throws -> ByteBuffer {
        let raw = try FileBytes.read(path)
        guard isGzip(raw) else { return raw }
        return try inflate(raw, file: path)
    }

    static func isGzip(_ b: ByteBuffer) -> Bool {
        b.count >= 2 && b[0] == 0x1f && b[1] == 0x8b
    }

    /// Inflates a whole gzip stream (several concatenated members are allowed).
    static func inflate(_ input: ByteBuffer, file: String) throws -> ByteBuffer {
        // The trailer's ISIZE (size mod 2^32) is a good first guess for the output;
        // it is only a hint, since a truncated file ends with arbitrary bytes.
        var capacity = 1 << 16
        if input.count >= 18 {
            let t = input.count - 4
            let isize = Int(input[t]) | Int(input[t + 1]) << 8 | Int(input[t + 2]) << 16 | Int(input[t + 3]) << 24
            if isize > 0 && isize <= 64 * input.count + (1 << 20) { capacity = min(isize, FileBytes.maxBytes) }
        }
        var out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        var produced = 0
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            out.deallocate()
            throw DataError(file: file, nil, "zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        stream.next_in = input.pointer
        stream.avail_in = 0
        var consumed = 0
        while true {
            if stream.avail_in == 0 && consumed < input.count {
                let chunk = min(input.count - consumed, Int(UInt32.max >> 1))
                stream.next_in = input.pointer + consumed
                stream.avail_in = UInt32(chunk)
                consumed += chunk
            }
            if produced == capacity {
                guard capacity < FileBytes.maxBytes else {
                    out.deallocate()
                    throw DataError(file: file, nil, "decompressed data is larger than \(formatCount(FileBytes.maxBytes)) bytes")
                }
                let larger = min(capacity * 2, FileBytes.maxBytes)
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
                bigger.update(from: out, count: produced)
                out.deallocate()
                out = bigger
                capacity = larger
            }
            stream.next_out = out + produced
            let room = min(capacity - produced, Int(UInt32.max >> 1))
            stream.avail_out = UInt32(room)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            produced += room - Int(stream.avail_out)
            let inputOffset = consumed - Int(stream.avail_in)
            switch status {
            case Z_STREAM_END:
                // Another gzip member may follow (as `cat a.gz b.gz` makes); trailing zeros are padding.
                if inputOffset < input.count, input[inputOffset] == 0x1f {
                    inflateReset(&stream)
                    continue
                }
                return ByteBuffer(taking: out, count: produced)
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0 && consumed == input.count:
                out.deallocate()
                throw DataError(file: file, .byte(input.count),
                                "gzip data ends early (file truncated?) after \(formatCount(produced)) decompressed bytes")
            case Z_BUF_ERROR:
                continue
            default:
                out.deallocate()
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw DataError(file: file, .byte(inputOffset), "corrupt gzip data (\(reason))")
            }
        }
    }
}
