import Foundation
import Testing
@testable import NN
import Tensor

/// The lecture's backbones: each is built, summarised, run forward and backward, and
/// cut into backbone and head.
extension NNTests {
    @Suite struct Backbones {
        static let builders: [(String, () throws -> Model)] = [
            ("vgg", { try Builders.vgg() }),
            ("alexnet", { try Builders.alexnet() }),
            ("resnet", { try Builders.resnet() }),
            ("mobilenet", { try Builders.mobilenet() }),
            ("inception", { try Builders.inception() }),
        ]

        @Test func classifiersBuildRunAndSplit() throws {
            let x = try Tensor(shape: [2, 1, 28, 28], scalars: (0..<1568).map { Float($0 % 11) / 11 })
            for (name, build) in Self.builders {
                Random.seed(1)
                let m = try build()
                #expect(m.kind == .classifier, "\(name)")
                #expect(m.outputShape == [10], "\(name)")
                #expect(m.partNames == ["backbone", "head"], "\(name)")
                let table = m.summaryTable()
                #expect(table.contains("backbone") && table.contains("head") && !table.contains("error"), "\(name)")
                m.isTraining = true
                let (loss, out) = try m.loss(.crossEntropy, images: x, labels: [3, 7])
                #expect(out.shape == [2, 10] && loss.item.isFinite, "\(name)")
                try loss.backward()
                #expect(m.parameters.allSatisfy { $0.grad != nil }, "\(name): every parameter gets a gradient")
                m.zeroGradients()
                m.isTraining = false
                let probs = try m(x.slice(0..<1).reshape([1, 28, 28]))
                #expect(abs(probs.scalars.reduce(0, +) - 1) < 1e-4, "\(name)")
                // Transfer learning: the backbone with a new head, sharing weights.
                let backbone = try m.part("backbone")
                let tl = try backbone.composed(with: Model(layer: Linear(out: 5))).composed(with: Model(layer: Softmax()))
                #expect(tl.outputShape == [5] && tl.parameters[0] === m.parameters[0], "\(name)")
            }
        }

        @Test func resnetHasResidualAdds() throws {
            let m = try Builders.resnet(stages: 3, blocksPerStage: 2)
            let adds = m.nodes.filter { $0.layer is Add }
            #expect(adds.count == 6)
            #expect(try m.summary().contains { $0.layer.hasPrefix("add ← ") })
        }

        @Test func unetKeepsTheImageShape() throws {
            let m = try Builders.unet()
            #expect(m.kind == .autoencoder && m.defaultLoss == .binaryCrossEntropy)
            #expect(m.outputShape == [1, 28, 28])
            #expect(m.partNames == ["encoder", "decoder"])
            #expect(m.nodes.filter { $0.layer is Concat }.count == 2)
            let x = try Tensor(zeros: [2, 1, 28, 28])
            let (loss, _) = try m.loss(.binaryCrossEntropy, images: x, labels: [])
            try loss.backward()
            #expect(m.parameters.allSatisfy { $0.grad != nil })
            m.zeroGradients()
            #expect(throws: NNError("unet: height and width must be divisible by 4 for 2 levels, got 1×30×30")) {
                try Builders.unet(inputShape: [1, 30, 30])
            }
        }

        @Test func tooSmallImagesAreReported() {
            #expect(throws: NNError("vgg for 1×4×4 images: maxpool 2×2 after relu: expected an image of at least 2×2, got [64, 1, 1]; vgg needs images of at least 8×8")) {
                try Builders.vgg(inputShape: [1, 4, 4])
            }
        }
    }
}

extension NNTests {
    @Suite struct ModelZoo {
        @Test func namesBuildAndPretrainedLoads() throws {
            for name in Zoo.names { #expect(try Zoo.model(name).parameterCount > 0, "\(name)") }
            #expect(throws: NNError("no model named 'lenet'; the zoo has autoencoder, classifier, alexnet, vgg, resnet, mobilenet, inception, unet")) {
                try Zoo.model("lenet")
            }
            let folder = try fixtureURL("reference-ae", "safetensors").deletingLastPathComponent().path
            let dir = NSTemporaryDirectory() + "nn-zoo-\(ProcessInfo.processInfo.processIdentifier)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try FileManager.default.copyItem(atPath: folder + "/reference-ae.safetensors", toPath: dir + "/autoencoder.safetensors")
            let ae = try Zoo.pretrained("autoencoder", in: dir)
            let expected = try Safetensors.read(path: folder + "/reference-ae.safetensors")
            #expect(ae.namedParameters.allSatisfy { expected[$0.0]?.scalars == $0.1.value.scalars })
            #expect(throws: NNError("no pretrained weights for 'vgg': \(dir)/vgg.safetensors does not exist")) {
                try Zoo.pretrained("vgg", in: dir)
            }
        }
    }
}
