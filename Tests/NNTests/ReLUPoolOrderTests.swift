import Testing
@testable import NN
import Tensor

/// `Model.forward` runs relu → maxpool as maxpool → relu (a quarter of the pixels for
/// the relu). The result and every gradient must be exactly those of the layers run
/// one by one in their written order, on every backend.
extension NNTests {
    @Suite struct ReLUPoolOrder {
        /// conv → relu → maxpool → conv → relu → maxpool, the encoder's pattern.
        func model() throws -> Model {
            try Model(chain: [Conv2d(out: 4), ReLU(), Pool2d(.max), Conv2d(out: 3, in: 4), ReLU(), Pool2d(.max)],
                      inputShape: [1, 8, 8])
        }

        /// The output and the input/weight gradients of sum(output · weights).
        func run(_ m: Model, _ x: Tensor, _ w: Tensor, layerByLayer: Bool) throws -> [[Float]] {
            m.zeroGradients()
            var y = x
            if layerByLayer { for n in m.nodes { y = try n.layer.forward([y]) } } else { y = try m.forward(x) }
            let loss = try y.multiplying(w).sum()
            let gx = try Autodiff.gradients(of: loss, wrt: [x])[0]
            try loss.backward()
            return [y.scalars, gx.scalars] + m.parameters.map { $0.grad?.scalars ?? [] }
        }

        @Test(arguments: backendNames) func sameValuesAndGradientsAsTheWrittenOrder(backend: String) throws {
            try Backend.with(backend) {
                let m = try model()
                var rng = RandomGenerator(seed: 3)
                let x = try Tensor.randn([5, 1, 8, 8], using: &rng)
                x.requiresGrad = true
                let w = try Tensor.randn([5, 3, 2, 2], using: &rng)
                let swapped = try run(m, x, w, layerByLayer: false)
                let written = try run(m, x, w, layerByLayer: true)
                #expect(swapped.count == 6)  // output, input gradient, 2 weights and 2 biases
                for (a, b) in zip(swapped, written) { #expect(a == b) }
                // Some windows are all negative before the relu (their gradient is zero both ways).
                #expect(swapped[0].contains(0))
                #expect(swapped[0].contains { $0 > 0 })
            }
        }

        @Test func theReLUsOwnOutputIsStillThereWhenAskedFor() throws {
            let m = try model()
            var rng = RandomGenerator(seed: 4)
            let x = try Tensor.randn([2, 1, 8, 8], using: &rng)
            let r = try m.forward(x, through: 1)
            #expect(r.shape == [2, 4, 8, 8])
            #expect(r.scalars.allSatisfy { $0 >= 0 })
        }
    }
}
