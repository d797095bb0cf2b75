import Foundation
import Testing
@testable import NN
import Tensor

/// A protobuf wire-format reader (the tests' own) to decode what `ONNX.encode` writes.
struct ProtoMessage {
    enum Value { case varint(UInt64), fixed32(UInt32), fixed64(UInt64), bytes([UInt8]) }
    var fields: [(Int, Value)] = []

    init(_ b: [UInt8]) throws {
        var i = 0
        func varint() throws -> UInt64 {
            var v: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard i < b.count, shift < 64 else { throw NNError("truncated varint at \(i)") }
                let byte = b[i]; i += 1
                v |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return v }
                shift += 7
            }
        }
        while i < b.count {
            let key = try varint()
            let field = Int(key >> 3)
            switch key & 7 {
            case 0: fields.append((field, .varint(try varint())))
            case 1:
                guard i + 8 <= b.count else { throw NNError("truncated fixed64") }
                fields.append((field, .fixed64((0..<8).reduce(0) { $0 | UInt64(b[i + $1]) << (8 * UInt64($1)) }))); i += 8
            case 2:
                let n = Int(try varint())
                guard n >= 0, i + n <= b.count else { throw NNError("length \(n) past the end at \(i)") }
                fields.append((field, .bytes(Array(b[i..<i + n])))); i += n
            case 5:
                guard i + 4 <= b.count else { throw NNError("truncated fixed32") }
                fields.append((field, .fixed32((0..<4).reduce(0) { $0 | UInt32(b[i + $1]) << (8 * UInt32($1)) }))); i += 4
            default: throw NNError("wire type \(key & 7) at \(i)")
            }
        }
    }

    func ints(_ f: Int) -> [Int] { fields.compactMap { if $0.0 == f, case .varint(let v) = $0.1 { return Int(Int64(bitPattern: v)) }; return nil } }
    func int(_ f: Int) -> Int? { ints(f).first }
    func raw(_ f: Int) -> [[UInt8]] { fields.compactMap { if $0.0 == f, case .bytes(let v) = $0.1 { return v }; return nil } }
    func strings(_ f: Int) -> [String] { raw(f).map { String(decoding: $0, as: UTF8.self) } }
    func string(_ f: Int) -> String? { strings(f).first }
    func messages(_ f: Int) throws -> [ProtoMessage] { try raw(f).map(ProtoMessage.init) }
    func message(_ f: Int) throws -> ProtoMessage? { try messages(f).first }
    func float(_ f: Int) -> Float? { fields.compactMap { if $0.0 == f, case .fixed32(let v) = $0.1 { return Float(bitPattern: v) }; return nil }.first }
}

extension NNTests {
    @Suite struct ONNXExport {
        @Test func writerMatchesTheProtobufDocumentation() {
            var w = ProtobufWriter()
            w.int(1, 150)                       // "08 96 01" — protobuf's encoding guide
            w.string(2, "testing")              // "12 07 74 65 73 74 69 6e 67"
            w.int(3, -1)                        // ten bytes, two's complement
            w.float(4, 1)                       // fixed32 0x3f800000
            #expect(w.bytes == [0x08, 0x96, 0x01, 0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67,
                                0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
                                0x25, 0x00, 0x00, 0x80, 0x3f])
        }

        func graph(_ m: Model) throws -> (model: ProtoMessage, graph: ProtoMessage) {
            let top = try ProtoMessage(ONNX.encode(m))
            return (top, try #require(try top.message(7)))
        }

        @Test func autoencoderGraphHasOpsAttributesAndWeights() throws {
            let ae = try Builders.autoencoder(latent: 72)
            let (top, g) = try graph(ae)
            #expect(top.int(1) == 8)                                    // ir_version
            #expect(top.string(2) == "latent")
            let opset = try #require(try top.message(8))
            #expect(opset.int(2) == 17)
            let nodes = try g.messages(1)
            #expect(nodes.compactMap { $0.string(4) } == [
                "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Conv", "Sigmoid", "MaxPool", "Flatten",
                "Reshape", "Conv", "Relu", "Conv", "Relu", "Resize", "Conv", "Relu", "Resize", "Conv", "Sigmoid",
            ])
            // The first conv: input, weight, bias by state_dict name, and its attributes.
            #expect(nodes[0].strings(1) == ["input", "0.0.weight", "0.0.bias"])
            #expect(nodes[0].strings(2) == ["0.0"])
            var attrs: [String: [Int]] = [:]
            for a in try nodes[0].messages(5) { attrs[a.string(1) ?? ""] = a.ints(8).isEmpty ? a.ints(3) : a.ints(8) }
            #expect(attrs == ["kernel_shape": [3, 3], "strides": [1, 1], "pads": [1, 1, 1, 1], "dilations": [1, 1], "group": [1]])
            // The decoder's pad-2 conv and the last node's output name.
            let pads = try nodes[11].messages(5).first { $0.string(1) == "pads" }
            #expect(pads?.ints(8) == [2, 2, 2, 2])
            #expect(nodes.last?.strings(2) == ["output"])
            // Initializers: every weight, bytes exactly the model's floats; the reshape target.
            let inits = try g.messages(5)
            #expect(inits.compactMap { $0.string(8) } == [
                "0.0.weight", "0.0.bias", "0.3.weight", "0.3.bias", "0.6.weight", "0.6.bias", "1.0/shape",
                "1.1.weight", "1.1.bias", "1.3.weight", "1.3.bias", "1.5/scales", "1.6.weight", "1.6.bias",
                "1.8/scales", "1.9.weight", "1.9.bias",
            ])
            let scales = try #require(inits.first { $0.string(8) == "1.5/scales" })
            #expect(scales.int(2) == 1 && scales.ints(1) == [4])
            #expect(scales.raw(9).first == [0, 0, 128, 63, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 0, 64])   // 1, 1, 2, 2
            let w = try #require(inits.first { $0.string(8) == "0.0.weight" })
            #expect(w.ints(1) == [16, 1, 3, 3])
            #expect(w.int(2) == 1)
            let bytes = try #require(w.raw(9).first)
            let decoded = stride(from: 0, to: bytes.count, by: 4).map { i in
                Float(bitPattern: (0..<4).reduce(0) { $0 | UInt32(bytes[i + $1]) << (8 * UInt32($1)) })
            }
            #expect(decoded == (ae.stateDict().first { $0.0 == "0.0.weight" }?.1.scalars ?? []))
            let shape = try #require(inits.first { $0.string(8) == "1.0/shape" })
            #expect(shape.int(2) == 7)
            #expect(shape.raw(9).first == [255, 255, 255, 255, 255, 255, 255, 255] + [8, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0])
            // Input [batch, 1, 28, 28], output [batch, 1, 28, 28].
            for (field, name) in [(11, "input"), (12, "output")] {
                let v = try #require(try g.message(field))
                #expect(v.string(1) == name)
                let dims = try #require(try v.message(2)?.message(1)?.message(2)?.messages(1))
                #expect(dims.map { $0.string(2) ?? String($0.int(1) ?? -1) } == ["batch", "1", "28", "28"])
            }
        }

        @Test func residualAddsAndBatchNormsReadTheRightNodes() throws {
            let r = try Builders.resnet(width: 4)
            let (_, g) = try graph(r)
            let nodes = try g.messages(1)
            let add = try #require(nodes.first { $0.string(4) == "Add" })
            #expect(add.strings(1) == ["backbone.7", "backbone.2"])
            let bn = try #require(nodes.first { $0.string(4) == "BatchNormalization" })
            #expect(bn.strings(1) == ["backbone.0", "backbone.1.weight", "backbone.1.bias", "backbone.1.running_mean", "backbone.1.running_var"])
            #expect(try bn.messages(5).first { $0.string(1) == "epsilon" }?.float(2) == 1e-5)
            #expect(nodes.suffix(4).compactMap { $0.string(4) } == ["GlobalAveragePool", "Flatten", "Gemm", "Softmax"])
            let out = try #require(try g.message(12)?.message(2)?.message(1)?.message(2)?.messages(1))
            #expect(out.map { $0.string(2) ?? String($0.int(1) ?? -1) } == ["batch", "10"])
        }

        @Test func concatUpsampleAndUnknownLayers() throws {
            let (_, g) = try graph(try Builders.unet(width: 4))
            let nodes = try g.messages(1)
            let resize = try #require(nodes.first { $0.string(4) == "Resize" })
            #expect(resize.strings(1).count == 3 && resize.strings(1)[1] == "")
            let modes = try resize.messages(5).map { "\($0.string(1) ?? "")=\($0.string(4) ?? "")" }
            #expect(modes == ["mode=nearest", "coordinate_transformation_mode=asymmetric", "nearest_mode=floor"])
            #expect(nodes.filter { $0.string(4) == "Concat" }.map { $0.strings(1) } == [["decoder.1", "encoder.8"], ["decoder.8", "encoder.3"]])
            final class Custom: Layer { override var kind: String { "custom" } }
            #expect(throws: NNError("export: custom (custom) has no ONNX counterpart in the exporter")) {
                try ONNX.encode(try Model(chain: [Custom()], inputShape: [3]))
            }
        }
    }
}
