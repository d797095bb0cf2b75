import Testing
@testable import Tensor

/// Sweeps of odd shapes (zero-sized, one-sized, mismatched) through every op on
/// every backend: each call must either succeed or throw, never trap.
@Suite struct EdgeCaseTests {
    static let dims = [0, 1, 2, 3]

    @Test(arguments: backendNames)
    func convAndPoolingNeverTrap(backend: String) throws {
        try withBackend(backend) {
            var outcomes = (ok: 0, thrown: 0)
            func attempt(_ body: () throws -> Tensor) {
                do {
                    let y = try body()
                    _ = y.scalars
                    outcomes.ok += 1
                } catch { outcomes.thrown += 1 }
            }
            for n in [0, 1, 2] {
                for c in Self.dims {
                    for h in Self.dims {
                        let x = try Tensor(zeros: [n, c, h, h])
                        for o in [1, 2] {
                            for k in [1, 2, 3] {
                                for (s, p, g) in [(1, 0, 1), (2, 1, 1), (1, 1, 2)] {
                                    let w = try Tensor(zeros: [o, Swift.max(c / g, 1), k, k])
                                    attempt { try x.conv2d(weight: w, bias: nil, stride: s, padding: p, groups: g) }
                                }
                            }
                        }
                        for k in [1, 2, 3] {
                            attempt { try x.maxPool2d(kernel: k) }
                            attempt { try x.avgPool2d(kernel: k, stride: 1) }
                        }
                        attempt { try x.upsampleNearest(scale: 2) }
                        attempt { try x.globalAvgPool2d() }
                        attempt { try x.batchNorm2d(weight: nil, bias: nil, runningMean: nil, runningVar: nil, training: true) }
                    }
                }
            }
            #expect(outcomes.ok > 0 && outcomes.thrown > 0)
        }
    }

    @Test(arguments: backendNames)
    func matmulAndShapesNeverTrap(backend: String) throws {
        try withBackend(backend) {
            let shapes: [[Int]] = [[], [0], [1], [3], [0, 3], [3, 0], [2, 3], [3, 2], [1, 3], [2, 1, 3], [2, 3, 0]]
            for a in shapes {
                let x = try Tensor(zeros: a)
                x.requiresGrad = true
                _ = try? x.sum().backward()
                _ = try? x.softmax()
                _ = try? x.logSoftmax(axis: 0)
                _ = try? x.max(axis: -1)
                _ = try? x.argmax(axis: 0)
                _ = try? x.flatten()
                _ = try? x.reshape([-1])
                _ = try? x.select(0)
                _ = try? x.slice(0..<1, axis: -1)
                _ = try? x.squeeze()
                _ = try? x.crossEntropy(labels: [0, 0])
                _ = try? x.linear(weight: Tensor(zeros: [2, 3]), bias: nil)
                _ = x.description
                for b in shapes {
                    let y = try Tensor(zeros: b)
                    _ = try? x.matmul(y)
                    _ = try? x + y
                    _ = try? x / y
                    _ = try? Tensor.concat([x, y], axis: 0)
                    _ = try? Tensor.stack([x, y])
                    _ = try? x.mseLoss(y)
                    _ = try? x.binaryCrossEntropy(y)
                }
            }
        }
    }
}
