import Testing
@testable import Tensor

/// Whole training steps, run on each backend and compared with the reference:
/// the fast backend's layouts must never leak into values or gradients,
/// including where its outputs meet ops that have no kernel (reshape, batch
/// norm, concat, losses).
@Suite struct BackendAgreementTests {
    /// Loss and every gradient of a small classifier and a small U-Net-like autoencoder.
    static func step(_ backend: String) throws -> [[Float]] {
        try withBackend(backend) {
            let x = tensor([4, 1, 8, 8], noise(256, seed: 50).map { 0.5 + 0.5 * $0 })
            let w1 = param([8, 1, 3, 3], noise(72, seed: 51)), b1 = param([8], noise(8, seed: 52))
            let dw = param([8, 1, 3, 3], noise(72, seed: 53))
            let gamma = param([8], [Float](repeating: 1, count: 8)), beta = param([8], [Float](repeating: 0, count: 8))
            let fc = param([3, 8 * 4 * 4], noise(384, seed: 54)), fb = param([3], noise(3, seed: 55))
            let up = param([1, 16, 3, 3], noise(144, seed: 56))

            let h = try x.conv2d(weight: w1, bias: b1, padding: 1).relu()
            let d = try h.conv2d(weight: dw, bias: nil, padding: 1, groups: 8).leakyRelu(slope: 0.1)
            let n = try d.batchNorm2d(weight: gamma, bias: beta, runningMean: nil, runningVar: nil, training: true)
            let p = try n.maxPool2d(kernel: 2)
            let logits = try p.flatten().linear(weight: fc, bias: fb)
            let ce = try logits.crossEntropy(labels: [0, 2, 1, 2])

            let skip = try Tensor.concat([try p.avgPool2d(kernel: 1).upsampleNearest(scale: 2), h], axis: 1)
            let r = try (try skip.conv2d(weight: up, bias: nil, padding: 1) + x).sigmoid()
            let bce = try r.binaryCrossEntropy(x)
            let loss = try ce + bce
            try loss.backward()
            return [loss.scalars] + [w1, b1, dw, gamma, beta, fc, fb, up].map { $0.grad?.scalars ?? [] }
        }
    }

    @Test(arguments: backendNames.filter { $0 != "reference" })
    func trainingStepMatchesReference(backend: String) throws {
        let expected = try Self.step("reference"), actual = try Self.step(backend)
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            expectClose(a, e, tol: 1e-4, "\(backend): \(i == 0 ? "loss" : "gradient \(i)")")
        }
    }
}
