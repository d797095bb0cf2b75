import Testing
@testable import Tensor

/// Bad input never traps: every op throws one message naming the op and the
/// shapes. Each row is an expression and its exact message.
@Suite struct ErrorMessageTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let message: String
        let body: @Sendable () throws -> Any
        init(_ message: String, _ body: @escaping @Sendable () throws -> Any) { self.message = message; self.body = body }
        var testDescription: String { message }
    }

    static func z(_ shape: [Int]) -> Tensor { try! Tensor(zeros: shape) }

    static let rows: [Row] = [
        // creation
        Row("tensor: shape [2, 2] needs 4 values, got 3") { try Tensor(shape: [2, 2], scalars: [1, 2, 3]) },
        Row("zeros: negative dimension in shape [2, -1]") { try Tensor(zeros: [2, -1]) },
        Row("zeros: shape [100000, 100000] is too large (limit 1073741824 elements)") { try Tensor(zeros: [100_000, 100_000]) },
        Row("tensor: ragged nesting: expected 2 elements at depth 1, got 1") { try Tensor(nested: [[1, 2], [3]]) },
        Row("tensor: String is not a number") { try Tensor(nested: [1, "two"]) },
        Row("uniform: low 1.0 is above high 0.0") { var r = RandomGenerator(seed: 0); return try Tensor.uniform([2], low: 1, high: 0, using: &r) },
        // shape
        Row("reshape: cannot reshape [2, 3] (6 elements) to [4, -1]") { try z([2, 3]).reshape([4, -1]) },
        Row("reshape: cannot reshape [2, 3] (6 elements) to [4]") { try z([2, 3]).reshape([4]) },
        Row("reshape: only one dimension can be -1, got [-1, -1]") { try z([2, 3]).reshape([-1, -1]) },
        Row("reshape: shape [9223372036854775807, 2] is too large (limit 1073741824 elements)") { try z([2, 3]).reshape([-1, Int.max, 2]) },
        Row("arange: count must be non-negative, got -1") { try Tensor.arange(-1) },
        Row("conv2d: padding 9223372036854775807 is too large") { try z([1, 1, 8, 8]).conv2d(weight: z([16, 1, 3, 3]), bias: nil, padding: Int.max) },
        Row("flatten: axis 4 is out of range for shape [2, 3]") { try z([2, 3]).flatten(startDim: 4) },
        Row("unflatten: cannot split axis 1 of size 72 into [8, 3, 4] (shape [2, 72])") { try z([2, 72]).unflatten(dim: 1, sizes: [8, 3, 4]) },
        Row("squeeze: axis 0 has size 2, not 1 (shape [2, 3])") { try z([2, 3]).squeeze(dim: 0) },
        Row("unsqueeze: axis 3 is out of range for shape [2]") { try z([2]).unsqueeze(dim: 3) },
        Row("transposed: axis 2 is out of range for shape [2, 3]") { try z([2, 3]).transposed(0, 2) },
        Row("permute: [0, 0] is not a permutation of the axes of [2, 3]") { try z([2, 3]).permuted([0, 0]) },
        // indexing
        Row("select: index 5 is out of range for axis 0 of size 3 (shape [3, 4])") { try z([3, 4]).select(5) },
        Row("select: index -4 is out of range for axis 0 of size 3 (shape [3, 4])") { try z([3, 4]).select(-4) },
        Row("slice: range 2..<6 is out of bounds for axis 1 of size 4 (shape [3, 4])") { try z([3, 4]).slice(2..<6, axis: 1) },
        Row("concat: needs at least one tensor") { try Tensor.concat([], axis: 0) },
        Row("concat: shapes [2, 3], [3, 3] differ outside axis 1") { try Tensor.concat([z([2, 3]), z([3, 3])], axis: 1) },
        Row("stack: shapes [2, 3], [3, 2] differ") { try Tensor.stack([z([2, 3]), z([3, 2])]) },
        // arithmetic and reductions
        Row("add: shapes [2, 3] and [4] cannot be broadcast together") { try z([2, 3]) + z([4]) },
        Row("multiply: shapes [2, 3] and [3, 2] cannot be broadcast together") { try z([2, 3]) * z([3, 2]) },
        Row("sum: axis 2 is out of range for shape [2, 3]") { try z([2, 3]).sum(axis: 2) },
        Row("mean: axis -3 is out of range for shape [2, 3]") { try z([2, 3]).mean(axis: -3) },
        Row("max: max of an empty tensor (shape [0])") { try z([0]).max() },
        Row("argmax: axis 1 is out of range for shape [4]") { try z([4]).argmax(axis: 1) },
        Row("matmul: [4, 5] × [4, 5]: inner dimensions 5 and 4 differ") { try z([4, 5]).matmul(z([4, 5])) },
        Row("matmul: [5] × [5, 2]: expected [m, k] × [k, n] or [b, m, k] × [k, n]") { try z([5]).matmul(z([5, 2])) },
        // neural-network ops
        Row("conv2d: expected 1 input channel, got 3 (input [1, 3, 28, 28], weight [16, 1, 3, 3])") {
            try z([1, 3, 28, 28]).conv2d(weight: z([16, 1, 3, 3]), bias: nil)
        },
        Row("conv2d: expected 8 input channels (4 groups of 2), got 4 (input [1, 4, 5, 5], weight [8, 2, 3, 3])") {
            try z([1, 4, 5, 5]).conv2d(weight: z([8, 2, 3, 3]), bias: nil, groups: 4)
        },
        Row("conv2d: expected input [N, C, H, W], got [3, 28, 28]") { try z([3, 28, 28]).conv2d(weight: z([16, 3, 3, 3]), bias: nil) },
        Row("conv2d: expected weight [out, in/groups, kh, kw], got [16, 3]") { try z([1, 3, 8, 8]).conv2d(weight: z([16, 3]), bias: nil) },
        Row("conv2d: kernel 5×5 is larger than the padded input 3×3 (input [1, 1, 3, 3], weight [2, 1, 5, 5])") {
            try z([1, 1, 3, 3]).conv2d(weight: z([2, 1, 5, 5]), bias: nil)
        },
        Row("conv2d: expected bias [16], got [8]") { try z([1, 1, 8, 8]).conv2d(weight: z([16, 1, 3, 3]), bias: z([8])) },
        Row("conv2d: stride must be at least 1, got 0") { try z([1, 1, 8, 8]).conv2d(weight: z([16, 1, 3, 3]), bias: nil, stride: 0) },
        Row("conv2d: padding must be non-negative, got -1") { try z([1, 1, 8, 8]).conv2d(weight: z([16, 1, 3, 3]), bias: nil, padding: -1) },
        Row("conv2d: groups must be at least 1, got 0") { try z([1, 1, 8, 8]).conv2d(weight: z([16, 1, 3, 3]), bias: nil, groups: 0) },
        Row("conv2d: 6 output channels cannot be split into 4 groups (input [1, 4, 8, 8], weight [6, 1, 3, 3])") {
            try z([1, 4, 8, 8]).conv2d(weight: z([6, 1, 3, 3]), bias: nil, groups: 4)
        },
        Row("maxPool2d: expected input [N, C, H, W], got [28, 28]") { try z([28, 28]).maxPool2d(kernel: 2) },
        Row("maxPool2d: kernel 2 is larger than the input 1×1 (input [1, 8, 1, 1])") { try z([1, 8, 1, 1]).maxPool2d(kernel: 2) },
        Row("avgPool2d: kernel must be at least 1, got 0") { try z([1, 8, 4, 4]).avgPool2d(kernel: 0) },
        Row("avgPool2d: stride must be at least 1, got -2") { try z([1, 8, 4, 4]).avgPool2d(kernel: 2, stride: -2) },
        Row("globalAvgPool2d: expected input [N, C, H, W], got [2, 8]") { try z([2, 8]).globalAvgPool2d() },
        Row("upsampleNearest: scale must be at least 1, got 0") { try z([1, 1, 2, 2]).upsampleNearest(scale: 0) },
        Row("upsampleNearest: expected input [N, C, H, W], got [4, 4]") { try z([4, 4]).upsampleNearest(scale: 2) },
        Row("linear: expected 72 input features, got 64 (input [128, 64], weight [10, 72])") { try z([128, 64]).linear(weight: z([10, 72]), bias: nil) },
        Row("linear: expected input [N, 72], got [128, 8, 3, 3] (flatten it first)") { try z([128, 8, 3, 3]).linear(weight: z([10, 72]), bias: nil) },
        Row("linear: expected bias [10], got [72]") { try z([2, 72]).linear(weight: z([10, 72]), bias: z([72])) },
        Row("softmax: axis 2 is out of range for shape [2, 10]") { try z([2, 10]).softmax(axis: 2) },
        Row("logSoftmax: axis -3 is out of range for shape [2, 10]") { try z([2, 10]).logSoftmax(axis: -3) },
        Row("batchNorm2d: expected weight [8], got [4] (input [2, 8, 3, 3])") {
            try z([2, 8, 3, 3]).batchNorm2d(weight: z([4]), bias: nil, runningMean: nil, runningVar: nil, training: true)
        },
        Row("batchNorm2d: expected more than 1 value per channel when training, got input [1, 8, 1, 1]") {
            try z([1, 8, 1, 1]).batchNorm2d(weight: nil, bias: nil, runningMean: nil, runningVar: nil, training: true)
        },
        Row("dropout: probability must be in [0, 1], got 1.5") { var r = RandomGenerator(seed: 0); return try z([2]).dropout(p: 1.5, training: true, using: &r) },
        // losses
        Row("mseLoss: input [2, 1, 28, 28] and target [2, 784] differ in shape") { try z([2, 1, 28, 28]).mseLoss(z([2, 784])) },
        Row("binaryCrossEntropy: input [2, 3] and target [3, 2] differ in shape") { try z([2, 3]).binaryCrossEntropy(z([3, 2])) },
        Row("binaryCrossEntropy: input values must be probabilities in [0, 1], found 2.0 (use sigmoid first)") {
            try Tensor.full([2], 2).binaryCrossEntropy(z([2]))
        },
        Row("crossEntropy: 3 labels for a batch of 4 (logits [4, 10])") { try z([4, 10]).crossEntropy(labels: [1, 2, 3]) },
        Row("crossEntropy: label 10 is out of range for 10 classes (logits [2, 10])") { try z([2, 10]).crossEntropy(labels: [1, 10]) },
        Row("crossEntropy: expected logits [N, classes], got [10]") { try z([10]).crossEntropy(labels: [1]) },
        // autodiff and backends
        Row("backward: needs a scalar output or an explicit seed gradient; output has shape [2]") {
            let x = z([2]); x.requiresGrad = true; return try x.sigmoid().backward()
        },
        Row("backend: unknown backend 'gpu'; available: \(backendNames.joined(separator: ", "))") { try Backend.with("gpu") { 0 } },
    ]

    @Test(arguments: rows)
    func message(row: Row) {
        #expect(errorText(row.body) == row.message)
    }

    @Test func errorsCarryTheOpName() {
        do {
            _ = try Self.z([2, 3]).matmul(Self.z([2, 3]))
            Issue.record("no error")
        } catch let e as TensorError {
            #expect(e.op == "matmul")
            #expect(e.message == "[2, 3] × [2, 3]: inner dimensions 3 and 2 differ")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
