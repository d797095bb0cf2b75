import Tensor

/// Flattens each sample to a vector: [8, 3, 3] → [72] (`nn.Flatten()`).
///
///     let f = Flatten()
public final class Flatten: Layer {
    public override init() { super.init() }
    public override var kind: String { "flatten" }
    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] { [inputShapes[0].reduce(1, *)] }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor { try inputs[0].flatten(startDim: 1) }
}

/// Turns each flat sample back into a shape: [72] → [8, 3, 3]
/// (`nn.Unflatten(1, (8, 3, 3))`).
///
///     let u = try Unflatten([8, 3, 3])
public final class Unflatten: Layer {
    public let sizes: [Int]

    public init(_ sizes: [Int]) throws {
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 1 }) else {
            throw NNError("unflatten: sizes must be positive, got \(describeShape(sizes))")
        }
        _ = try Tensor.checkedCount(sizes, op: "unflatten")
        self.sizes = sizes
    }

    public override var kind: String { "unflatten" }
    public override var description: String { "unflatten \(describeDims(sizes))" }
    public override var sampleRank: Int? { 1 }

    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        let s = inputShapes[0], n = sizes.reduce(1, *)
        guard s == [n] else { throw LayerShapeError(expected: "\(n) features to unflatten into \(describeDims(sizes))", got: s) }
        return sizes
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        try inputs[0].unflatten(dim: 1, sizes: sizes)
    }
}

/// Passes its input through unchanged (a placeholder in graphs).
///
///     let id = Identity()
public final class Identity: Layer {
    public override init() { super.init() }
    public override var kind: String { "identity" }
}
