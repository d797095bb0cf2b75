import Foundation
import Tensor

extension Safetensors {
    /// Parses and validates a header against the size of the data that follows it.
    /// Every entry must have a known dtype, a non-negative shape whose byte size equals
    /// its offsets' span, offsets inside the data, and no two entries may overlap.
    static func parseHeader(_ bytes: Data, dataSize: Int, path: String) throws -> ([Entry], [String: String]) {
        func bad(_ why: String) -> NNError { NNError("\(path): invalid safetensors header: \(why)") }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: bytes) } catch {
            throw bad("the header is not valid JSON")
        }
        guard let top = json as? [String: Any] else { throw bad("the header is not a JSON object") }
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (name, value) in top {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw bad("__metadata__ is not an object") }
                for (k, v) in m {
                    guard let s = v as? String else { throw bad("__metadata__ value for '\(k)' is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let info = value as? [String: Any] else { throw bad("entry '\(name)' is not an object") }
            guard let dt = info["dtype"] as? String else { throw bad("entry '\(name)' has no dtype") }
            guard let dtype = DType(rawValue: dt) else {
                throw bad("entry '\(name)' has dtype \(dt), which is not supported (F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL)")
            }
            guard let rawShape = info["shape"] as? [Any] else { throw bad("entry '\(name)' has no shape") }
            let shape = try rawShape.map { d -> Int in
                guard let i = integer(d), i >= 0 else { throw bad("entry '\(name)' has a shape that is not a list of non-negative integers") }
                return i
            }
            guard let offs = info["data_offsets"] as? [Any], offs.count == 2,
                  let begin = integer(offs[0]), let end = integer(offs[1]) else {
                throw bad("entry '\(name)' has no data_offsets [begin, end]")
            }
            let count: Int
            do { count = try Tensor.checkedCount(shape, op: "safetensors") } catch {
                throw bad("entry '\(name)' has shape \(describeShape(shape)), too large (limit \(Tensor.maxElements) values)")
            }
            guard begin >= 0, begin <= end, end <= dataSize else {
                throw bad("entry '\(name)' has data_offsets [\(begin), \(end)] outside the \(dataSize) bytes of data")
            }
            guard end - begin == count * dtype.size else {
                throw bad("entry '\(name)' of shape \(describeShape(shape)) and dtype \(dt) needs \(count * dtype.size) bytes, its offsets span \(end - begin)")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end))
        }
        let sorted = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.begin < a.end {
            throw bad("entries '\(a.name)' and '\(b.name)' overlap")
        }
        return (entries, metadata)
    }

    /// A JSON number that is an exact integer (not fractional, not absurd).
    private static func integer(_ v: Any) -> Int? {
        if let n = v as? NSNumber {
            let d = n.doubleValue
            guard d.rounded() == d, abs(d) < 9e15 else { return nil }
            return n.intValue
        }
        if let i = v as? Int { return i }
        return nil
    }

    /// Converts little-endian bytes of any supported dtype to a Float32 tensor.
    static func decode(_ bytes: Data, _ e: Entry) throws -> Tensor {
        let t = try Tensor(zeros: e.shape)
        let out = t.plain
        let n = t.count
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            func u16(_ i: Int) -> UInt16 { UInt16(raw[2 * i]) | UInt16(raw[2 * i + 1]) << 8 }
            func u32(_ i: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(raw[4 * i + $1]) << (8 * UInt32($1)) } }
            func u64(_ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(raw[8 * i + $1]) << (8 * UInt64($1)) } }
            for i in 0..<n {
                switch e.dtype {
                case .f32: out[i] = Float(bitPattern: u32(i))
                case .f64: out[i] = Float(Double(bitPattern: u64(i)))
                case .f16: out[i] = halfToFloat(u16(i))
                case .bf16: out[i] = Float(bitPattern: UInt32(u16(i)) << 16)
                case .i64: out[i] = Float(Int64(bitPattern: u64(i)))
                case .i32: out[i] = Float(Int32(bitPattern: u32(i)))
                case .i16: out[i] = Float(Int16(bitPattern: u16(i)))
                case .i8: out[i] = Float(Int8(bitPattern: raw[i]))
                case .u8: out[i] = Float(raw[i])
                case .bool: out[i] = raw[i] != 0 ? 1 : 0
                }
            }
        }
        return t
    }

    /// IEEE 754 binary16 to Float (subnormals, infinities and NaN included).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign: Float = (h & 0x8000) != 0 ? -1 : 1
        let exp = Int((h >> 10) & 0x1F), frac = Float(h & 0x3FF)
        if exp == 0 { return sign * frac * 0x1p-24 }
        if exp == 31 { return frac == 0 ? sign * .infinity : .nan }
        return sign * (1 + frac / 1024) * Float(sign: .plus, exponent: exp - 15, significand: 1)
    }
}
