import Foundation
import Testing
@testable import NN
import Tensor

/// Every backbone builder against its PyTorch twin (`scripts/make-backbone-fixtures`):
/// same parameter names and shapes, and — with the twin's weights loaded from
/// `Fixtures/backbones/<name>.safetensors` — the same output, input gradient, parameter
/// gradients and batch-norm running statistics, in training mode (batch statistics)
/// and eval mode, on every backend. PyTorch computed in float64 from the float32
/// weights; errors are relative to each tensor's largest value.
extension NNTests {
    @Suite struct BackboneTorch {
        static let names = ["vgg", "alexnet", "resnet", "mobilenet", "inception", "unet"]

        static func fixture(_ name: String) throws -> [String: Any] {
            guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/backbones") else {
                throw NNError("fixture backbones/\(name).json is missing")
            }
            return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        }

        static func weightsPath(_ name: String) throws -> String {
            guard let url = Bundle.module.url(forResource: name, withExtension: "safetensors", subdirectory: "Fixtures/backbones") else {
                throw NNError("fixture backbones/\(name).safetensors is missing")
            }
            return url.path
        }

        /// The builder call the fixture names, e.g. `Builders.vgg(width: 4)`.
        static func build(_ name: String, _ fixture: [String: Any]) throws -> Model {
            let width = ((fixture["args"] as? [String: Any])?["width"] as? NSNumber)?.intValue ?? 16
            switch name {
            case "vgg": return try Builders.vgg(width: width)
            case "alexnet": return try Builders.alexnet(width: width)
            case "resnet": return try Builders.resnet(width: width)
            case "mobilenet": return try Builders.mobilenet(width: width)
            case "inception": return try Builders.inception(width: width)
            case "unet": return try Builders.unet(width: width)
            default: throw NNError("no builder \(name)")
            }
        }

        @Test(arguments: names)
        func namesAndShapesMatchPyTorch(name: String) throws {
            let f = try Self.fixture(name)
            let m = try Self.build(name, f)
            let expected = (f["parameters"] as? [[Any]] ?? []).map { ($0.first as? String ?? "", ($0.last as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }) }
            #expect(m.namedParameters.map { $0.0 } == expected.map { $0.0 }, "\(name): parameter names")
            #expect(m.namedParameters.map { $0.1.shape } == expected.map { $0.1 }, "\(name): parameter shapes")
            #expect(m.partNames == (f["parts"] as? [String] ?? []))
            // The whole state dict (with batch-norm buffers) loads strictly.
            try m.loadWeights(from: Self.weightsPath(name))
        }

        @Test(arguments: names, backendNames)
        func reproducesPyTorch(name: String, backend: String) throws {
            let f = try Self.fixture(name)
            let x0 = try fixtureTensor(f["input"])
            let upstream = try fixtureTensor(f["upstream"])
            for mode in ["train", "eval"] {
                let golden = f[mode] as? [String: Any] ?? [:]
                let m = try Self.build(name, f)
                try m.loadWeights(from: Self.weightsPath(name))
                m.isTraining = mode == "train"
                for n in m.nodes where n.layer is Dropout { n.layer.isTraining = false }
                var report: [String] = []
                func check(_ what: String, _ actual: Tensor?, _ expected: Any?) throws {
                    let e = try fixtureTensor(expected)
                    guard let a = actual else { Issue.record("\(name) \(mode) [\(backend)]: no \(what)"); return }
                    #expect(a.shape == e.shape, "\(name) \(mode) [\(backend)] \(what): shape \(a.shape) vs \(e.shape)")
                    let err = scaledError(a.scalars, e.scalars)
                    report.append("\(what) \(String(format: "%.1e", err))")
                    #expect(err < 1e-4, "\(name) \(mode) [\(backend)] \(what): scaled error \(err)")
                }
                try Backend.with(backend) {
                    let x = try Tensor(shape: x0.shape, scalars: x0.scalars)
                    x.requiresGrad = true
                    m.zeroGradients()
                    let out = try m.forward(x)
                    try check("output", out, golden["output"])
                    try out.backward(seed: upstream)
                    try check("input grad", x.grad, golden["input_grad"])
                    let params = Dictionary(uniqueKeysWithValues: m.namedParameters)
                    for (pname, g) in golden["param_grads"] as? [String: Any] ?? [:] {
                        try check(pname, params[pname]?.grad, g)
                    }
                    let state = Dictionary(m.stateDict(), uniquingKeysWith: { a, _ in a })
                    for (bname, b) in golden["buffers_after"] as? [String: Any] ?? [:] {
                        try check(bname, state[bname], b)
                    }
                    m.zeroGradients()
                }
                if ProcessInfo.processInfo.environment["NN_REPORT"] != nil {
                    let worst = report.compactMap { Float($0.split(separator: " ").last ?? "") }.max() ?? 0
                    print("backbone \(name) \(mode) [\(backend)]: \(report.count) tensors, worst scaled error \(String(format: "%.1e", worst))")
                }
            }
        }
    }
}

/// The zoo catalog: cards are validated, weights must fit the card's builder, and
/// nothing in a zoo folder can make loading trap.
extension NNTests {
    @Suite struct ZooCatalog {
        static func tempZoo() throws -> String {
            let dir = NSTemporaryDirectory() + "latent-zoo-test-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            return dir
        }

        @Test func cardRoundTripAndLoad() throws {
            let dir = try Self.tempZoo()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let m = try Zoo.build(builder: "resnet", args: ["classes": 5, "width": 4])
            try m.saveWeights(to: dir + "/tiny.safetensors")
            let card = ZooCard(name: "tiny", builder: "resnet", args: ["classes": 5, "width": 4], call: "resnet(classes: 5, width: 4)",
                               epochs: 1, testAccuracy: 0.5, parameters: m.parameterCount, script: "test")
            try JSONEncoder().encode(card).write(to: URL(fileURLWithPath: dir + "/tiny.json"))
            #expect(try Zoo.list(directory: dir) == [card])
            let loaded = try Zoo.load("tiny", directory: dir)
            #expect(loaded.namedParameters.map { $0.1.value.scalars } == m.namedParameters.map { $0.1.value.scalars })
            #expect(loaded.partNames == ["backbone", "head"])
        }

        @Test func badZooFilesThrow() throws {
            let dir = try Self.tempZoo()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            func write(_ name: String, _ text: String) throws { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
            let card = #"{"name":"%@","builder":"%@","args":%@,"call":"x","summary":"","data":"","epochs":1,"test":"","parameters":1,"script":"s"}"#
            try write("garbage.json", "{not json")
            try write("wrongname.json", String(format: card, "other", "vgg", "{}"))
            try write("unknown.json", String(format: card, "unknown", "lenet", "{}"))
            try write("badarg.json", String(format: card, "badarg", "vgg", #"{"depth":3}"#))
            try write("huge.json", String(format: card, "huge", "vgg", #"{"width":100000}"#))
            try write("noweights.json", String(format: card, "noweights", "vgg", #"{"width":2}"#))
            try write("badweights.json", String(format: card, "badweights", "vgg", #"{"width":2}"#))
            try write("badweights.safetensors", "\u{8}\0\0\0\0\0\0\0{}      ")
            #expect(try Zoo.list(directory: dir).map { $0.name } == ["badarg", "badweights", "huge", "noweights", "unknown"])
            for name in ["garbage", "wrongname", "unknown", "badarg", "huge", "noweights", "badweights", "missing", "../etc", ""] {
                #expect(throws: NNError.self, "\(name)") { try Zoo.load(name, directory: dir) }
            }
        }

        /// The committed zoo (found by walking up from the working directory) loads.
        @Test(.enabled(if: (try? Zoo.findDirectory()) != nil))
        func committedZooLoads() throws {
            let cards = try Zoo.list()
            #expect(!cards.isEmpty)
            for c in cards {
                let m = try Zoo.load(c.name)
                #expect(m.parameterCount == c.parameters, "\(c.name)")
            }
        }
    }
}
