import Tensor

/// Nearest-neighbour upsampling by an integer factor: each pixel becomes a
/// scale×scale block (`nn.Upsample(scale_factor=2, mode="nearest")`).
///
///     let up = try Upsample(scale: 2)    // [[1,2],[3,4]] → 4×4
public final class Upsample: Layer {
    public let scale: Int

    public init(scale: Int = 2) throws {
        guard scale >= 1 else { throw NNError("upsample: the scale must be at least 1, got \(scale)") }
        self.scale = scale
    }

    public override var kind: String { "upsample" }
    public override var description: String { "upsample ×\(scale)" }
    public override var sampleRank: Int? { 3 }

    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        let s = inputShapes[0]
        guard s.count == 3 else { throw LayerShapeError(expected: "an image [C, H, W]", got: s) }
        let (h, o1) = s[1].multipliedReportingOverflow(by: scale)
        let (w, o2) = s[2].multipliedReportingOverflow(by: scale)
        guard !o1, !o2, h.multipliedReportingOverflow(by: w).partialValue <= Tensor.maxElements else {
            throw LayerShapeError(expected: "an image small enough to upsample ×\(scale)", got: s)
        }
        return [s[0], h, w]
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor { try inputs[0].upsampleNearest(scale: scale) }
}
