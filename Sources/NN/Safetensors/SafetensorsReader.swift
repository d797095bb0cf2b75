import Foundation
import Tensor

/// The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte
/// little-endian header length N, N bytes of JSON mapping each tensor name to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data
/// after the header) plus an optional `"__metadata__"` string map, then the data.
///
/// Reading validates the whole header — size, JSON, dtypes, shapes, offsets inside
/// the file, no overlaps — before any tensor data is read, so a lying or truncated
/// file is refused with an error instead of a huge allocation. F32 is read as is;
/// F64, F16, BF16 and the integer types are converted to Float32. Writing produces
/// F32 with names sorted, the header padded with spaces to 8 bytes, atomically.
///
/// Names: ours are PyTorch's state_dict names (see `Model.stateDict()`), so
/// `safetensors.torch.save_file(model.state_dict(), path)` files load directly.
///
///     try Safetensors.write(Dictionary(uniqueKeysWithValues: ae.stateDict()), to: "ae.safetensors")
///     try ae.load(stateDict: Safetensors.read(path: "ae.safetensors"))
public enum Safetensors {
    /// Largest header accepted (the format's reference implementation uses 100 MB).
    public static let maxHeaderBytes = 100_000_000

    /// One tensor's header entry.
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var dtype: DType
        public var shape: [Int]
        public var begin: Int
        public var end: Int
    }

    /// The element types of the format that can be read.
    public enum DType: String, Sendable {
        case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

        public var size: Int {
            switch self {
            case .f64, .i64: return 8
            case .f32, .i32: return 4
            case .f16, .bf16, .i16: return 2
            case .i8, .u8, .bool: return 1
            }
        }
    }

    /// The tensors of a file by name. Throws `NNError` naming the file and the problem.
    public static func read(path: String) throws -> [String: Tensor] {
        try readWithMetadata(path: path).tensors
    }

    /// The tensors and the `__metadata__` map.
    public static func readWithMetadata(path: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw NNError("\(path): cannot open the file (missing or unreadable)")
        }
        defer { try? handle.close() }
        let fileSize = Int((try? handle.seekToEnd()) ?? 0)
        try? handle.seek(toOffset: 0)
        let head = try readExactly(handle, 8, path: path)
        var n: UInt64 = 0
        for (k, byte) in head.enumerated() { n |= UInt64(byte) << (8 * UInt64(k)) }
        guard n <= UInt64(maxHeaderBytes) else {
            throw NNError("\(path): not a safetensors file (header length \(n) bytes exceeds the \(maxHeaderBytes)-byte limit)")
        }
        guard 8 + Int(n) <= fileSize else {
            throw NNError("\(path): truncated: the header claims \(n) bytes but the file has \(fileSize) bytes in all")
        }
        let headerBytes = try readExactly(handle, Int(n), path: path)
        let (entries, metadata) = try parseHeader(headerBytes, dataSize: fileSize - 8 - Int(n), path: path)
        var tensors: [String: Tensor] = [:]
        for e in entries.sorted(by: { $0.begin < $1.begin }) {
            try handle.seek(toOffset: UInt64(8 + Int(n) + e.begin))
            let bytes = try readExactly(handle, e.end - e.begin, path: path)
            tensors[e.name] = try decode(bytes, e)
        }
        return (tensors, metadata)
    }

    private static func readExactly(_ h: FileHandle, _ count: Int, path: String) throws -> Data {
        if count == 0 { return Data() }
        let d = (try? h.read(upToCount: count)) ?? Data()
        guard d.count == count else { throw NNError("\(path): truncated: wanted \(count) more bytes, got \(d.count)") }
        return d
    }
}
