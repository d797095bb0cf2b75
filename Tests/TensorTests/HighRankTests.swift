import Testing
@testable import Tensor

/// The fast backend on every rank it may see. The plain-layout tag table once
/// ended at rank 6 and, read past its end in an unchecked build, gave
/// `relu(ones(1,1,1,1,1,1,1))` a sum of −902 instead of 1 (rank 8–20 trapped).
@Suite("HighRank", .serialized)
struct HighRankTests {
    let fast = FastBackend.shared

    @Test(arguments: Array(1...20))
    func activationsOfAnyRank(rank: Int) throws {
        let shape = [Int](repeating: 1, count: rank - 1) + [3]
        let x = try Tensor(shape: shape, scalars: [-1, 0, 2])
        #expect(fast.activation(x, .relu).scalars == [0, 0, 2])
        #expect(fast.activation(x, .sigmoid).scalars.map { ($0 * 1e4).rounded() / 1e4 } == [0.2689, 0.5, 0.8808])
        let gy = try Tensor(shape: shape, scalars: [1, 1, 1])
        let y = fast.activation(x, .relu)
        #expect(fast.activationBackward(gy, x: x, y: y, .relu).scalars == [0, 0, 1])
    }

    @Test func plainDescriptorsMatchTheirShape() {
        for rank in 1...12 {
            let dims = Array(1...rank)
            let m = DNNL.plainMD(dims)
            #expect(Int(m.ndims) == rank)
        }
        // Beyond oneDNN's 12 dimensions a row-major tensor is described as its flat vector.
        let m = DNNL.plainMD([Int](repeating: 2, count: 13))
        #expect(Int(m.ndims) == 1)
    }
}
