import Foundation
import Testing
@testable import NN
import Tensor

/// Runs a decoded ONNX graph with Tensor ops, reading only what the file says
/// (operators, attributes, initializer bytes, wiring), so CI checks that the exported
/// graph computes the model — onnxruntime does the same in scripts/check-handoff.
struct ONNXRunner {
    struct Op { var type: String; var inputs: [String]; var outputs: [String]; var ints: [String: [Int]]; var floats: [String: Float]; var strings: [String: String] }
    var ops: [Op] = []
    var constants: [String: Tensor] = [:]
    var shapes: [String: [Int]] = [:]

    init(_ bytes: [UInt8]) throws {
        let g = try #require(try ProtoMessage(bytes).message(7))
        for n in try g.messages(1) {
            var op = Op(type: n.string(4) ?? "", inputs: n.strings(1), outputs: n.strings(2), ints: [:], floats: [:], strings: [:])
            for a in try n.messages(5) {
                let name = a.string(1) ?? ""
                switch a.int(20) {
                case 1: op.floats[name] = a.float(2)
                case 2: op.ints[name] = [a.int(3) ?? 0]
                case 3: op.strings[name] = a.string(4)
                case 7: op.ints[name] = a.ints(8)
                default: throw NNError("attribute \(name) of unexpected type \(a.int(20) ?? -1)")
                }
            }
            ops.append(op)
        }
        for t in try g.messages(5) {
            let name = t.string(8) ?? "", dims = t.ints(1), raw = t.raw(9).first ?? []
            let count = dims.reduce(1, *)
            if t.int(2) == 7 {
                shapes[name] = stride(from: 0, to: raw.count, by: 8).map { i in
                    Int(Int64(bitPattern: (0..<8).reduce(0) { $0 | UInt64(raw[i + $1]) << (8 * UInt64($1)) }))
                }
            } else {
                let values = stride(from: 0, to: raw.count, by: 4).map { i in
                    Float(bitPattern: (0..<4).reduce(0) { $0 | UInt32(raw[i + $1]) << (8 * UInt32($1)) })
                }
                guard values.count == count else { throw NNError("initializer \(name): \(values.count) values for \(dims)") }
                constants[name] = try Tensor(shape: dims, scalars: values)
            }
        }
    }

    func run(_ x: Tensor) throws -> Tensor {
        var v = constants
        v["input"] = x
        func get(_ n: String) throws -> Tensor { try #require(v[n], "no value \(n)") }
        for op in ops {
            let a = try get(op.inputs[0])
            let k = op.ints["kernel_shape"]?.first ?? 1, s = op.ints["strides"]?.first ?? 1, p = op.ints["pads"]?.first ?? 0
            let y: Tensor
            switch op.type {
            case "Conv":
                #expect(op.ints["dilations"] == [1, 1] && Set(op.ints["pads"] ?? []).count <= 1)
                y = try a.conv2d(weight: get(op.inputs[1]), bias: op.inputs.count > 2 ? get(op.inputs[2]) : nil,
                                 stride: s, padding: p, groups: op.ints["group"]?.first ?? 1)
            case "Gemm":
                #expect(op.ints["transB"] == [1])
                y = try a.linear(weight: get(op.inputs[1]), bias: op.inputs.count > 2 ? get(op.inputs[2]) : nil)
            case "BatchNormalization":
                y = try a.batchNorm2d(weight: get(op.inputs[1]), bias: get(op.inputs[2]), runningMean: get(op.inputs[3]),
                                      runningVar: get(op.inputs[4]), training: false, momentum: 0.1, eps: op.floats["epsilon"] ?? 1e-5)
            case "MaxPool": y = p > 0 ? try PaddedMaxPool2d(kernel: k, stride: s, padding: p).forward([a]) : try a.maxPool2d(kernel: k, stride: s)
            case "AveragePool": y = try a.avgPool2d(kernel: k, stride: s)
            case "GlobalAveragePool": y = try a.globalAvgPool2d().reshape([a.shape[0], a.shape[1], 1, 1])
            case "Flatten": y = try a.flatten(startDim: op.ints["axis"]?.first ?? 1)
            case "Reshape":
                let target = try #require(shapes[op.inputs[1]])
                y = try a.reshape(target.map { $0 == -1 ? a.count / target.filter { $0 != -1 }.reduce(1, *) : $0 })
            case "Resize":
                #expect(op.strings == ["mode": "nearest", "coordinate_transformation_mode": "asymmetric", "nearest_mode": "floor"])
                let scales = try get(op.inputs[2]).scalars
                y = try a.upsampleNearest(scale: Int(scales[2]))
            case "Relu": y = a.relu()
            case "Clip": y = a.relu().clamp(max: try get(op.inputs[2]).scalars[0])
            case "LeakyRelu": y = a.leakyRelu(slope: op.floats["alpha"] ?? 0.01)
            case "Sigmoid": y = a.sigmoid()
            case "Tanh": y = a.tanh()
            case "Softmax": y = try a.softmax(axis: op.ints["axis"]?.first ?? -1)
            case "Identity": y = a
            case "Add", "Sum": y = try op.inputs.dropFirst().reduce(a) { try $0.adding(get($1)) }
            case "Concat": y = try Tensor.concat(op.inputs.map(get), axis: op.ints["axis"]?.first ?? 1)
            default: throw NNError("operator \(op.type) is not run here")
            }
            v[op.outputs[0]] = y
        }
        return try get("output")
    }
}

extension NNTests {
    @Suite struct ONNXRun {
        static let models: [(String, () throws -> Model)] = [
            ("autoencoder", { try Builders.autoencoder(latent: 72) }),
            ("autoencoder latent 2", { try Builders.autoencoder(latent: 2) }),
            ("classifier", { try Builders.classifier() }),
            ("decoder", { try Builders.autoencoder(latent: 72).part("decoder") }),
            ("vgg", { try Builders.vgg(width: 4) }),
            ("alexnet", { try Builders.alexnet(width: 4) }),
            ("resnet", { try Builders.resnet(width: 4) }),
            ("mobilenet", { try Builders.mobilenet(width: 4) }),
            ("inception", { try Builders.inception(width: 8) }),
            ("unet", { try Builders.unet(width: 4) }),
            ("tanh, leaky relu, avgpool, relu6, padded maxpool", {
                try Model(chain: [try Conv2d(out: 3, in: 1), Tanh(), LeakyReLU(slope: 0.1), try Pool2d(.average, kernel: 2),
                                  ReLU6(), try PaddedMaxPool2d(kernel: 3, stride: 2, padding: 1), Identity(), try Dropout(p: 0.3),
                                  Flatten(), try Linear(out: 4, bias: false)], inputShape: [1, 12, 12])
            }),
        ]

        @Test(arguments: 0..<models.count)
        func decodedGraphComputesTheModel(_ k: Int) throws {
            Random.seed(UInt64(40 + k))
            let (name, build) = Self.models[k]
            let m = try build()
            // Batch-norm statistics away from 0 and 1, so eval mode is not the identity.
            for n in m.nodes { for (_, t) in n.layer.buffers where t.count > 1 { for i in 0..<t.count { t.plain[i] = 0.5 + Float(i % 7) * 0.1 } } }
            let sample = try #require(m.inputShape)
            let x = try Tensor(shape: [3] + sample, scalars: (0..<(3 * sample.reduce(1, *))).map { _ in Float.random(in: 0...1, using: &Random.shared) })
            let want = try m.forward(x)
            let got = try ONNXRunner(ONNX.encode(m)).run(x)
            #expect(got.shape == want.shape, "\(name)")
            let diff = zip(got.scalars, want.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(diff <= 1e-6, "\(name): largest difference \(diff)")
        }
    }
}
