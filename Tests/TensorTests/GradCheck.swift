import Foundation
import Testing
@testable import Tensor

/// Central-difference gradient checking on the reference backend.
///
/// The loss is sum(f(inputs) · seed) for a fixed random seed. The forward runs
/// in Float, so the step is 1e-3 and the tolerance 2e-2 relative (the doubles-only
/// checks for conv and linear in `DoubleReferenceTests` are much tighter).
func checkGradients(_ what: String, _ inputs: [(shape: [Int], values: [Float])],
                    eps: Float = 1e-3, tol: Float = 2e-2,
                    sourceLocation: SourceLocation = #_sourceLocation,
                    _ f: ([Tensor]) throws -> Tensor) throws {
    try withBackend("reference") {
        let leaves = inputs.map { param($0.shape, $0.values) }
        let y = try f(leaves)
        let seed = tensor(y.shape, noise(y.count, seed: 99))
        try y.backward(seed: seed)
        let seedValues = seed.scalars.map(Double.init)

        func loss(_ values: [[Float]]) throws -> Double {
            let ts = zip(inputs, values).map { tensor($0.shape, $1) }
            let out = try Autodiff.withoutGrad { try f(ts) }.scalars
            return zip(out, seedValues).reduce(0) { $0 + Double($1.0) * $1.1 }
        }

        for (i, input) in inputs.enumerated() {
            guard let analytic = leaves[i].grad?.scalars else {
                Issue.record("\(what): input \(i) got no gradient", sourceLocation: sourceLocation)
                continue
            }
            var numeric = [Float](repeating: 0, count: input.values.count)
            var values = inputs.map(\.values)
            for j in 0..<input.values.count {
                let v = values[i][j]
                values[i][j] = v + eps
                let up = try loss(values)
                values[i][j] = v - eps
                let down = try loss(values)
                values[i][j] = v
                numeric[j] = Float((up - down) / Double(2 * eps))
            }
            expectClose(analytic, numeric, tol: tol, "\(what): gradient of input \(i)", sourceLocation: sourceLocation)
        }
    }
}

/// Random values kept at least `gap` away from zero (for kinks at 0: relu, abs).
func awayFromZero(_ n: Int, seed: UInt64, gap: Float = 0.05) -> [Float] {
    noise(n, seed: seed).map { $0 >= 0 ? $0 + gap : $0 - gap }
}

/// Random values in [0.1, 0.9] (probabilities, positive inputs of log and sqrt).
func probabilities(_ n: Int, seed: UInt64) -> [Float] {
    noise(n, seed: seed).map { 0.5 + 0.4 * $0 }
}

@Suite struct GradCheckTests {
    @Test func conv2d() throws {
        for (stride, padding, groups) in [(1, 1, 1), (2, 0, 1), (1, 2, 2), (2, 1, 4)] {
            let x = ([2, 4, 6, 5], noise(240, seed: 1)), w = ([4, 4 / groups, 3, 3], noise(36 * 4 / groups, seed: 2))
            try checkGradients("conv2d s\(stride) p\(padding) g\(groups)", [x, w, ([4], noise(4, seed: 3))]) {
                try $0[0].conv2d(weight: $0[1], bias: $0[2], stride: stride, padding: padding, groups: groups)
            }
        }
        try checkGradients("conv2d 1×2 kernel, no bias", [([1, 2, 4, 4], noise(32, seed: 4)), ([3, 2, 1, 2], noise(12, seed: 5))]) {
            try $0[0].conv2d(weight: $0[1], bias: nil)
        }
    }

    @Test func pooling() throws {
        let x = ([2, 2, 7, 6], noise(168, seed: 6))
        try checkGradients("maxPool2d", [x]) { try $0[0].maxPool2d(kernel: 2) }
        try checkGradients("maxPool2d k3 s1", [x]) { try $0[0].maxPool2d(kernel: 3, stride: 1) }
        try checkGradients("avgPool2d", [x]) { try $0[0].avgPool2d(kernel: 2) }
        try checkGradients("avgPool2d k3 s2", [x]) { try $0[0].avgPool2d(kernel: 3, stride: 2) }
        try checkGradients("globalAvgPool2d", [x]) { try $0[0].globalAvgPool2d() }
        try checkGradients("upsampleNearest", [([2, 2, 3, 2], noise(24, seed: 7))]) { try $0[0].upsampleNearest(scale: 3) }
    }

    @Test func linearAndMatmul() throws {
        try checkGradients("linear", [([3, 5], noise(15, seed: 8)), ([4, 5], noise(20, seed: 9)), ([4], noise(4, seed: 10))]) {
            try $0[0].linear(weight: $0[1], bias: $0[2])
        }
        try checkGradients("linear 1-D", [([5], noise(5, seed: 8)), ([4, 5], noise(20, seed: 9))]) {
            try $0[0].linear(weight: $0[1], bias: nil)
        }
        try checkGradients("matmul", [([3, 4], noise(12, seed: 11)), ([4, 2], noise(8, seed: 12))]) { try $0[0].matmul($0[1]) }
        try checkGradients("batched matmul", [([2, 3, 4], noise(24, seed: 13)), ([4, 2], noise(8, seed: 14))]) { try $0[0].matmul($0[1]) }
    }

    @Test func activations() throws {
        let x = ([3, 7], awayFromZero(21, seed: 15))
        try checkGradients("relu", [x]) { $0[0].relu() }
        try checkGradients("leakyRelu", [x]) { $0[0].leakyRelu(slope: 0.2) }
        try checkGradients("sigmoid", [x]) { $0[0].sigmoid() }
        try checkGradients("tanh", [x]) { $0[0].tanh() }
        try checkGradients("softmax", [x]) { try $0[0].softmax() }
        try checkGradients("softmax axis 0", [x]) { try $0[0].softmax(axis: 0) }
        try checkGradients("logSoftmax", [x]) { try $0[0].logSoftmax(axis: 1) }
        try checkGradients("logSoftmax axis 0", [x]) { try $0[0].logSoftmax(axis: 0) }
    }

    @Test func losses() throws {
        let target = tensor([3, 4], probabilities(12, seed: 16))
        try checkGradients("mseLoss", [([3, 4], noise(12, seed: 17)), ([3, 4], noise(12, seed: 18))]) { try $0[0].mseLoss($0[1]) }
        try checkGradients("binaryCrossEntropy", [([3, 4], probabilities(12, seed: 19))]) { try $0[0].binaryCrossEntropy(target) }
        try checkGradients("crossEntropy", [([4, 5], noise(20, seed: 20))]) { try $0[0].crossEntropy(labels: [0, 4, 2, 2]) }
    }

    @Test func batchNorm() throws {
        let x = ([3, 2, 3, 3], noise(54, seed: 21)), w = ([2], [1.5, -0.5] as [Float]), b = ([2], [0.1, 0.2] as [Float])
        try checkGradients("batchNorm2d training", [x, w, b], tol: 3e-2) {
            try $0[0].batchNorm2d(weight: $0[1], bias: $0[2], runningMean: nil, runningVar: nil, training: true)
        }
        let rm = tensor([2], [0.1, -0.2]), rv = tensor([2], [0.5, 2])
        try checkGradients("batchNorm2d eval", [x, w, b]) {
            try $0[0].batchNorm2d(weight: $0[1], bias: $0[2], runningMean: rm, runningVar: rv, training: false)
        }
        try checkGradients("batchNorm on [N, C]", [([5, 3], noise(15, seed: 22))], tol: 3e-2) {
            try $0[0].batchNorm2d(weight: nil, bias: nil, runningMean: nil, runningVar: nil, training: true)
        }
    }

    @Test func dropout() throws {
        try checkGradients("dropout", [([4, 5], noise(20, seed: 23))]) {
            var rng = RandomGenerator(seed: 5)   // the same mask on every evaluation
            return try $0[0].dropout(p: 0.3, training: true, using: &rng)
        }
    }

    @Test func arithmetic() throws {
        let a = ([2, 3], awayFromZero(6, seed: 24)), row = ([3], awayFromZero(3, seed: 25))
        let col = ([2, 1], awayFromZero(2, seed: 26)), scalar = ([Int](), [1.7] as [Float])
        for (name, other) in [("same", ([2, 3], awayFromZero(6, seed: 27))), ("row", row), ("column", col), ("scalar", scalar)] {
            try checkGradients("add \(name)", [a, other]) { try $0[0] + $0[1] }
            try checkGradients("subtract \(name)", [a, other]) { try $0[1] - $0[0] }
            try checkGradients("multiply \(name)", [a, other]) { try $0[0] * $0[1] }
            try checkGradients("divide \(name)", [a, other]) { try $0[0] / $0[1] }
        }
        try checkGradients("broadcast both ways", [col, row]) { try $0[0] * $0[1] }
        try checkGradients("scalar forms", [a]) { t in
            let x = t[0], y = 2 * t[0] + 1
            return try ((y - 0.5) * 3 - (1 - x) / 2 + 4 / y.abs()).negated()
        }
        try checkGradients("prefix minus", [a]) { -$0[0] }
    }

    @Test func elementwise() throws {
        let x = ([2, 3], awayFromZero(6, seed: 28)), positive = ([2, 3], probabilities(6, seed: 29))
        try checkGradients("exp", [x]) { $0[0].exp() }
        try checkGradients("log", [positive]) { $0[0].log() }
        try checkGradients("sqrt", [positive]) { $0[0].sqrt() }
        try checkGradients("abs", [x]) { $0[0].abs() }
        try checkGradients("pow 3", [x]) { $0[0].pow(3) }
        try checkGradients("pow 0.5", [positive]) { $0[0].pow(0.5) }
        try checkGradients("clamp", [x]) { $0[0].clamp(min: -0.51, max: 0.49) }
    }

    @Test func reductions() throws {
        let x = ([2, 3, 4], noise(24, seed: 30))
        try checkGradients("sum", [x]) { try $0[0].sum() }
        for axis in [0, 1, 2, -1] {
            try checkGradients("sum axis \(axis)", [x]) { try $0[0].sum(axis: axis) }
            try checkGradients("mean axis \(axis) keepDims", [x]) { try $0[0].mean(axis: axis, keepDims: true) }
            try checkGradients("max axis \(axis)", [x]) { try $0[0].max(axis: axis) }
            try checkGradients("min axis \(axis)", [x]) { try $0[0].min(axis: axis) }
        }
        try checkGradients("mean", [x]) { try $0[0].mean() }
        try checkGradients("max", [x]) { try $0[0].max() }
        try checkGradients("min keepDims", [x]) { try $0[0].min(keepDims: true) }
    }

    @Test func shapeAndIndexing() throws {
        let x = ([2, 3, 4], noise(24, seed: 31)), y = ([2, 2, 4], noise(16, seed: 32))
        try checkGradients("reshape", [x]) { try $0[0].reshape([4, -1]).sigmoid() * 1 }
        try checkGradients("flatten", [x]) { try $0[0].flatten().tanh() }
        try checkGradients("unflatten", [x]) { try $0[0].unflatten(dim: 2, sizes: [2, 2]).sigmoid() }
        try checkGradients("transposed", [x]) { try $0[0].transposed(0, 2).tanh() }
        try checkGradients("permuted", [x]) { try $0[0].permuted([1, 2, 0]).tanh() }
        try checkGradients("unsqueeze/squeeze", [x]) { try $0[0].unsqueeze(dim: 1).tanh().squeeze(dim: 1) }
        try checkGradients("select", [x]) { try $0[0].select(-1, axis: 1).tanh() }
        try checkGradients("slice", [x]) { try $0[0].slice(1..<3, axis: 2).tanh() }
        try checkGradients("concat", [x, y]) { try Tensor.concat([$0[0], $0[1]], axis: 1).tanh() }
        try checkGradients("stack", [y, y]) { try Tensor.stack([$0[0], $0[1].sigmoid()], axis: 2) }
    }

    @Test func composite() throws {
        // A small autoencoder step end to end: conv, relu, pool, upsample, sigmoid, BCE.
        let x = ([2, 1, 6, 6], probabilities(72, seed: 33)), w = ([3, 1, 3, 3], noise(27, seed: 34))
        let w2 = ([1, 3, 3, 3], noise(27, seed: 35))
        let target = tensor([2, 1, 6, 6], probabilities(72, seed: 36))
        try checkGradients("tiny autoencoder", [x, w, w2]) { t in
            let h = try t[0].conv2d(weight: t[1], bias: nil, padding: 1).relu().maxPool2d(kernel: 2)
            let r = try h.upsampleNearest(scale: 2).conv2d(weight: t[2], bias: nil, padding: 1).sigmoid()
            return try r.binaryCrossEntropy(target)
        }
    }
}
