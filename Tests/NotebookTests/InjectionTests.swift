import Foundation
import Testing
import Tensor
import Script
@testable import Notebook

/// A session is something people share: loading one must never run code. Each
/// test saves a real session, rewrites one stored field into code that would write
/// a file or never return if it ran, loads it, and checks that the load returned,
/// that nothing was written, and that the message names the field.
extension NotebookSuite { struct InjectionTests {
    /// A session holding `f = relu`, `fn sq(a) { return a * a }` and `g = fn(a) { return a + 1 }`.
    static func session(_ dir: String) throws -> String {
        let (interp, host) = makeSession()
        run(host, ["f = relu", "fn sq(a) { return a * a }", "g = fn(a) { return a + 1 }", "x = 2"])
        let path = dir + "/shared.latent-session"
        try SessionStore.save(interpreter: interp, to: path)
        return path
    }

    /// Replaces the stored payload of `variable` (or renames it) in the file.
    static func rewrite(_ path: String, variable: String, payload: StoredValue? = nil, rename: String? = nil) throws {
        let db = try Database(path: path)
        defer { db.close() }
        if let payload {
            let json = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
            try db.run("UPDATE variables SET payload = ? WHERE name = ?", [.text(json), .text(variable)])
        }
        if let rename {
            try db.run("UPDATE variables SET name = ? WHERE name = ?", [.text(rename), .text(variable)])
        }
    }

    /// Code that, if it ran, would leave a file behind.
    static func writer(_ dir: String) -> (code: String, witness: String) {
        let witness = dir + "/pwned.npy"
        return ("save(tensor([1]), \"\(witness)\")", witness)
    }

    @Test func aBuiltinNameThatIsCodeIsNotRun() throws {
        let dir = scratchDirectory("inject-builtin")
        let path = try Self.session(dir)
        let (code, witness) = Self.writer(dir)
        try Self.rewrite(path, variable: "f", payload: .builtin(name: "relu; " + code))
        let (interp, _) = makeSession()
        let summary = try SessionStore.load(into: interp, from: path)
        #expect(!FileManager.default.fileExists(atPath: witness))
        #expect(summary.skipped == ["f: this latent has no builtin '\(("relu; " + code).prefix(40))…'"])
        #expect(interp.variables["f"] == nil)
        #expect(interp.variables["x"].map { "\($0)" } == "2")
    }

    @Test func aBuiltinNameThatNeverReturnsIsNotRun() throws {
        let dir = scratchDirectory("inject-loop")
        let path = try Self.session(dir)
        try Self.rewrite(path, variable: "f", payload: .builtin(name: "relu; while true { }"))
        let (interp, _) = makeSession()
        let summary = try SessionStore.load(into: interp, from: path)   // returns: nothing is evaluated
        #expect(summary.skipped == ["f: this latent has no builtin 'relu; while true { }'"])
    }

    @Test func aBuiltinComesBackByName() throws {
        let dir = scratchDirectory("inject-ok")
        let path = try Self.session(dir)
        let (interp, host) = makeSession()
        let summary = try SessionStore.load(into: interp, from: path)
        #expect(summary.skipped.isEmpty)
        #expect(summary.functions == ["g", "sq"])
        let r = host.runCell("f(tensor([-1, 2])) + sq(3) + g(1)")
        #expect(r.ok, "\(r.errorText)")
        #expect(r.value.map { "\($0)" } == "tensor([11., 13.])  shape [2]")
    }

    @Test func aFunctionWithASecondStatementIsRefused() throws {
        let dir = scratchDirectory("inject-fn")
        let path = try Self.session(dir)
        let (code, witness) = Self.writer(dir)
        try Self.rewrite(path, variable: "sq", payload: .function(name: "sq", params: ["a"],
                                                                    source: "fn sq(a) { return a * a }\n" + code, lambda: false))
        let (interp, _) = FailureTests.bystander()
        let before = Fingerprint(interp)
        #expect(throws: SessionError.damaged(path, "variable 'sq': the function 'sq' is not exactly one definition (2 statements)")) {
            try SessionStore.load(into: interp, from: path)
        }
        #expect(!FileManager.default.fileExists(atPath: witness))
        #expect(Fingerprint(interp) == before)
    }

    @Test func aFunctionThatIsACallIsRefused() throws {
        let dir = scratchDirectory("inject-call")
        let path = try Self.session(dir)
        let (code, witness) = Self.writer(dir)
        try Self.rewrite(path, variable: "sq", payload: .function(name: "sq", params: [], source: code, lambda: false))
        let (interp, _) = makeSession()
        #expect(throws: SessionError.damaged(path, "variable 'sq': the function 'sq' is not a fn sq(…) { … } definition")) {
            try SessionStore.load(into: interp, from: path)
        }
        #expect(!FileManager.default.fileExists(atPath: witness))
    }

    @Test func aLambdaThatIsACallIsRefused() throws {
        let dir = scratchDirectory("inject-lambda")
        let path = try Self.session(dir)
        let (code, witness) = Self.writer(dir)
        try Self.rewrite(path, variable: "g", payload: .function(name: "fn", params: [], source: code, lambda: true))
        let (interp, _) = makeSession()
        #expect(throws: SessionError.damaged(path, "variable 'g': the function 'g' is not a fn(…) { … } expression")) {
            try SessionStore.load(into: interp, from: path)
        }
        #expect(!FileManager.default.fileExists(atPath: witness))
    }

    @Test func aVariableNameThatIsCodeIsRefused() throws {
        let dir = scratchDirectory("inject-name")
        let path = try Self.session(dir)
        let (code, witness) = Self.writer(dir)
        // Old loaders pasted a lambda's variable name into `NAME = source`.
        try Self.rewrite(path, variable: "g", rename: code + "; g")
        let (interp, _) = makeSession()
        #expect(throws: SessionError.damaged(path, "the variable name '\(code.prefix(40))…' is not a name")) {
            try SessionStore.load(into: interp, from: path)
        }
        #expect(!FileManager.default.fileExists(atPath: witness))
    }

    @Test func aFunctionIsKeptUnevaluatedUntilCalled() throws {
        let dir = scratchDirectory("inject-body")
        let path = try Self.session(dir)
        let (code, witness) = Self.writer(dir)
        try Self.rewrite(path, variable: "sq", payload: .function(name: "sq", params: ["a"],
                                                                    source: "fn sq(a) { \(code)\n return a }", lambda: false))
        let (interp, host) = makeSession()
        let summary = try SessionStore.load(into: interp, from: path)
        #expect(summary.functions == ["g", "sq"])
        #expect(SessionStore.describe(summary, name: "shared").contains("functions from the file: g, sq (their code runs when you call them)"))
        #expect(!FileManager.default.fileExists(atPath: witness))
        #expect(host.runCell("sq(2)").ok)
        #expect(FileManager.default.fileExists(atPath: witness))
    }
} }

/// The variational autoencoder survives a session: its graph (two heads into the
/// Gaussian latent), β, weights and the ELBO's parts in the history.
extension NotebookSuite { struct VAESessionTests {
    @Test func aTrainedVAEComesBack() throws {
        let dir = scratchDirectory("vae")
        let (interp, host) = makeSession()
        run(host, ["seed 2", "v = vae(latent: 2, beta: 0.5)", "fit v mnist.test[0..64] epochs 1 batch 32 validate none",
                   "z = v.encoder(mnist.test[3])"])
        let path = dir + "/v.latent-session"
        try SessionStore.save(interpreter: interp, to: path)
        let (fresh, freshHost) = makeSession()
        try SessionStore.load(into: fresh, from: path)
        let r = freshHost.runCell("max(abs(v.encoder(mnist.test[3]) - z)).item")
        #expect(r.ok, "\(r.errorText)")
        #expect(r.value.map { "\($0)" } == "0")
        guard case .model(let m)? = fresh.variables["v"] else { Issue.record("v is not a model"); return }
        #expect(m.gaussians.map(\.beta) == [0.5])
        #expect(m.defaultLoss == .elbo)
        #expect(m.history.epochs.first?.terms?.map(\.name) == ["recon", "kl"])
    }
} }
