import Foundation
import Testing
@testable import Tensor

/// Forward values and gradients against `Fixtures/ops.json`, which PyTorch
/// produced in float64 (see its "generator" field). Each case runs on every
/// registered backend. Gradients are of sum(output · upstream_grad).
@Suite struct FixtureTests {
    struct Case: @unchecked Sendable, CustomTestStringConvertible {
        let name: String, op: String
        let attrs: [String: Any]
        let inputs: [String: (shape: [Int], data: [Float])]
        let upstream: (shape: [Int], data: [Float])
        let output: (shape: [Int], data: [Float])
        let grads: [String: (shape: [Int], data: [Float])]
        var testDescription: String { name }
    }

    static func array(_ any: Any?) -> (shape: [Int], data: [Float]) {
        let d = any as? [String: Any] ?? [:]
        let shape = (d["shape"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }
        let data = (d["data"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.floatValue }
        return (shape, data)
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "ops", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["cases"] as? [[String: Any]] else { return [] }
        return list.map { c in
            Case(name: c["name"] as? String ?? "?", op: c["op"] as? String ?? "?",
                 attrs: c["attrs"] as? [String: Any] ?? [:],
                 inputs: (c["inputs"] as? [String: Any] ?? [:]).mapValues(array),
                 upstream: array(c["upstream_grad"]), output: array(c["output"]),
                 grads: (c["grads"] as? [String: Any] ?? [:]).mapValues(array))
        }
    }()

    @Test func fixturesLoad() {
        #expect(Self.cases.count >= 23)
    }

    @Test(arguments: backendNames, cases)
    func matchesPyTorch(backend: String, c: Case) throws {
        let leaves = c.inputs.mapValues { param($0.shape, $0.data) }
        let out = try withBackend(backend) { () throws -> Tensor in
            let y = try Self.run(c, leaves)
            try y.backward(seed: tensor(c.upstream.shape, c.upstream.data))
            return y
        }
        #expect(out.shape == c.output.shape, "\(c.name) [\(backend)]: output shape")
        expectClose(out.scalars, c.output.data, "\(c.name) [\(backend)]: output")
        for (name, g) in c.grads {
            guard let grad = leaves[name]?.grad else {
                Issue.record("\(c.name) [\(backend)]: no gradient for \(name)")
                continue
            }
            #expect(grad.shape == g.shape, "\(c.name) [\(backend)]: shape of grad \(name)")
            expectClose(grad.scalars, g.data, "\(c.name) [\(backend)]: grad \(name)")
        }
    }

    /// The op a case names, with its attributes.
    static func run(_ c: Case, _ t: [String: Tensor]) throws -> Tensor {
        func int(_ k: String, _ d: Int) -> Int { (c.attrs[k] as? NSNumber)?.intValue ?? d }
        func float(_ k: String, _ d: Float) -> Float { (c.attrs[k] as? NSNumber)?.floatValue ?? d }
        func input(_ k: String) throws -> Tensor {
            guard let x = t[k] else { throw TensorError("fixture", "\(c.name): missing input \(k)") }
            return x
        }
        func target() -> Tensor { let a = array(c.attrs["target"]); return tensor(a.shape, a.data) }
        switch c.op {
        case "conv2d":
            return try input("x").conv2d(weight: input("weight"), bias: t["bias"], stride: int("stride", 1),
                                         padding: int("padding", 0), groups: int("groups", 1))
        case "maxpool2d": return try input("x").maxPool2d(kernel: int("kernel", 2), stride: int("stride", 2))
        case "avgpool2d": return try input("x").avgPool2d(kernel: int("kernel", 2), stride: int("stride", 2))
        case "global_avgpool": return try input("x").globalAvgPool2d()
        case "upsample_nearest": return try input("x").upsampleNearest(scale: int("scale", 2))
        case "linear": return try input("x").linear(weight: input("weight"), bias: t["bias"])
        case "relu": return try input("x").relu()
        case "sigmoid": return try input("x").sigmoid()
        case "tanh": return try input("x").tanh()
        case "leaky_relu": return try input("x").leakyRelu(slope: float("slope", 0.01))
        case "softmax": return try input("x").softmax(axis: int("axis", -1))
        case "log_softmax": return try input("x").logSoftmax(axis: int("axis", -1))
        case "cross_entropy":
            let labels = (c.attrs["labels"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }
            return try input("logits").crossEntropy(labels: labels)
        case "binary_cross_entropy": return try input("p").binaryCrossEntropy(target())
        case "mse": return try input("x").mseLoss(target())
        case "batchnorm2d":
            let x = try input("x")
            let channels = x.shape[1]
            return try x.batchNorm2d(weight: input("weight"), bias: input("bias"),
                                     runningMean: Tensor(zeros: [channels]), runningVar: Tensor.ones([channels]),
                                     training: (c.attrs["training"] as? Bool) ?? true, eps: float("eps", 1e-5))
        default:
            throw TensorError("fixture", "unknown op \(c.op)")
        }
    }
}
