import Testing
@testable import NN
import Tensor

/// The chunked (data-parallel) training step gives the serial step's loss and
/// gradients, for every layer kind it accepts, on every backend, with one thread and
/// with two; models it must not split stay serial.
extension NNTests {
    @Suite struct ChunkedStepGradients {
        /// Every layer kind the chunked step accepts, in one graph: conv, relu, leaky
        /// relu, tanh, sigmoid, max and average pooling, upsampling, add, concat,
        /// global average pooling, flatten, unflatten, identity, fc and softmax.
        func everyKind() throws -> Model {
            let b = GraphBuilder()
            let c1 = b.add(try Conv2d(out: 4), b.input)
            let r = b.add(ReLU(), c1)
            let p = b.add(try Pool2d(.max), r)                               // 4×4×4
            let t = b.add(Tanh(), b.add(try Conv2d(out: 4, in: 4), p))
            let sum = b.add(Add(), t, p)
            let l = b.add(LeakyReLU(slope: 0.1), b.add(try Conv2d(out: 2, kernel: 1, in: 4), sum))
            let cat = b.add(Concat(), sum, l)                                // 6×4×4
            let up = b.add(try Pool2d(.average), b.add(try Upsample(scale: 2), cat))
            let s = b.add(Sigmoid(), up)
            let g = b.add(GlobalAvgPool(), s)                                // 6
            let f = b.add(Identity(), b.add(Flatten(), b.add(try Unflatten([6, 1, 1]), g)))
            b.add(Softmax(), b.add(try Linear(out: 3), f))
            return try b.model(inputShape: [1, 8, 8])
        }

        func serial(_ m: Model, _ x: Tensor, _ labels: [Int]) throws -> (Float, [[Float]]) {
            m.zeroGradients()
            let r = try m.lossTerms(.crossEntropy, images: x, labels: labels)
            try r.loss.backward()
            return (r.loss.item, m.parameters.map { $0.grad?.scalars ?? [] })
        }

        @Test(arguments: backendNames, [1, 2]) func sameLossAndGradientsAsTheSerialStep(backend: String, threads: Int) throws {
            try Backend.with(backend) {
                let m = try everyKind()
                #expect(ChunkedStep.applies(m, .crossEntropy))
                var rng = RandomGenerator(seed: 11)
                let x = try Tensor.randn([10, 1, 8, 8], using: &rng)
                let labels = (0..<10).map { $0 % 3 }
                let (loss, grads) = try serial(m, x, labels)
                m.zeroGradients()
                // 10 samples in 4 chunks of 2 or 3: unequal chunks are weighted by size.
                let chunked = try ChunkedStep.run(model: m, loss: .crossEntropy, images: x, labels: labels, input: nil,
                                                  params: m.parameters, chunks: 4, threads: threads)
                #expect(abs(chunked - loss) <= 1e-6 * max(1, abs(loss)))
                let got = m.parameters.map { $0.grad?.scalars ?? [] }
                #expect(got.count == grads.count && got.count == 8)
                for (a, b) in zip(got, grads) { #expect(scaledError(a, b) < 1e-5) }
                m.zeroGradients()
            }
        }

        @Test func theReferenceAutoencoderWithBCE() throws {
            let ae = try Builders.autoencoder(latent: 72)
            var rng = RandomGenerator(seed: 5)
            let x = try Tensor.uniform([8, 1, 28, 28], low: 0, high: 1, using: &rng)
            #expect(ChunkedStep.applies(ae, .binaryCrossEntropy))
            ae.zeroGradients()
            let r = try ae.lossTerms(.binaryCrossEntropy, images: x, labels: [])
            try r.loss.backward()
            let grads = ae.parameters.map { $0.grad!.scalars }
            ae.zeroGradients()
            let loss = try ChunkedStep.run(model: ae, loss: .binaryCrossEntropy, images: x, labels: [], input: nil,
                                           params: ae.parameters, chunks: 2, threads: 2)
            #expect(abs(loss - r.loss.item) <= 1e-6)
            for (a, b) in zip(ae.parameters.map { $0.grad!.scalars }, grads) { #expect(scaledError(a, b) < 1e-5) }
            ae.zeroGradients()
        }

        @Test func frozenParametersGetNoGradient() throws {
            let m = try Model(chain: [Conv2d(out: 2), ReLU(), Flatten(), Linear(out: 2)], inputShape: [1, 4, 4])
            m.parameters[0].isFrozen = true
            var rng = RandomGenerator(seed: 2)
            let x = try Tensor.randn([4, 1, 4, 4], using: &rng)
            _ = try ChunkedStep.run(model: m, loss: .crossEntropy, images: x, labels: [0, 1, 0, 1], input: nil,
                                    params: m.parameters, chunks: 2, threads: 2)
            #expect(m.parameters[0].grad == nil)
            #expect(m.parameters[2].grad != nil)
            m.zeroGradients()
        }

        @Test func batchNormDropoutAndTheVAEStaySerial() throws {
            let bn = try Model(chain: [Conv2d(out: 2), BatchNorm2d(), ReLU()], inputShape: [1, 4, 4])
            let drop = try Model(chain: [Flatten(), Dropout(p: 0.5), Linear(out: 2)], inputShape: [1, 4, 4])
            #expect(!ChunkedStep.applies(bn, .mse))
            #expect(!ChunkedStep.applies(drop, .crossEntropy))
            #expect(!ChunkedStep.applies(try Builders.vae(latent: 8), .elbo))
            #expect(ChunkedStep.chunkCount(batch: 128, threads: 2, chunks: 0) == 2)
            #expect(ChunkedStep.chunkCount(batch: 128, threads: 2, chunks: 4) == 4)
            #expect(ChunkedStep.chunkCount(batch: 3, threads: 2, chunks: 8) == 3)
        }
    }
}
