import Testing
@testable import Data
import Tensor

@Suite struct MNISTTests {
    @Test func loads() throws {
        let (train, test) = try MNIST.load()
        #expect(train.count == 60_000)
        #expect(test.count == 10_000)
    }
}
