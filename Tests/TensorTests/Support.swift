import Foundation
import Testing
@testable import Tensor

/// The registered backends, by name ("fast" joins when its engineer registers it).
let backendNames: [String] = Backend.available.keys.sorted()

/// Runs `body` with backend `name` on this thread only (tests run in parallel).
func withBackend<T>(_ name: String, _ body: () throws -> T) throws -> T {
    try Backend.with(name, body)
}

/// |a − b| ≤ tol · max(1, |b|), elementwise, with a readable failure.
func expectClose(_ actual: [Float], _ expected: [Float], tol: Float = 1e-4, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.count == expected.count else {
        Issue.record("\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    var worst = 0, worstErr: Float = 0
    for i in 0..<actual.count {
        let err = Swift.abs(actual[i] - expected[i]) / Swift.max(1, Swift.abs(expected[i]))
        if !(err <= worstErr) { worstErr = err; worst = i }
    }
    if !(worstErr <= tol) {
        Issue.record("\(what): element \(worst) is \(actual[worst]), expected \(expected[worst]) (relative error \(worstErr))",
                     sourceLocation: sourceLocation)
    }
}

func tensor(_ shape: [Int], _ values: [Float]) -> Tensor {
    // Test data is always consistent; a mistake here should fail loudly.
    try! Tensor(shape: shape, scalars: values)
}

/// A leaf that wants its gradient.
func param(_ shape: [Int], _ values: [Float]) -> Tensor {
    let t = tensor(shape, values)
    t.requiresGrad = true
    return t
}

/// Deterministic pseudo-random values in about [-1, 1].
func noise(_ n: Int, seed: UInt64) -> [Float] {
    var rng = RandomGenerator(seed: seed)
    return (0..<n).map { _ in rng.uniform() * 2 - 1 }
}

/// The error an expression throws, as "op: message", or nil.
func errorText(_ body: () throws -> Any) -> String? {
    do { _ = try body(); return nil } catch { return "\(error)" }
}
