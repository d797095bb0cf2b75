import Testing
@testable import Tensor

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

    /// gy re-laid out by a 1×1 identity conv on the fast backend (the layout a forward leaves).
    func blocked(_ gy: Tensor) -> Tensor {
        let c = gy.shape[1]
        var eye = [Float](repeating: 0, count: c * c)
        for i in 0..<c { eye[i * c + i] = 1 }
        let w = try! Tensor(shape: [c, c, 1, 1], scalars: eye)
        let g = ConvGeometry(batch: gy.shape[0], inChannels: c, height: gy.shape[2], width: gy.shape[3], outChannels: c,
                             kernelH: 1, kernelW: 1, stride: 1, padding: 0, groups: 1)
        return fast.conv2d(gy, weight: w, bias: nil, g)
    }

    func close(_ got: [Float], _ want: [Float], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == want.count, "\(what): count", sourceLocation: sourceLocation)
        guard got.count == want.count else { return }
        var diff: Float = 0, scale: Float = 1e-6
        for (a, b) in zip(got, want) { diff = max(diff, abs(a - b)); scale = max(scale, abs(b)) }
        #expect(diff <= 1e-5 * scale, "\(what): max diff \(diff), scale \(scale)", sourceLocation: sourceLocation)
    }

    @Test("backward weights and bias match the reference and the naive loops", arguments: cases, [false, true])
    func matches(_ g: ConvGeometry, _ useBlocked: Bool) {
        #expect(SingleInputGemm.applies(g))
        var rng = TestRNG(UInt64(g.outChannels * 13 + g.kernelH * 3 + g.stride))
        let x = rng.tensor(g.inputShape), gy = rng.tensor(g.outputShape)
        let want = ref.conv2dBackwardWeights(gy, x: x, g, withBias: true)
        let naive = Oracle.convBackwardWeights(gy.scalars, x.scalars, g)
        let dy = useBlocked ? blocked(gy) : gy
        if useBlocked, g.outChannels >= 8 { #expect(Layouts.tag(of: dy) != Layouts.tag(of: gy), "the gradient is blocked") }
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
