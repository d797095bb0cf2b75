import Testing
@testable import Tensor
import CDNNL

/// The first conv's backward weights as GEMMs (SingleInputGemm), called directly so it
/// is checked on every CPU, not only where oneDNN falls back to its reference kernel
/// (AVX2): against the reference backend and the naive loops, with the gradient in the
/// plain layout and in the blocked layouts a forward conv leaves (nChw8c / nChw16c,
/// padded when the channels are not a multiple of the block).
@Suite("SingleInputGemm", .serialized)
struct SingleInputGemmTests {
    let fast = FastBackend.shared
    let ref = ReferenceBackend.shared

    static let cases: [ConvGeometry] = [
        .init(batch: 3, inChannels: 1, height: 28, width: 28, outChannels: 16, kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 1),
        .init(batch: 2, inChannels: 1, height: 28, width: 28, outChannels: 8, kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 1),
        .init(batch: 2, inChannels: 1, height: 9, width: 7, outChannels: 6, kernelH: 3, kernelW: 3, stride: 2, padding: 1, groups: 1),
        .init(batch: 2, inChannels: 1, height: 8, width: 8, outChannels: 5, kernelH: 1, kernelW: 1, stride: 1, padding: 0, groups: 1),
        .init(batch: 4, inChannels: 1, height: 10, width: 10, outChannels: 32, kernelH: 3, kernelW: 3, stride: 2, padding: 0, groups: 1),
        .init(batch: 1, inChannels: 1, height: 6, width: 5, outChannels: 3, kernelH: 5, kernelW: 3, stride: 1, padding: 2, groups: 1),
    ]

    /// gy re-laid out in a blocked layout a forward conv leaves (nChw8c / nChw16c, channel
    /// padding zero-filled by the reorder); 0 keeps it plain.
    func laidOut(_ gy: Tensor, block: Int) -> Tensor {
        guard block != 0 else { return gy }
        let md = DNNL.md(gy.shape, block == 8 ? dnnl_aBcd8b : dnnl_aBcd16b)
        return Tensor(shape: gy.shape, storage: Layouts.storage(of: gy, as: md, cache: false))
    }

    func close(_ got: [Float], _ want: [Float], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == want.count, "\(what): count", sourceLocation: sourceLocation)
        guard got.count == want.count else { return }
        var diff: Float = 0, scale: Float = 1e-6
        for (a, b) in zip(got, want) { diff = max(diff, abs(a - b)); scale = max(scale, abs(b)) }
        #expect(diff <= 1e-5 * scale, "\(what): max diff \(diff), scale \(scale)", sourceLocation: sourceLocation)
    }

    @Test("backward weights and bias match the reference and the naive loops", arguments: cases, [0, 8, 16])
    func matches(_ g: ConvGeometry, _ block: Int) {
        #expect(SingleInputGemm.applies(g))
        var rng = TestRNG(UInt64(g.outChannels * 13 + g.kernelH * 3 + g.stride))
        let x = rng.tensor(g.inputShape), gy = rng.tensor(g.outputShape)
        let want = ref.conv2dBackwardWeights(gy, x: x, g, withBias: true)
        let naive = Oracle.convBackwardWeights(gy.scalars, x.scalars, g)
        let dy = laidOut(gy, block: block)
        #expect(Layouts.tag(of: dy) == (block == 0 ? dnnl_abcd : block == 8 ? dnnl_aBcd8b : dnnl_aBcd16b), "gy layout")
        #expect(dy.scalars == gy.scalars, "same logical values")
        let got = SingleInputGemm.backwardWeights(dy, x: x, g, withBias: true)
        #expect(got.weight.shape == g.weightShape)
        close(got.weight.scalars, want.weight.scalars, "dW vs reference \(g)")
        close(got.weight.scalars, naive.0, "dW vs naive loops \(g)")
        close(got.bias?.scalars ?? [], naive.1, "db vs naive loops \(g)")
        close(got.bias?.scalars ?? [], want.bias?.scalars ?? [], "db vs reference \(g)")
        let noBias = SingleInputGemm.backwardWeights(dy, x: x, g, withBias: false)
        #expect(noBias.bias == nil)
        close(noBias.weight.scalars, want.weight.scalars, "dW without bias \(g)")
    }

    @Test("does not apply to several input channels or groups")
    func applies() {
        let two = ConvGeometry(batch: 1, inChannels: 2, height: 4, width: 4, outChannels: 4, kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 1)
        #expect(!SingleInputGemm.applies(two))
    }
}
