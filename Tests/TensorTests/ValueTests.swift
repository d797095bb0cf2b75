import Foundation
import Testing
@testable import Tensor

/// Values of the non-NN ops, worked out by hand (or by NumPy, which agrees).
@Suite struct ValueTests {
    let m = tensor([2, 3], [1, 2, 3, 4, 5, 6])

    @Test func creation() throws {
        #expect(try Tensor.ones([2, 2]).scalars == [1, 1, 1, 1])
        #expect(try Tensor.full([3], 2.5).scalars == [2.5, 2.5, 2.5])
        #expect(try Tensor.arange(4).scalars == [0, 1, 2, 3])
        let nested = try Tensor(nested: [[1, 2, 3], [4.5, 5, 6]])
        #expect(nested.shape == [2, 3])
        #expect(nested.scalars == [1, 2, 3, 4.5, 5, 6])
        #expect(try Tensor(nested: [[[1], [2]]]).shape == [1, 2, 1])
        #expect(try Tensor(nested: []).shape == [0])
        var rng = RandomGenerator(seed: 1)
        let r = try Tensor.randn([1000], std: 2, using: &rng)
        let mean = try r.mean().item, std = try (r - mean).pow(2).mean().item.squareRoot()
        #expect(Swift.abs(mean) < 0.2 && Swift.abs(std - 2) < 0.2)
        let u = try Tensor.uniform([1000], low: -1, high: 3, using: &rng)
        #expect(try u.min().item >= -1 && u.max().item < 3)
    }

    @Test func broadcasting() throws {
        let row = tensor([3], [10, 20, 30]), col = tensor([2, 1], [100, 200])
        #expect(try (m + row).scalars == [11, 22, 33, 14, 25, 36])
        #expect(try (m + col).scalars == [101, 102, 103, 204, 205, 206])
        let outer = try col * row
        #expect(outer.shape == [2, 3])
        #expect(outer.scalars == [1000, 2000, 3000, 2000, 4000, 6000])
        #expect(try (m - Tensor(scalar: 1)).scalars == [0, 1, 2, 3, 4, 5])
        #expect(try (row / tensor([1], [10])).scalars == [1, 2, 3])
        let a = tensor([2, 1, 3], [1, 2, 3, 4, 5, 6]), b = tensor([4, 1], [0, 1, 2, 3])
        let c = try a + b
        #expect(c.shape == [2, 4, 3])
        #expect(try c.select(1).select(2, axis: 1).scalars == [6, 7, 8, 9])
        #expect(try c.select(1).select(2).scalars == [6, 7, 8])
        #expect((2 * m + 1).scalars == [3, 5, 7, 9, 11, 13])
        #expect((1 - m).scalars == [0, -1, -2, -3, -4, -5])
        #expect((12 / tensor([3], [1, 2, 3])).scalars == [12, 6, 4])
        #expect((-m).scalars == [-1, -2, -3, -4, -5, -6])
    }

    @Test func elementwise() throws {
        expectClose(tensor([3], [0, 1, -1]).exp().scalars, [1, 2.7182817, 0.36787945], "exp")
        expectClose(tensor([2], [1, 100]).log().scalars, [0, 4.6051702], "log")
        #expect(tensor([2], [4, 9]).sqrt().scalars == [2, 3])
        #expect(tensor([3], [-2, 0, 3]).abs().scalars == [2, 0, 3])
        #expect(tensor([2], [2, 3]).pow(2).scalars == [4, 9])
        #expect(tensor([4], [-2, 0.5, 3, 1]).clamp(min: 0, max: 1).scalars == [0, 0.5, 1, 1])
        #expect(tensor([3], [-2, 0, 3]).relu().scalars == [0, 0, 3])
        #expect(tensor([2], [-2, 3]).leakyRelu(slope: 0.1).scalars == [-0.2, 3])
        #expect(tensor([1], [0]).sigmoid().scalars == [0.5])
        #expect(tensor([1], [0]).tanh().scalars == [0])
    }

    @Test func reductions() throws {
        let x = tensor([2, 3], [1, 5, 2, 7, 0, 3])
        #expect(try x.sum().item == 18)
        #expect(try x.sum().shape == [])
        #expect(try x.sum(axis: 0).scalars == [8, 5, 5])
        #expect(try x.sum(axis: 1, keepDims: true).shape == [2, 1])
        #expect(try x.sum(axis: -1).scalars == [8, 10])
        #expect(try x.mean().item == 3)
        #expect(try x.mean(axis: 0).scalars == [4, 2.5, 2.5])
        #expect(try x.max().item == 7)
        #expect(try x.max(axis: 1).scalars == [5, 7])
        #expect(try x.min(axis: 0).scalars == [1, 0, 2])
        #expect(try x.argmax(axis: 1).scalars == [1, 0])
        #expect(try x.argmax(axis: 0).scalars == [1, 0, 1])
        #expect(try tensor([3], [2, 2, 1]).argmax(axis: 0).scalars == [0])   // first of ties
        #expect(try x.sum(keepDims: true).shape == [1, 1])
    }

    @Test func matmul() throws {
        let b = tensor([3, 2], [1, 0, 0, 1, 1, 1])
        let c = try m.matmul(b)
        #expect(c.shape == [2, 2])
        #expect(c.scalars == [4, 5, 10, 11])
        let batched = try tensor([2, 2, 3], [1, 2, 3, 4, 5, 6, 0, 0, 1, 1, 0, 0]).matmul(b)
        #expect(batched.shape == [2, 2, 2])
        #expect(batched.scalars == [4, 5, 10, 11, 1, 1, 1, 0])
        let lin = try m.linear(weight: tensor([1, 3], [1, 1, 1]), bias: tensor([1], [0.5]))
        #expect(lin.shape == [2, 1])
        #expect(lin.scalars == [6.5, 15.5])
        let be = ReferenceBackend.shared
        #expect(be.matmul(m, m, transposeA: true, transposeB: false).scalars == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        #expect(be.matmul(m, m, transposeA: false, transposeB: true).scalars == [14, 32, 32, 77])
        #expect(be.matmul(b, m, transposeA: true, transposeB: true).scalars == [4, 10, 5, 11])
    }

    @Test func reshapeFamily() throws {
        #expect(try m.reshape([3, -1]).shape == [3, 2])
        #expect(try m.reshape([6]).scalars == [1, 2, 3, 4, 5, 6])
        #expect(try Tensor(zeros: [4, 1, 28, 28]).flatten().shape == [4, 784])
        #expect(try Tensor(zeros: [4, 1, 28, 28]).flatten(startDim: 0).shape == [3136])
        #expect(try Tensor(zeros: [4, 72]).unflatten(dim: 1, sizes: [8, 3, 3]).shape == [4, 8, 3, 3])
        #expect(try Tensor(zeros: [4, 72]).unflatten(dim: -1, sizes: [8, -1, 3]).shape == [4, 8, 3, 3])
        #expect(try m.unsqueeze(dim: 0).shape == [1, 2, 3])
        #expect(try m.unsqueeze(dim: -1).shape == [2, 3, 1])
        #expect(try Tensor(zeros: [1, 3, 1]).squeeze().shape == [3])
        #expect(try Tensor(zeros: [1, 3, 1]).squeeze(dim: -1).shape == [1, 3])
        let t = try m.transposed(0, 1)
        #expect(t.shape == [3, 2])
        #expect(t.scalars == [1, 4, 2, 5, 3, 6])
        #expect(try m.T.scalars == [1, 4, 2, 5, 3, 6])
        let p = try Tensor.arange(24).reshape([2, 3, 4]).permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        #expect(try p.select(1).select(1).scalars == [13, 17, 21])
    }

    @Test func slicingAndJoining() throws {
        #expect(try m.select(1).scalars == [4, 5, 6])
        #expect(try m.select(-1, axis: 1).scalars == [3, 6])
        #expect(try m.slice(1..<3, axis: 1).scalars == [2, 3, 5, 6])
        #expect(try m.slice(0..<0).shape == [0, 3])
        let x = try Tensor.arange(24).reshape([2, 3, 4])
        #expect(try x.slice(1..<2, axis: 1).scalars == [4, 5, 6, 7, 16, 17, 18, 19])
        let cat = try Tensor.concat([m, tensor([2, 1], [7, 8])], axis: 1)
        #expect(cat.shape == [2, 4])
        #expect(cat.scalars == [1, 2, 3, 7, 4, 5, 6, 8])
        #expect(try Tensor.concat([m, m], axis: 0).shape == [4, 3])
        let st = try Tensor.stack([tensor([2], [1, 2]), tensor([2], [3, 4])], axis: 1)
        #expect(st.shape == [2, 2])
        #expect(st.scalars == [1, 3, 2, 4])
        // Channel concatenation of images (U-Net skip connections).
        let a = try Tensor.ones([2, 3, 4, 4]), b = try Tensor(zeros: [2, 5, 4, 4])
        let ab = try Tensor.concat([a, b], axis: 1)
        #expect(ab.shape == [2, 8, 4, 4])
        #expect(try ab.select(0).select(2).sum().item == 16)
        #expect(try ab.select(1).select(3).sum().item == 0)
    }

    @Test func nnOpsByHand() throws {
        // The lecture's upsampling example: each pixel becomes a 2×2 block.
        let x = tensor([1, 1, 2, 2], [1, 2, 3, 4])
        #expect(try x.upsampleNearest(scale: 2).scalars == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        let img = tensor([1, 1, 4, 4], (0..<16).map(Float.init))
        #expect(try img.maxPool2d(kernel: 2).scalars == [5, 7, 13, 15])
        #expect(try img.avgPool2d(kernel: 2).scalars == [2.5, 4.5, 10.5, 12.5])
        #expect(try img.maxPool2d(kernel: 3, stride: 1).scalars == [10, 11, 14, 15])
        #expect(try img.globalAvgPool2d().scalars == [7.5])
        // A 3×3 box filter with padding 1 sums each neighbourhood.
        let box = try img.conv2d(weight: Tensor.ones([1, 1, 3, 3]), bias: tensor([1], [100]), padding: 1)
        #expect(box.scalars[0] == 100 + 0 + 1 + 4 + 5)
        #expect(box.scalars[5] == 100 + (0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10))
        let sm = try tensor([2, 2], [0, 0, 0, Float(log(3.0))]).softmax()
        expectClose(sm.scalars, [0.5, 0.5, 0.25, 0.75], "softmax")
        expectClose(try tensor([1, 2], [0, 0]).crossEntropy(labels: [1]).scalars, [Float(log(2.0))], "crossEntropy")
        expectClose(try tensor([2], [1, 0]).binaryCrossEntropy(tensor([2], [0, 0])).scalars, [50], "BCE clamps log at -100")
        #expect(try tensor([2], [1, 3]).mseLoss(tensor([2], [0, 0])).item == 5)
    }

    @Test func nanPropagates() throws {
        // A diverged model must show NaN, not hide it.
        let x = tensor([1, 1, 2, 2], [1, .nan, 0, 2])
        #expect(try x.maxPool2d(kernel: 2).item.isNaN)
        #expect(x.relu().scalars[1].isNaN)
        #expect(try x.sum().item.isNaN)
        #expect(try x.max().item.isNaN)
    }

    @Test func crossEntropyGradientIsSoftmaxMinusOneHotOverN() throws {
        let logits = param([2, 3], [1, 2, 3, 0, 0, 0])
        try logits.crossEntropy(labels: [2, 0]).backward()
        let p = try Autodiff.withoutGrad { try logits.softmax() }.scalars
        let expected = [p[0], p[1], p[2] - 1, p[3] - 1, p[4], p[5]].map { $0 / 2 }
        expectClose(logits.grad?.scalars ?? [], expected, tol: 1e-6, "gradient")
    }

    @Test func batchNormRunningStatistics() throws {
        let x = tensor([2, 1, 1, 2], [1, 2, 3, 6])          // mean 3, biased var 3.5, unbiased 14/3
        let rm = try Tensor(zeros: [1]), rv = try Tensor.ones([1])
        let y = try x.batchNorm2d(weight: nil, bias: nil, runningMean: rm, runningVar: rv, training: true)
        expectClose(rm.scalars, [0.3], tol: 1e-6, "running mean")
        expectClose(rv.scalars, [0.9 + 0.1 * 14 / 3], tol: 1e-6, "running var")
        expectClose(y.scalars, [-2, -1, 0, 3].map { $0 / Float((3.5 + 1e-5).squareRoot()) }, tol: 1e-5, "normalised")
        let e = try x.batchNorm2d(weight: tensor([1], [2]), bias: tensor([1], [1]), runningMean: rm, runningVar: rv, training: false)
        expectClose(e.scalars, [1, 2, 3, 6].map { 2 * ($0 - 0.3) / Float((0.9 + 0.1 * 14 / 3 + 1e-5).squareRoot()) + 1 }, tol: 1e-5, "eval")
        #expect(rm.scalars == [Float(0.3)])                  // eval leaves them alone
    }

    @Test func dropout() throws {
        var rng = RandomGenerator(seed: 3)
        let x = try Tensor.ones([10_000])
        let y = try x.dropout(p: 0.25, training: true, using: &rng)
        let kept = y.scalars.filter { $0 != 0 }
        #expect(kept.allSatisfy { Swift.abs($0 - 4 / 3) < 1e-6 })
        #expect(Swift.abs(Float(kept.count) / 10_000 - 0.75) < 0.02)
        #expect(try x.dropout(p: 0.25, training: false, using: &rng) === x)
        #expect(try x.dropout(p: 1, training: true, using: &rng).scalars.allSatisfy { $0 == 0 })
    }

    @Test func gradientsAccumulateAndFlowThroughSharedInputs() throws {
        let x = param([2], [1, 2])
        try (x * x).sum().backward()
        try (x * x).sum().backward()
        #expect(x.grad?.scalars == [4, 8])                    // 2 · 2x, accumulated
        let y = param([2], [3, 4])
        try (y + y).sum().backward()
        #expect(y.grad?.scalars == [2, 2])
        let a = param([2], [1, 1]), b = param([2], [1, 1])
        try (a + b).sum().backward()
        a.grad?.storage.pointer[0] = 42                       // a's gradient is its own
        #expect(b.grad?.scalars == [1, 1])
    }

    @Test func noGraphWithoutGrad() throws {
        let x = param([2], [1, 2])
        let y = Autodiff.withoutGrad { x.sigmoid() }
        #expect(y.gradFn == nil)
        #expect(x.sigmoid().gradFn != nil)
        #expect(tensor([2], [1, 2]).sigmoid().gradFn == nil)
    }

    @Test func outputsDoNotLeak() throws {
        weak var weakOut: Tensor?
        let x = param([2, 3], [1, 2, 3, 4, 5, 6])
        do {
            let y = try x.sigmoid().softmax().sum()
            weakOut = y
            try y.backward()
        }
        #expect(weakOut == nil)
    }
}
