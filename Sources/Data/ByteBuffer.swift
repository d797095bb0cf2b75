#if canImport(Glibc)
import Tensor
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An immutable block of bytes owned by one object, so datasets made from it
/// (slices, subsets, filtered views) share it without copying, and the batch
/// converter can read it through a raw pointer with no copy-on-write checks.
public final class ByteBuffer: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<UInt8>

    /// Allocates `count` zeroed bytes.
    public init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    /// Takes ownership of memory allocated with `UnsafeMutablePointer<UInt8>.allocate`.
    init(taking pointer: UnsafeMutablePointer<UInt8>, count: Int) {
        self.pointer = pointer
        self.count = count
    }

    public convenience init(_ bytes: [UInt8]) {
        self.init(count: bytes.count)
        bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { pointer.update(from: b, count: bytes.count) } }
    }

    deinit { pointer.deallocate() }

    public subscript(i: Int) -> UInt8 { pointer[i] }

    /// The bytes `range` as an array (bounds checked by the caller).
    public func array(_ range: Range<Int>) -> [UInt8] {
        Array(UnsafeBufferPointer(start: pointer + range.lowerBound, count: range.count))
    }
}

/// Whole-file reading with errors that name the file.
enum FileBytes {
    /// Largest file (or decompressed stream) the loaders accept: 1 GiB (all of
    /// MNIST is 55 MB; anything near this is a mistake or a gzip bomb).
    static let maxBytes = 1 << 30

    /// Reads a file completely.
    static func read(_ path: String) throws -> ByteBuffer {
        guard let f = fopen(path, "rb") else {
            throw DataError(file: path, nil, "cannot open (\(String(cString: strerror(errno))))")
        }
        defer { fclose(f) }
        var st = stat()
        guard fstat(fileno(f), &st) == 0 else {
            throw DataError(file: path, nil, "cannot read (\(String(cString: strerror(errno))))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw DataError(file: path, nil, "is a directory, not a file") }
        let size = Int(st.st_size)
        guard size <= maxBytes else { throw DataError(file: path, nil, "file is too large (\(formatCount(size)) bytes)") }
        let buf = ByteBuffer(count: size)
        var done = 0
        while done < size {
            let n = fread(buf.pointer + done, 1, size - done, f)
            if n == 0 { break }
            done += n
        }
        guard done == size else {
            throw DataError(file: path, .byte(done), "read failed after \(formatCount(done)) of \(formatCount(size)) bytes")
        }
        return buf
    }

    /// Writes bytes to a file atomically: a temporary file beside it, then rename.
    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let tmp = path + ".tmp-\(getpid())"
        guard let f = fopen(tmp, "wb") else {
            throw DataError(file: path, nil, "cannot write (\(String(cString: strerror(errno))))")
        }
        let n = bytes.count == 0 ? 0 : fwrite(bytes.baseAddress, 1, bytes.count, f)
        let closed = fclose(f)
        guard n == bytes.count, closed == 0 else {
            unlink(tmp)
            throw DataError(file: path, nil, "write failed (\(String(cString: strerror(errno))))")
        }
        guard rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw DataError(file: path, nil, "cannot write (\(reason))")
        }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write($0, to: path) }
    }
}
