import Foundation
import Testing
@testable import NN
import Tensor

/// Loading weights saved elsewhere: DDP's `module.` prefix, other prefixes, strict off.
extension NNTests {
    @Suite struct LoadPrefix {
        func weights(_ m: Model, prefix: String) -> [String: Tensor] {
            Dictionary(uniqueKeysWithValues: m.stateDict().map { (prefix + $0.0, $0.1.copy()) })
        }

        @Test func ddpPrefixGetsAHintAndIsStripped() throws {
            Random.seed(1)
            let src = try Builders.autoencoder(latent: 72)
            let dst = try Builders.autoencoder(latent: 72)
            let ddp = weights(src, prefix: "module.")
            #expect(throws: NNError("the weights have no '0.0.weight' (expected shape [16, 1, 3, 3]); the weights' names start with 'module.' (a DistributedDataParallel checkpoint): load with prefix: \"module.\"")) {
                try dst.load(stateDict: ddp)
            }
            let r = try dst.load(stateDict: ddp, prefix: "module.")
            #expect(r == LoadReport(loaded: 14, missing: [], unexpected: []))
            #expect(dst.stateDict().map { $0.1.scalars } == src.stateDict().map { $0.1.scalars })
        }

        @Test func otherPrefixesAreNamedToo() throws {
            let m = try Builders.classifier()
            #expect(throws: NNError("the weights have no '0.0.weight' (expected shape [16, 1, 3, 3]); the weights' names start with 'model.net.': load with prefix: \"model.net.\"")) {
                try m.load(stateDict: weights(m, prefix: "model.net."))
            }
            #expect(throws: NNError("no name in the weights starts with 'module.' (they are like '0.0.bias', '0.0.weight')")) {
                try m.load(stateDict: weights(m, prefix: ""), prefix: "module.")
            }
        }

        @Test func notStrictLoadsWhatMatchesAndListsTheRest() throws {
            let ae = try Builders.autoencoder(latent: 72)
            let enc = try ae.part("encoder")
            // The encoder's weights under the classifier's names, plus one the classifier lacks.
            var state = weights(enc, prefix: "0.")
            state["extra.weight"] = try Tensor(zeros: [2])
            let clf = try Builders.classifier()
            let r = try clf.load(stateDict: state, strict: false)
            #expect(r == LoadReport(loaded: 6, missing: ["1.weight", "1.bias"], unexpected: ["extra.weight"]))
            #expect(clf.stateDict()[0].1.scalars == enc.stateDict()[0].1.scalars)
            state["0.0.weight"] = try Tensor(zeros: [3])
            #expect(throws: NNError("'0.0.weight' has shape [3] in the weights but [16, 1, 3, 3] in the model")) {
                try clf.load(stateDict: state, strict: false)
            }
        }
    }
}
