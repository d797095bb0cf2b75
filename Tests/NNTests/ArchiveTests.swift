import Foundation
import Testing
@testable import NN
import Tensor

/// Models saved as data (for sessions) come back with weights, sharing, history and optimizer state.
extension NNTests {
    @Suite struct Archive {
        @Test func sessionModelsRoundTripWithSharing() throws {
            Random.seed(21)
            let ae = try Builders.autoencoder(latent: 72)
            let clf = try Builders.classifier(encoder: ae.part("encoder"))
            let bn = try Model(chain: [Conv2d(out: 2), BatchNorm2d(), Dropout(p: 0.25), LeakyReLU(slope: 0.2),
                                       GlobalAvgPool(), Linear(out: 3)], inputShape: [1, 8, 8])
            _ = try Trainer.fit(model: bn, data: ArraySet.bars(count: 8), epochs: 1, batchSize: 4, loss: .crossEntropy)
            try ae.part("decoder").freeze()
            let (archive, tensors) = try ModelArchive.capture(["ae": ae, "clf": clf, "bn": bn])
            #expect(archive.layers.count == 21 + 2 + 6)
            let json = try JSONEncoder().encode(archive)
            let decoded = try JSONDecoder().decode(ModelArchive.self, from: json)
            #expect(decoded == archive)
            // Through safetensors too.
            let bytes = try Safetensors.encode(tensors.sorted { $0.key < $1.key })
            let path = NSTemporaryDirectory() + "nn-archive-\(ProcessInfo.processInfo.processIdentifier).safetensors"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let models = try decoded.restore(Safetensors.read(path: path))

            let ae2 = try #require(models["ae"]), clf2 = try #require(models["clf"]), bn2 = try #require(models["bn"])
            #expect(clf2.parameters[0] === ae2.parameters[0])
            #expect(ae2.namedParameters.map { $0.0 } == ae.namedParameters.map { $0.0 })
            #expect(ae2.parameters.map { $0.value.scalars } == ae.parameters.map { $0.value.scalars })
            #expect(ae2.partNames == ["encoder", "decoder"] && clf2.partNames == ["encoder"])
            #expect(ae2.summaryTable() == ae.summaryTable() && ae2.summaryTable().contains("frozen"))
            #expect(ae2.parameters.map { $0.isFrozen } == ae.parameters.map { $0.isFrozen })
            #expect(bn2.summaryTable() == bn.summaryTable())
            #expect(bn2.history == bn.history && bn2.history.epochs.count == 1)
            #expect(bn2.stateDict().map { $0.1.scalars } == bn.stateDict().map { $0.1.scalars })
            // The optimizer continues identically.
            let x = try ArraySet.bars(count: 4).batch([0, 1, 2, 3])
            for m in [bn, bn2] {
                m.zeroGradients()
                try m.loss(.crossEntropy, images: x.images, labels: x.labels).loss.backward()
                try m.optimizer?.step(m.parameters)
            }
            #expect(bn2.parameters.map { $0.value.scalars } == bn.parameters.map { $0.value.scalars })
        }

        @Test func deepCopyIsIndependent() throws {
            let ae = try Builders.autoencoder(latent: 72)
            let copy = try ae.deepCopy()
            #expect(copy.parameters.map { $0.value.scalars } == ae.parameters.map { $0.value.scalars })
            #expect(copy.parameters[0] !== ae.parameters[0])
            copy.parameters[0].assign(try Tensor(zeros: [16, 1, 3, 3]))
            #expect(ae.parameters[0].value.scalars != copy.parameters[0].value.scalars)
            #expect(copy.partNames == ae.partNames && copy.kind == .autoencoder)
        }

        @Test func missingWeightsAreReported() throws {
            let m = try Model(chain: [Linear(out: 2, in: 3)])
            let (archive, _) = try ModelArchive.capture(["m": m])
            #expect(throws: NNError("the saved weights have no L0.weight (fc 3→2)")) { try archive.restore([:]) }
        }
    }
}
