import Foundation
import Testing
@testable import Script

/// Every layer builder is also the function on tensors, with gradients through
/// `grad`: each call of Fixtures/layer-functions.json (PyTorch's output and input
/// gradients, made by scripts/make-layer-function-fixtures) run through the
/// interpreter. The ops themselves are checked by finite differences in
/// Tests/TensorTests/GradCheck.swift.
extension ScriptSuite {
struct LayerFunctionTests {
    struct Part: Decodable { let shape: [Int]; let values: [Double] }
    struct Case: Decodable {
        let call: String
        let inputs: [String: Part]
        let upstream: Part
        let output: Part
        let grads: [String: Part]
    }
    struct Fixture: Decodable { let cases: [Case] }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/layer-functions.json")
        guard let data = try? Data(contentsOf: url), let f = try? JSONDecoder().decode(Fixture.self, from: data) else { return [] }
        return f.cases
    }()

    @Test func fixtureIsThere() { #expect(Self.cases.count == 25) }

    @Test(arguments: LayerFunctionTests.cases.indices)
    func matchesPyTorch(_ index: Int) throws {
        let c = Self.cases[index]
        let (interp, _) = session([])
        func define(_ name: String, _ p: Part) {
            let values = p.values.map { "\(Float($0))" }.joined(separator: ", ")
            let r = interp.runCell("\(name) = reshape(tensor([\(values)]), \(p.shape.map(String.init).joined(separator: ", ")))")
            #expect(r.ok, "\(c.call): \(r.errorText)")
        }
        for (name, p) in c.inputs { define(name, p) }
        define("g", c.upstream)
        let y = interp.runCell("y = \(c.call)")
        #expect(y.ok, "\(c.call): \(y.errorText)")
        expectClose("y", c.output, interp, c.call)
        for (name, expected) in c.grads.sorted(by: { $0.key < $1.key }) {
            let r = interp.runCell("d\(name) = grad(sum((\(c.call)) * g), \(name))")
            #expect(r.ok, "\(c.call): \(r.errorText)")
            expectClose("d\(name)", expected, interp, "gradient of \(c.call) by \(name)")
        }
    }

    /// Dropout is random: each value is 0 or x/(1−p), and the gradient is that mask.
    @Test func dropoutFollowsItsRule() throws {
        for (call, p) in [("dropout(x, 0.5)", 0.5), ("x.dropout(0.25)", 0.25), ("dropout(x)", 0.5)] {
            let (interp, _) = session(["seed 3", "x = arange(1, 401) / 100"])
            let r = interp.runCell("y = \(call)")
            #expect(r.ok, "\(call): \(r.errorText)")
            let s = interp.runCell("seed 3; gx = grad(sum(\(call)), x)")
            #expect(s.ok, "\(call): \(s.errorText)")
            guard case .tensor(let x)? = interp.variables["x"], case .tensor(let y)? = interp.variables["y"],
                  case .tensor(let gx)? = interp.variables["gx"] else { Issue.record("\(call): no tensors"); continue }
            let scale = Float(1 / (1 - p))
            var zeros = 0
            for (i, (xi, yi)) in zip(x.scalars, y.scalars).enumerated() {
                if yi == 0 { zeros += 1; #expect(gx.scalars[i] == 0, "\(call) at \(i)") } else {
                    #expect(abs(yi - xi * scale) <= 1e-5 * xi * scale, "\(call) at \(i)")
                    #expect(abs(gx.scalars[i] - scale) <= 1e-6, "\(call) gradient at \(i)")
                }
            }
            let expected = Double(x.count) * p, spread = 4 * (Double(x.count) * p * (1 - p)).squareRoot()
            #expect(abs(Double(zeros) - expected) <= spread, "\(call): \(zeros) zeros of \(x.count)")
        }
    }

    func expectClose(_ name: String, _ expected: Part, _ interp: Interpreter, _ what: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .tensor(let t)? = interp.variables[name] else {
            Issue.record("\(what): \(name) is \(interp.variables[name]?.typeName ?? "missing")", sourceLocation: sourceLocation)
            return
        }
        #expect(t.shape == expected.shape, "\(what): shape", sourceLocation: sourceLocation)
        guard t.count == expected.values.count else { return }
        let worst = zip(t.scalars, expected.values).map { abs(Double($0) - $1) - 1e-4 * abs($1) }.max() ?? 0
        #expect(worst <= 1e-5, "\(what): off by \(worst)", sourceLocation: sourceLocation)
    }
}
}
