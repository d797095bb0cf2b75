import Foundation
import Testing
@testable import NN
import Tensor

/// `Builders.autoencoder(latent: 72)` with the weights of `Fixtures/reference-ae.safetensors`
/// (PyTorch's state_dict after one epoch) reproduces `Fixtures/reference-ae.json`, which
/// PyTorch 2.15 computed in float64 from the same float32 weights: latent, output, BCE
/// loss and every parameter's gradient, on every backend.
extension NNTests {
    @Suite struct ReferenceAutoencoder {
        @Test func architectureMatchesPyTorch() throws {
            let ae = try Builders.autoencoder(latent: 72)
            let golden = try fixtureJSON("reference-ae")
            let params = golden["parameters"] as? [[String: Any]] ?? []
            #expect(ae.parameterCount == 4_385)
            #expect(ae.namedParameters.map { $0.0 } == params.map { $0["name"] as? String ?? "" })
            for ((_, p), g) in zip(ae.namedParameters, params) {
                #expect(p.shape == (g["shape"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue })
            }
            #expect(ae.partNames == ["encoder", "decoder"])
            #expect(try ae.part("encoder").outputShape == [72])
            #expect(ae.kind == .autoencoder)
            #expect(ae.defaultLoss == .binaryCrossEntropy)
        }

        @Test(arguments: backendNames)
        func reproducesPyTorch(backend: String) throws {
            let golden = try fixtureJSON("reference-ae")
            let ae = try Builders.autoencoder(latent: 72)
            try ae.loadWeights(from: fixtureURL("reference-ae", "safetensors").path)
            let x = try fixtureTensor((golden["input"] as? [String: Any]))
            let expectedLatent = try fixtureTensor(golden["latent"])
            let expectedOutput = try fixtureTensor(golden["output"])
            let expectedLoss = (golden["loss_value"] as? NSNumber)?.floatValue ?? .nan

            try Backend.with(backend) {
                let z = try Autodiff.withoutGrad { try ae.part("encoder").forward(x) }
                #expect(z.shape == [2, 72])
                let zErr = scaledError(z.scalars, expectedLatent.scalars)
                #expect(zErr < 1e-4, "latent [\(backend)]: scaled error \(zErr)")

                ae.zeroGradients()
                let (loss, out) = try ae.loss(.binaryCrossEntropy, images: x, labels: [])
                #expect(out.shape == [2, 1, 28, 28])
                let oErr = scaledError(out.scalars, expectedOutput.scalars)
                #expect(oErr < 1e-4, "output [\(backend)]: scaled error \(oErr)")
                #expect(abs(loss.item - expectedLoss) / expectedLoss < 1e-4, "loss [\(backend)]: \(loss.item) vs \(expectedLoss)")

                try loss.backward()
                var worstGrad: Float = 0
                defer { if ProcessInfo.processInfo.environment["NN_REPORT"] != nil { print("[\(backend)] latent \(zErr) output \(oErr) loss \(abs(loss.item - expectedLoss) / expectedLoss) worst grad \(worstGrad)") } }
                let params = golden["parameters"] as? [[String: Any]] ?? []
                let mine = Dictionary(uniqueKeysWithValues: ae.namedParameters)
                for g in params {
                    let name = g["name"] as? String ?? "?"
                    let expected = try fixtureTensor(g["grad"])
                    guard let grad = mine[name]?.grad else {
                        Issue.record("no gradient for \(name) [\(backend)]")
                        continue
                    }
                    #expect(grad.shape == expected.shape)
                    let err = scaledError(grad.scalars, expected.scalars)
                    #expect(err < 1e-4, "grad \(name) [\(backend)]: scaled error \(err)")
                    worstGrad = max(worstGrad, err)
                }
                ae.zeroGradients()
            }
        }

        @Test func loadedWeightsEqualTheJSONValues() throws {
            let golden = try fixtureJSON("reference-ae")
            let ae = try Builders.autoencoder(latent: 72)
            try ae.loadWeights(from: fixtureURL("reference-ae", "safetensors").path)
            let mine = Dictionary(uniqueKeysWithValues: ae.namedParameters)
            for g in golden["parameters"] as? [[String: Any]] ?? [] {
                let name = g["name"] as? String ?? "?"
                let expected = try fixtureTensor(g["value"])
                // The JSON keeps 7 significant digits.
                let err = scaledError(mine[name]?.value.scalars ?? [], expected.scalars)
                #expect(err < 1e-6, "\(name): scaled error \(err)")
            }
        }

        @Test func singleImageGoesThroughWithoutBatchAxis() throws {
            let ae = try Builders.autoencoder(latent: 72)
            let x = try Tensor(zeros: [1, 28, 28])
            #expect(try ae(x).shape == [1, 28, 28])
            #expect(try ae.part("encoder")(x).shape == [72])
            #expect(try ae.part("decoder")(Tensor(zeros: [72])).shape == [1, 28, 28])
            #expect(try ae.part("encoder")(Tensor(zeros: [28, 28])).shape == [72])
            let up = try Model(layer: Upsample(scale: 2))(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
            #expect(up.shape == [4, 4] && up.scalars == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        }

        @Test func otherLatentSizesFollowTheDocumentedRule() throws {
            let a18 = try Builders.autoencoder(latent: 18)
            #expect(try a18.part("encoder").outputShape == [18])
            #expect(try a18.part("decoder").layer(at: 0).description == "unflatten 2×3×3")
            let a2 = try Builders.autoencoder(latent: 2)
            #expect(try a2.part("encoder").outputShape == [2])
            #expect(a2.outputShape == [1, 28, 28])
            #expect(throws: NNError("autoencoder: the latent size must be between 1 and 4096, got 0")) {
                try Builders.autoencoder(latent: 0)
            }
        }

        @Test func seedMakesInitRepeatable() throws {
            Random.seed(42)
            let a = try Builders.autoencoder(latent: 72).parameters.flatMap { $0.value.scalars }
            Random.seed(42)
            let b = try Builders.autoencoder(latent: 72).parameters.flatMap { $0.value.scalars }
            #expect(a == b)
            // PyTorch's bound for the first conv: 1/√9.
            let first = try Builders.autoencoder(latent: 72).parameters[0].value.scalars
            #expect(first.allSatisfy { abs($0) <= 1.0 / 3.0 })
        }
    }
}
