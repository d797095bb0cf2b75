import Foundation
import Testing
@testable import NN
import Tensor

/// The trajectories of `Fixtures/ops.json["optimizers"]` (PyTorch's Adam and SGD, three
/// steps from a start with given gradients) reproduced step by step.
extension NNTests {
    @Suite struct Optimizers {
        static func optimizer(named name: String) -> Optimizer? {
            switch name {
            case "adam lr 1e-3": return Adam(lr: 1e-3)
            case "sgd lr 0.1 momentum 0.9": return SGD(lr: 0.1, momentum: 0.9)
            case "sgd lr 0.05": return SGD(lr: 0.05)
            default: return nil
            }
        }

        @Test func trajectoriesMatchPyTorch() throws {
            let cases = try fixtureJSON("ops")["optimizers"] as? [[String: Any]] ?? []
            #expect(cases.count == 3)
            for c in cases {
                let name = c["name"] as? String ?? "?"
                guard let opt = Self.optimizer(named: name) else {
                    Issue.record("unknown optimizer case \(name)")
                    continue
                }
                let p = Parameter(name: "w", value: try fixtureTensor(c["start"]))
                let grads = try (c["grads"] as? [Any] ?? []).map(fixtureTensor)
                let after = try (c["after_each_step"] as? [Any] ?? []).map(fixtureTensor)
                #expect(grads.count == after.count && !grads.isEmpty)
                for (k, (g, expected)) in zip(grads, after).enumerated() {
                    p.value.grad = g
                    try opt.step([p])
                    let err = zip(p.value.scalars, expected.scalars).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .infinity
                    #expect(err < 1e-5, "\(name) step \(k + 1): error \(err), got \(p.value.scalars)")
                }
            }
        }

        @Test func frozenParametersAreNotUpdated() throws {
            let p = Parameter(name: "w", value: try Tensor(shape: [2], scalars: [1, 2]))
            p.value.grad = try Tensor(shape: [2], scalars: [1, 1])
            p.isFrozen = true
            try Adam(lr: 0.1).step([p])
            #expect(p.value.scalars == [1, 2])
            #expect(p.value.requiresGrad == false)
        }

        @Test func stateRoundTripsByName() throws {
            let p = Parameter(name: "w", value: try Tensor(shape: [2], scalars: [1, 2]))
            let adam = Adam(lr: 0.01)
            p.value.grad = try Tensor(shape: [2], scalars: [0.5, -1])
            try adam.step([p])
            let state = adam.exportState([("w", p)])
            #expect(Set(state.keys) == ["w.exp_avg", "w.exp_avg_sq", "w.step"])
            let q = Parameter(name: "w", value: p.value.copy())
            let other = Adam(lr: 0.01)
            try other.importState(state, [("w", q)])
            p.value.grad = try Tensor(shape: [2], scalars: [0.1, 0.2])
            q.value.grad = try Tensor(shape: [2], scalars: [0.1, 0.2])
            try adam.step([p])
            try other.step([q])
            #expect(p.value.scalars == q.value.scalars)
            #expect(throws: NNError("optimizer state has an entry 'v.exp_avg' for no parameter of this model")) {
                try other.importState(["v.exp_avg": Tensor(zeros: [2])], [("w", q)])
            }
        }
    }
}
