import Testing
@testable import Script

extension ScriptSuite {
struct CompletionTests {
    @Test(arguments: [
        ("ae.enc", ["encoder"]),
        ("ae.de", ["decoder"]),
        ("mnist.te", ["test"]),
        ("fit ae mnist ep", ["epochs"]),
        ("autoen", ["autoencoder"]),
        ("fo", ["folder", "for"]),
        ("x = ma", ["mask", "matmul", "matrix", "max", "maxpool"]),
        ("x.sha", ["shape"]),
        ("nosuch.", []),
    ])
    func completes(_ line: String, _ expected: [String]) {
        let (interp, _) = session(["ae = autoencoder(latent: 72)", "x = ones(2)"])
        #expect(interp.completions(for: line, cursor: line.count) == expected, "\(line)")
    }

    @Test func cursorInTheMiddle() {
        let (interp, _) = session(["ae = autoencoder()"])
        #expect(interp.completions(for: "ae.enc + fc(10)", cursor: 6) == ["encoder"])
    }
}
}
