import Testing
@testable import NN
import Tensor

/// Every user-reachable failure throws one clear message naming the layers and both
/// shapes; the table gives the exact text.
extension NNTests {
    @Suite struct ErrorMessages {
        @Test func compositionNamesBothLayersAndShapes() throws {
            let convs = try Model(chain: [Conv2d(out: 8, in: 16)], inputShape: [16, 7, 7])
            #expect(throws: NNError("fc(10) after conv 3×3 16→8: expected input of 72 features, got [8, 7, 7]")) {
                try convs.composed(with: Model(layer: Linear(out: 10, in: 72)))
            }
            let pooled = try Model(chain: [Conv2d(out: 8), Pool2d(.max)], inputShape: [1, 14, 14])
            #expect(throws: NNError("fc(10) after maxpool 2×2: expected flat features (add flatten before fc), got [8, 7, 7]")) {
                try pooled.composed(with: Model(layer: Linear(out: 10)))
            }
        }

        @Test func callingWithTheWrongInput() throws {
            let ae = try Builders.autoencoder(latent: 72)
            #expect(throws: NNError("conv 3×3 1→16 at the input: expected 1 input channel, got [3, 28, 28]")) {
                try ae(Tensor(zeros: [3, 28, 28]))
            }
            #expect(throws: NNError("unflatten 8×3×3 at the input: expected 72 features to unflatten into 8×3×3, got [50]")) {
                try ae.part("decoder")(Tensor(zeros: [50]))
            }
            #expect(throws: NNError("conv 3×3 1→16 at the input: expected an image [C, H, W], got [28, 28]")) {
                try ae.forward(Tensor(zeros: [1, 28, 28]))
            }
            // 32×32 images reach the decoder as 8×4×4 = 128 values.
            #expect(throws: NNError("unflatten 8×3×3 after flatten: expected 72 features to unflatten into 8×3×3, got [128] (the model was built for 1×28×28 inputs, this one is 1×32×32)")) {
                try ae(Tensor(zeros: [1, 32, 32]))
            }
            // The whole shape given, refused at the first layer (issue 14 item 4).
            #expect(throws: NNError("conv 3×3 1→16 at the input: expected an image [C, H, W], got [784]")) {
                try ae.part("encoder")(Tensor(zeros: [784]))
            }
            #expect(throws: NNError("conv 3×3 1→16 at the input: expected an image [C, H, W], got [1, 2, 3, 4, 5]")) {
                try ae(Tensor(zeros: [1, 2, 3, 4, 5]))
            }
            #expect(throws: NNError("conv 3×3 1→16 at the input: expected an image [C, H, W], got [2, 784]")) {
                try ae(Tensor(zeros: [2, 784]))
            }
            let clf = try Builders.classifier(classes: 10, latent: 72, encoder: nil)
            #expect(throws: NNError("fc(10) after flatten: expected input of 72 features, got [32] (the model was built for 1×28×28 inputs, this one is 1×20×20)")) {
                try clf(Tensor(zeros: [1, 20, 20]))
            }
            #expect(throws: NNError("maxpool 2×2 after conv 3×3 1→4: expected an image of at least 2×2, got [4, 1, 1]")) {
                try Model(chain: [Conv2d(out: 4), Pool2d(.max)])(Tensor(zeros: [1, 1, 1]))
            }
        }

        @Test func partsSlicesAndIndices() throws {
            let ae = try Builders.autoencoder(latent: 72)
            #expect(throws: NNError("this model has no part 'head'; its parts are encoder, decoder")) { try ae.part("head") }
            #expect(throws: NNError("this model has no part 'encoder'; it has no named parts")) {
                try Model(layer: ReLU()).part("encoder")
            }
            #expect(throws: NNError("slice 0..<30 is out of range: the model has 21 layers (0..<21)")) { try ae.slice(0..<30) }
            #expect(throws: NNError("layer index 21 is out of range: the model has 21 layers (0..<21)")) { try ae.layer(at: 21) }
        }

        @Test func layerArguments() {
            #expect(throws: NNError("conv: the number of output channels must be between 1 and 1,048,576, got 0")) { try Conv2d(out: 0) }
            #expect(throws: NNError("conv: the padding must be between 0 and 1024, got 9223372036854775807")) { try Conv2d(out: 1, padding: .max) }
            #expect(throws: NNError("fc: a parameter of shape [16777216, 100000] is too large (limit 268,435,456 values)")) {
                try Linear(out: 1 << 24, in: 100_000)
            }
            #expect(throws: NNError("conv: 6 output channels cannot be split into 4 groups")) { try Conv2d(out: 6, groups: 4) }
            #expect(throws: NNError("fc: the number of outputs must be between 1 and 16,777,216, got -3")) { try Linear(out: -3) }
            #expect(throws: NNError("maxpool: the kernel size must be at least 1, got 0")) { try Pool2d(.max, kernel: 0) }
            #expect(throws: NNError("upsample: the scale must be at least 1, got 0")) { try Upsample(scale: 0) }
            #expect(throws: NNError("dropout: p must be in [0, 1), got 1.0")) { try Dropout(p: 1) }
            #expect(throws: NNError("unflatten: sizes must be positive, got [8, 0]")) { try Unflatten([8, 0]) }
        }

        @Test func hugeLazyLayersAreRefusedWhenShaped() throws {
            #expect(throws: NNError("fc(16777216) at the input: fc: a parameter of shape [16777216, 784] is too large (limit 268,435,456 values)")) {
                try Model(chain: [Linear(out: 1 << 24)], inputShape: [784])
            }
        }

        @Test func mergeShapes() throws {
            let b = GraphBuilder()
            let c = b.add(try Conv2d(out: 2), b.input)
            b.add(Add(), c, b.input)
            #expect(throws: NNError("add after conv 3×3 3→2 and the input: expected inputs of the same shape [2, 4, 4], got [3, 4, 4]")) {
                try b.model(inputShape: [3, 4, 4])
            }
            let g = GraphBuilder()
            let p = g.add(try Pool2d(.max), g.input)
            g.add(Concat(), p, g.input)
            #expect(throws: NNError("concat after maxpool 2×2 and the input: expected inputs matching [3, 2, 2] except in channels, got [3, 4, 4]")) {
                try g.model(inputShape: [3, 4, 4])
            }
        }

        @Test func lossesNameTheShapes() throws {
            let x = try Tensor(zeros: [2, 1, 4, 4])
            #expect(throws: NNError("bce compares the output with the input, but the output is [2, 10] and the input [2, 1, 4, 4]")) {
                try LossKind.binaryCrossEntropy.compute(output: Tensor(zeros: [2, 10]), images: x, labels: [])
            }
            #expect(throws: NNError("cross-entropy: label 12 is outside the model's 10 classes (0..<10)")) {
                try LossKind.crossEntropy.compute(output: Tensor(zeros: [2, 10]), images: x, labels: [1, 12])
            }
            #expect(throws: NNError("cross-entropy needs one label per sample: 2 outputs, 0 labels")) {
                try LossKind.crossEntropy.compute(output: Tensor(zeros: [2, 10]), images: x, labels: [])
            }
        }
    }
}
