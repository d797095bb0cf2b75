import Foundation
import Tensor

extension Safetensors {
    /// Writes tensors as F32 safetensors, names sorted, atomically (a crash mid-write
    /// leaves any previous file intact). `__metadata__` is written when given.
    ///
    ///     try Safetensors.write(["w": w], metadata: ["format": "pt"], to: "w.safetensors")
    public static func write(_ tensors: [String: Tensor], metadata: [String: String]? = nil, to path: String) throws {
        try write(tensors.sorted { $0.key < $1.key }, metadata: metadata, to: path)
    }

    /// Writes tensors in the given order (names must be unique and not `__metadata__`).
    public static func write(_ tensors: [(String, Tensor)], metadata: [String: String]? = nil, to path: String) throws {
        try Data(encode(tensors, metadata: metadata)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The bytes of a safetensors file.
    public static func encode(_ tensors: [(String, Tensor)], metadata: [String: String]? = nil) throws -> [UInt8] {
        var names = Set<String>()
        var header = "{"
        var offset = 0
        var parts: [String] = []
        if let metadata {
            let items = metadata.sorted { $0.key < $1.key }.map { "\(quote($0.key)):\(quote($0.value))" }
            parts.append("\"__metadata__\":{\(items.joined(separator: ","))}")
        }
        for (name, t) in tensors {
            guard !name.isEmpty, name != "__metadata__" else { throw NNError("safetensors: '\(name)' cannot be a tensor name") }
            guard names.insert(name).inserted else { throw NNError("safetensors: the name '\(name)' appears twice") }
            let bytes = t.count * 4
            parts.append("\(quote(name)):{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        header += parts.joined(separator: ",") + "}"
        var h = Array(header.utf8)
        while h.count % 8 != 0 { h.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + h.count + offset)
        var n = UInt64(h.count)
        for _ in 0..<8 { out.append(UInt8(n & 0xFF)); n >>= 8 }
        out += h
        for (_, t) in tensors {
            let p = t.plain
            for i in 0..<t.count {
                var b = p[i].bitPattern
                for _ in 0..<4 { out.append(UInt8(b & 0xFF)); b >>= 8 }
            }
        }
        return out
    }

    static func quote(_ s: String) -> String { JSONString.quote(s) }
}

extension Model {
    /// Saves the weights (parameters and buffers) as safetensors, PyTorch's names.
    ///
    ///     try ae.saveWeights(to: "ae.safetensors")
    public func saveWeights(to path: String, metadata: [String: String]? = nil) throws {
        try Safetensors.write(stateDict(), metadata: metadata, to: path)
    }

    /// Loads weights saved by `saveWeights` or by PyTorch (`safetensors.torch.save_file`).
    ///
    ///     try ae.loadWeights(from: "reference-ae.safetensors")
    public func loadWeights(from path: String, strict: Bool = true) throws {
        try load(stateDict: Safetensors.read(path: path), strict: strict)
    }
}
