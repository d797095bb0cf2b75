import Foundation
import Tensor

/// The layout of a session file: one SQLite database.
///
/// | table       | rows                                                                       |
/// |-------------|----------------------------------------------------------------------------|
/// | `meta`      | `format` = "latent-session", `version` = 1, `created_at`, `next_cell`, `rng` |
/// | `variables` | name, kind, payload (JSON of `StoredValue`; tensors, models... by id)       |
/// | `tensors`   | id, name (archive name of weights and optimizer state, or NULL), shape JSON, data (float32 LE) |
/// | `models`    | the model archive (NN's `ModelArchive` JSON) plus frozen/train flags        |
/// | `weights`   | model id, PyTorch state-dict name, tensor id (the same tensor rows)          |
/// | `datasets`  | id, name, source ("mnist.train"/"mnist.test" by indices, or "bytes")        |
/// | `cells`     | number, source                                                              |
/// | `outputs`   | cell, seq, kind (text/result/image/error), text, png                        |
/// | `results`   | cell, payload (JSON of `StoredValue`): `_N` and `_`, restored as data (files before it have none) |
public enum SessionFormat {
    /// The `format` value in `meta`.
    public static let name = "latent-session"
    /// The newest format version this code reads and the one it writes.
    public static let version = 1
    /// Session files are `NAME.latent-session`.
    public static let fileExtension = "latent-session"

    static let schema = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE variables (name TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL);
        CREATE TABLE tensors (id INTEGER PRIMARY KEY, name TEXT, shape TEXT NOT NULL, data BLOB);
        CREATE TABLE models (id INTEGER PRIMARY KEY, archive TEXT NOT NULL, flags TEXT NOT NULL);
        CREATE TABLE weights (model TEXT NOT NULL, name TEXT NOT NULL, tensor INTEGER NOT NULL);
        CREATE TABLE datasets (id INTEGER PRIMARY KEY, name TEXT NOT NULL, source TEXT NOT NULL, shape TEXT NOT NULL,
                               indices BLOB, labels BLOB, pixels BLOB, class_names TEXT);
        CREATE TABLE cells (number INTEGER PRIMARY KEY, source TEXT NOT NULL);
        CREATE TABLE outputs (cell INTEGER NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT, png BLOB,
                              PRIMARY KEY (cell, seq));
        CREATE TABLE results (cell INTEGER PRIMARY KEY, payload TEXT NOT NULL);
        """

    static let tables = ["meta", "variables", "tensors", "models", "weights", "datasets", "cells", "outputs"]
}

/// Little-endian byte encodings of the numbers a session stores.
enum Bytes {
    static func floats(_ t: Tensor) -> [UInt8] {
        let p = t.plain
        var out = [UInt8](repeating: 0, count: t.count * 4)
        for i in 0..<t.count {
            let b = p[i].bitPattern.littleEndian
            out[4 * i] = UInt8(truncatingIfNeeded: b)
            out[4 * i + 1] = UInt8(truncatingIfNeeded: b >> 8)
            out[4 * i + 2] = UInt8(truncatingIfNeeded: b >> 16)
            out[4 * i + 3] = UInt8(truncatingIfNeeded: b >> 24)
        }
        return out
    }

    static func tensor(shape: [Int], bytes: [UInt8], what: String) throws -> Tensor {
        guard shape.allSatisfy({ $0 >= 0 }), let n = try? Tensor.checkedCount(shape, op: what), n * 4 == bytes.count else {
            throw SessionError("\(what): \(bytes.count) bytes do not hold a float32 tensor of shape \(describeShape(shape))")
        }
        let t = Tensor.empty(shape)
        let p = t.plain
        for i in 0..<n {
            let b = UInt32(bytes[4 * i]) | UInt32(bytes[4 * i + 1]) << 8 | UInt32(bytes[4 * i + 2]) << 16 | UInt32(bytes[4 * i + 3]) << 24
            p[i] = Float(bitPattern: b)
        }
        return t
    }

    static func ints(_ xs: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(xs.count * 4)
        for x in xs {
            let v = UInt32(truncatingIfNeeded: Int32(clamping: x))
            out += [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 24)]
        }
        return out
    }

    static func ints(_ bytes: [UInt8], what: String) throws -> [Int] {
        guard bytes.count % 4 == 0 else { throw SessionError("\(what): \(bytes.count) bytes are not a list of int32") }
        return stride(from: 0, to: bytes.count, by: 4).map { i in
            Int(Int32(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24))
        }
    }
}

/// JSON with sorted keys (stable files), and decoding that names what failed.
enum JSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try d.decode(type, from: Foundation.Data(text.utf8))
        } catch {
            throw SessionError("\(what) is not valid (\(JSON.reason(error)))")
        }
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return c.debugDescription
        case DecodingError.keyNotFound(let k, _): return "'\(k.stringValue)' is missing"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "wrong type at \(c.codingPath.map { $0.stringValue }.joined(separator: "."))"
        default: return "\(error)"
        }
    }
}
