import Foundation
import Tensor

/// A model as an ONNX file (https://onnx.ai): the inference graph at opset 17, IR
/// version 8, batch size dynamic (`batch`), weights as initializers under their
/// state_dict names — what onnxruntime runs and Netron shows. Written with
/// `ProtobufWriter` from onnx.proto's field numbers.
///
///     let bytes = try ONNX.encode(resnet)
///     try resnet.exportONNX(to: "resnet.onnx")
public enum ONNX {
    public static let opset = 17
    public static let irVersion = 8

    /// The bytes of the ONNX ModelProto for `model`.
    public static func encode(_ model: Model) throws -> [UInt8] {
        let g = try ONNXGraph(model)
        var w = ProtobufWriter()
        w.int(1, irVersion)                                     // ModelProto.ir_version
        w.string(2, "latent")                                   // producer_name
        w.string(3, "1")                                        // producer_version
        w.message(7) { graph(g, &$0) }                          // graph
        w.message(8) { $0.string(1, ""); $0.int(2, opset) }     // opset_import: default domain
        return w.bytes
    }

    private static func graph(_ g: ONNXGraph, _ w: inout ProtobufWriter) {
        for n in g.nodes {
            w.message(1) { m in                                 // GraphProto.node
                for i in n.inputs { m.string(1, i) }
                for o in n.outputs { m.string(2, o) }
                m.string(3, n.name)
                m.string(4, n.op)
                for (name, a) in n.attributes { m.message(5) { attribute(name, a, &$0) } }
            }
        }
        w.string(2, g.name)                                     // name
        for t in g.initializers { w.message(5) { tensor(t, &$0) } }
        w.message(11) { valueInfo("input", g.inputShape, &$0) } // input
        w.message(12) { valueInfo("output", g.outputShape, &$0) }
    }

    /// AttributeProto: name 1, f 2, i 3, s 4, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, INTS 7).
    private static func attribute(_ name: String, _ a: ONNXGraph.Attribute, _ w: inout ProtobufWriter) {
        w.string(1, name)
        switch a {
        case .float(let f): w.float(2, f); w.int(20, 1)
        case .int(let i): w.int(3, i); w.int(20, 2)
        case .string(let s): w.string(4, s); w.int(20, 3)
        case .ints(let v): for i in v { w.int(8, i) }; w.int(20, 7)
        }
    }

    /// TensorProto: dims 1, data_type 2 (FLOAT 1, INT64 7), name 8, raw_data 9 (little-endian).
    private static func tensor(_ t: ONNXGraph.Initializer, _ w: inout ProtobufWriter) {
        for d in t.dims { w.int(1, d) }
        var raw: [UInt8] = []
        if let floats = t.floats {
            w.int(2, 1)
            raw.reserveCapacity(floats.count * 4)
            for f in floats { var b = f.bitPattern; for _ in 0..<4 { raw.append(UInt8(b & 0xFF)); b >>= 8 } }
        } else {
            w.int(2, 7)
            for i in t.ints ?? [] { var b = UInt64(bitPattern: Int64(i)); for _ in 0..<8 { raw.append(UInt8(b & 0xFF)); b >>= 8 } }
        }
        w.string(8, t.name)
        w.data(9, raw)
    }

    /// ValueInfoProto: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1 (FLOAT), shape 2 →
    /// dim 1 → dim_value 1 | dim_param 2. The first axis is the dynamic `batch`.
    private static func valueInfo(_ name: String, _ sample: [Int], _ w: inout ProtobufWriter) {
        w.string(1, name)
        w.message(2) { type in
            type.message(1) { t in
                t.int(1, 1)
                t.message(2) { shape in
                    shape.message(1) { $0.string(2, "batch") }
                    for d in sample { shape.message(1) { $0.int(1, d) } }
                }
            }
        }
    }
}

extension Model {
    /// Writes this model's inference graph as ONNX (opset 17, dynamic batch).
    ///
    ///     try ae.exportONNX(to: "ae.onnx")
    /// Returns the number of bytes written.
    @discardableResult
    public func exportONNX(to path: String) throws -> Int {
        let bytes = try ONNX.encode(self)
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        return bytes.count
    }
}
