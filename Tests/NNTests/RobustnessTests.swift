import Testing
@testable import NN
import Tensor

/// Random chains of layers with random settings on random inputs: every outcome is a
/// result or a thrown error, never a trap.
extension NNTests {
    @Suite struct Robustness {
        static func randomLayer(_ rng: inout RandomGenerator) throws -> Layer {
            func pick(_ xs: [Int]) -> Int { xs[Int(rng.next() % UInt64(xs.count))] }
            switch rng.next() % 14 {
            case 0: return try Conv2d(out: pick([1, 2, 3]), kernel: pick([1, 2, 3, 5]), stride: pick([1, 2]), padding: pick([0, 1, 2]))
            case 1: return try Linear(out: pick([1, 3, 5]))
            case 2: return try Pool2d(.max, kernel: pick([1, 2, 3]), stride: pick([1, 2, 3]))
            case 3: return try Pool2d(.average, kernel: pick([1, 2, 3]))
            case 4: return try Upsample(scale: pick([1, 2, 3]))
            case 5: return ReLU()
            case 6: return Sigmoid()
            case 7: return Softmax()
            case 8: return Flatten()
            case 9: return try Unflatten([pick([1, 2]), pick([1, 2, 3]), pick([1, 2, 3])])
            case 10: return try BatchNorm2d()
            case 11: return try Dropout(p: 0.5)
            case 12: return GlobalAvgPool()
            default: return Tanh()
            }
        }

        @Test(arguments: backendNames)
        func randomChainsNeverTrap(backend: String) throws {
            try Backend.with(backend) { try run() }
        }

        func run() throws {
            var rng = RandomGenerator(seed: 99)
            var ran = 0, refused = 0
            for _ in 0..<300 {
                let layers = try (0..<Int(1 + rng.next() % 5)).map { _ in try Self.randomLayer(&rng) }
                let shapes: [[Int]] = [[1, 5, 5], [2, 3, 4], [6], [1, 1, 1], [3, 2, 2]]
                let shape = shapes[Int(rng.next() % UInt64(shapes.count))]
                let batch = Int(1 + rng.next() % 3)
                do {
                    let m = try Model(chain: layers)
                    m.isTraining = rng.next() % 2 == 0
                    let x = try Tensor(shape: [batch] + shape, scalars: (0..<(batch * shape.reduce(1, *))).map { Float($0 % 5) - 2 })
                    let y = try m.forward(x)
                    _ = m.summaryTable()
                    if y.count > 0 { try y.sum().backward() }
                    ran += 1
                } catch is NNError {
                    refused += 1
                } catch {
                    Issue.record("unexpected error type: \(error)")
                }
            }
            #expect(ran > 30 && refused > 30, "ran \(ran), refused \(refused)")
        }
    }
}
