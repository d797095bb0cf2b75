import Testing
@testable import NN
import Tensor

/// The summary table, exactly.
extension NNTests {
    @Suite struct Summary {
        @Test func encoderTable() throws {
            let enc = try Builders.autoencoder(latent: 72).part("encoder")
            let expected = """
             #  layer            output      params
             0  conv 3×3 1→16    16×28×28       160
             1  relu             16×28×28         0
             2  maxpool 2×2      16×14×14         0
             3  conv 3×3 16→8    8×14×14      1,160
             4  relu             8×14×14          0
             5  maxpool 2×2      8×7×7            0
             6  conv 3×3 8→8     8×7×7          584
             7  sigmoid          8×7×7            0
             8  maxpool 2×2      8×3×3            0
             9  flatten          72               0
            1,904 parameters
            """
            #expect(enc.summaryTable() == expected)
        }
    }
}
