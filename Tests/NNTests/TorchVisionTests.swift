import Foundation
import Testing
@testable import NN
import Tensor

/// torchvision's resnet18 and mobilenet_v2 rebuilt with our layers. The names and
/// shapes of the whole state_dict are always checked against the committed
/// `Fixtures/backbones/tv-<name>.json`; the logits of PyTorch's forward (eval, float64)
/// on one seeded 1×3×64×64 input are checked only when
/// `scripts/make-backbone-fixtures torchvision` has written the weights to
/// /tmp/latent-torchvision (too large to commit) — `scripts/check-torchvision` does both.
extension NNTests {
    @Suite struct TorchVisionImport {
        static let weightsDir = ProcessInfo.processInfo.environment["LATENT_TORCHVISION_DIR"] ?? "/tmp/latent-torchvision"
        static var haveWeights: Bool {
            TorchVision.names.allSatisfy { FileManager.default.fileExists(atPath: "\(weightsDir)/\($0).safetensors") }
        }

        static func fixture(_ name: String) throws -> [String: Any] {
            guard let url = Bundle.module.url(forResource: "tv-\(name)", withExtension: "json", subdirectory: "Fixtures/backbones") else {
                throw NNError("fixture backbones/tv-\(name).json is missing")
            }
            return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        }

        @Test(arguments: TorchVision.names)
        func stateDictNamesAndShapesMatchTorchVision(name: String) throws {
            let f = try Self.fixture(name)
            let m = try TorchVision.model(name)
            let expected = (f["state_dict"] as? [[Any]] ?? []).map {
                ($0.first as? String ?? "", ($0.last as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue })
            }
            let mine = m.stateDict().map { ($0.0, $0.1.shape) }
            #expect(mine.map { $0.0 } == expected.map { $0.0 })
            #expect(mine.map { $0.1 } == expected.map { $0.1 })
            #expect(m.parameterCount == (f["parameter_count"] as? NSNumber)?.intValue)
            #expect(try m.shapes(forSample: [3, 64, 64]).last == [1000])
        }

        @Test(.enabled(if: haveWeights), arguments: TorchVision.names, backendNames)
        func pretrainedWeightsGiveTorchVisionsLogits(name: String, backend: String) throws {
            let f = try Self.fixture(name)
            let m = try TorchVision.model(name)
            try m.loadWeights(from: "\(Self.weightsDir)/\(name).safetensors")
            let x = try fixtureTensor(f["input"])
            let expected = try fixtureTensor(f["logits"])
            try Backend.with(backend) {
                let y = try Autodiff.withoutGrad { try m.forward(x) }
                #expect(y.shape == [1, 1000])
                let err = scaledError(y.scalars, expected.scalars)
                let top = y.scalars.indices.max { y.scalars[$0] < y.scalars[$1] }
                let expectedTop = expected.scalars.indices.max { expected.scalars[$0] < expected.scalars[$1] }
                if ProcessInfo.processInfo.environment["NN_REPORT"] != nil {
                    print("torchvision \(name) [\(backend)]: 1000 logits, scaled error \(String(format: "%.2e", err)), top-1 \(top ?? -1) vs \(expectedTop ?? -1)")
                }
                #expect(err < 1e-4, "\(name) [\(backend)]: scaled error \(err)")
                #expect(top == expectedTop)
            }
        }

        @Test func customLayersRoundTripThroughSessions() throws {
            TorchVision.registerLayers()
            for layer in [ReLU6() as Layer, try PaddedMaxPool2d(kernel: 3, stride: 2, padding: 1)] {
                let spec = try #require(layer.spec)
                #expect(try LayerSpec.make(spec).description == layer.description)
            }
            let y = try ReLU6().forward([Tensor(shape: [3], scalars: [-1, 3, 9])])
            #expect(y.scalars == [0, 3, 6])
            let p = try PaddedMaxPool2d(kernel: 3, stride: 2, padding: 1).forward([Tensor(shape: [1, 1, 2, 2], scalars: [-4, -3, -2, -1])])
            #expect(p.shape == [1, 1, 1, 1] && p.scalars == [-1])
            #expect(throws: NNError.self) { try PaddedMaxPool2d(kernel: 3, stride: 2, padding: 2) }
            #expect(throws: NNError.self) { try TorchVision.model("vgg11") }
        }
    }
}
