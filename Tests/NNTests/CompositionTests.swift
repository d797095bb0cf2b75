import Testing
@testable import NN
import Tensor

/// Composition (`+`), parts, slices and graphs share weights with the whole; names
/// follow PyTorch's nesting.
extension NNTests {
    @Suite struct Composition {
        @Test func partsShareWeightsWithTheWhole() throws {
            let ae = try Builders.autoencoder(latent: 72)
            let enc = try ae.part("encoder")
            #expect(enc.namedParameters.map { $0.0 } == ["0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias"])
            #expect(enc.parameters.map(ObjectIdentifier.init) == ae.parameters.prefix(6).map(ObjectIdentifier.init))
            // Writing through the part shows in the whole.
            enc.parameters[0].assign(try Tensor(zeros: [16, 1, 3, 3]))
            #expect(ae.parameters[0].value.scalars.allSatisfy { $0 == 0 })
        }

        @Test func composingNamesLikeNestedSequential() throws {
            let ae = try Builders.autoencoder(latent: 72)
            let clf = try ae.part("encoder").composed(with: Model(layer: Linear(out: 10))).composed(with: Model(layer: Softmax()))
            #expect(clf.namedParameters.map { $0.0 } == ["0.0.weight", "0.0.bias", "0.3.weight", "0.3.bias",
                                                         "0.6.weight", "0.6.bias", "1.weight", "1.bias"])
            #expect(clf.partNames == ["encoder"])
            #expect(clf.kind == .classifier)
            #expect(clf.outputShape == [10])
            #expect(clf.parameterCount == 1_904 + 730)
            #expect(clf.parameters[0] === ae.parameters[0])
            let again = try ae.part("encoder").composed(with: ae.part("decoder"))
            #expect(again.namedParameters.map { $0.0 } == ae.namedParameters.map { $0.0 })
        }

        @Test func bareLayersSpliceIntoOneChain() throws {
            let m = try Model(layer: Conv2d(out: 4), inputShape: [1, 8, 8])
                .composed(with: Model(layer: ReLU()))
                .composed(with: Model(layer: Pool2d(.max)))
            #expect(m.nodes.map { $0.path } == [["0"], ["1"], ["2"]])
            #expect(m.namedParameters.map { $0.0 } == ["0.weight", "0.bias"])
            #expect(m.outputShape == [4, 4, 4])
        }

        @Test func slicesShareWeightsAndKeepNames() throws {
            let ae = try Builders.autoencoder(latent: 72)
            let s = try ae.slice(3..<6)
            #expect(s.namedParameters.map { $0.0 } == ["0.3.weight", "0.3.bias"])
            #expect(s.parameters[0] === ae.parameters[2])
            #expect(s.inputShape == [16, 14, 14])
            #expect(s.outputShape == [8, 7, 7])
            let whole = try ae.slice(0..<ae.nodes.count)
            #expect(whole.partNames == ["encoder", "decoder"])
            #expect(try ae.layer(at: 2).description == "maxpool 2×2")
        }

        @Test func residualAndConcatGraphs() throws {
            let b = GraphBuilder()
            let c1 = b.add(try Conv2d(out: 4, in: 4), b.input)
            let r = b.add(ReLU(), c1)
            let sum = b.add(Add(), r, b.input)
            let side = b.add(try Conv2d(out: 2, kernel: 1), b.input)
            b.add(Concat(), sum, side)
            let m = try b.model(inputShape: [4, 6, 6])
            #expect(m.outputShape == [6, 6, 6])
            let x = try Tensor(shape: [2, 4, 6, 6], scalars: (0..<288).map { Float($0 % 7) / 7 })
            let y = try m.forward(x)
            #expect(y.shape == [2, 6, 6, 6])
            // The first 4 channels are relu(conv(x)) + x.
            let expected = try m.slice(0..<2).forward(x).adding(x)
            #expect(Array(y.scalars[0..<144]) == Array(expected.scalars[0..<144]))
            try y.sum().backward()
            #expect(m.parameters.allSatisfy { $0.grad != nil })
            #expect(throws: NNError("slice 2..<4 cuts through a branch: its layers read 2 different layers outside it")) {
                try m.slice(2..<4)
            }
            let rows = try m.summary()
            #expect(rows.map { $0.layer } == ["conv 3×3 4→4", "relu", "add ← 1, input", "conv 1×1 4→2 ← input", "concat ← 2, 3"])
            m.zeroGradients()
        }

        @Test func freezingKeepsWeightsThroughATrainingStep() throws {
            Random.seed(1)
            let data = ArraySet.bars(count: 16)
            let enc = try Model(chain: [Conv2d(out: 4), ReLU(), Pool2d(.max), Flatten()], inputShape: [1, 8, 8])
            enc.name = "encoder"
            let clf = try enc.composed(with: Model(layer: Linear(out: 2))).composed(with: Model(layer: Softmax()))
            try clf.part("encoder").freeze()
            #expect(enc.parameters.allSatisfy { $0.isFrozen })
            let before = clf.parameters.map { $0.value.scalars }
            _ = try Trainer.fit(model: clf, data: data, epochs: 1, batchSize: 8, lr: 0.1)
            let after = clf.parameters.map { $0.value.scalars }
            #expect(before[0] == after[0] && before[1] == after[1])
            #expect(before[2] != after[2])
            #expect(clf.summaryTable().contains("frozen"))
            clf.unfreeze()
            #expect(clf.trainableCount == clf.parameterCount)
        }

        @Test func frozenBatchNormKeepsItsStatistics() throws {
            let bn = try BatchNorm2d(channels: 2)
            let m = try Model(chain: [bn], inputShape: [2, 2, 2])
            let x = try Tensor(shape: [2, 2, 2, 2], scalars: (0..<16).map { Float($0) })
            m.isTraining = true
            m.freeze()
            _ = try m.forward(x)
            #expect(bn.runningMean?.scalars == [0, 0])
            #expect(bn.runningVar?.scalars == [1, 1])
            m.unfreeze()
            _ = try m.forward(x)
            #expect(bn.runningMean?.scalars != [0, 0])
            #expect(m.stateDict().map { $0.0 } == ["0.weight", "0.bias", "0.running_mean", "0.running_var", "0.num_batches_tracked"])
            m.isTraining = false
        }
    }
}
