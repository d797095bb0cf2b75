/// Protocol Buffers' wire format, the writing half — enough for ONNX (proto2):
/// varints, 32-bit floats, length-delimited strings, bytes and nested messages.
/// Repeated scalars are written one tag per element (proto2's unpacked form, which
/// every parser reads).
///
///     var w = ProtobufWriter()
///     w.int(1, 8)                     // field 1 = 8
///     w.message(7) { $0.string(2, "main") }
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    /// Wire types: 0 varint, 2 length-delimited, 5 fixed 32-bit.
    mutating func tag(_ field: Int, _ wire: UInt8) { varint(UInt64(field) << 3 | UInt64(wire)) }

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    /// An int32/int64 field; negatives take ten bytes (two's complement), as protobuf does.
    mutating func int(_ field: Int, _ v: Int) {
        tag(field, 0)
        varint(UInt64(bitPattern: Int64(v)))
    }

    mutating func float(_ field: Int, _ v: Float) {
        tag(field, 5)
        var b = v.bitPattern
        for _ in 0..<4 { bytes.append(UInt8(b & 0xFF)); b >>= 8 }
    }

    mutating func data(_ field: Int, _ b: [UInt8]) {
        tag(field, 2)
        varint(UInt64(b.count))
        bytes += b
    }

    mutating func string(_ field: Int, _ s: String) { data(field, Array(s.utf8)) }

    mutating func message(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        body(&inner)
        data(field, inner.bytes)
    }
}
