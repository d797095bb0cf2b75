import Foundation
import Testing
import Tensor
import NN
import Data
import Script
@testable import Notebook

/// Save a session with every kind of value, load it into a fresh interpreter,
/// and compare exactly. Serialized: sessions save and restore `Random.shared`.
extension NotebookSuite { struct RoundTripTests {
    /// A session with a bit of everything; returns it and the file it was saved to.
    static func richSession(in dir: String) throws -> (Interpreter, RecordingHost, String) {
        let (interp, host) = makeSession()
        run(host, [
            "seed 7",
            "n = 3.25",
            "tiny = 0.1",
            "b = true",
            "s = \"héllo\\nworld\"",
            "r = 0..5",
            "xs = [1, \"two\", [3, none], 0..2]",
            "t = randn(2, 3)",
            "same = t",
            "ae = autoencoder(latent: 72)",
            "enc = ae.encoder",
            "clf = ae.encoder + fc(10) + softmax",
            "fit clf mnist.test[0..128] epochs 1 batch 64",
            "small = mnist.test[0..50]",
            "picked = mnist.test.filter(labels: [3, 7])",
            "head = fc(4)",
            "act = relu",
            "fn sq(a) { return a * a }",
            "dbl = fn(a) { return a * 2 }",
            "m = mnist",
            "z = enc(mnist.test[0])",
            "z",
            "show mnist.test[1]",
        ])
        // Values the language cannot write yet: set through the API.
        interp.setVariable("specials", .list([.number(.nan), .number(-.infinity), .number(-0.0), .number(.greatestFiniteMagnitude)]))
        interp.setVariable("rec", .record(Record("evaluation", [("accuracy", .number(0.75)), ("loss", .number(0.5))], text: "accuracy 0.75")))
        let bytes = try Dataset(name: "toys", images: (0..<2 * 3 * 4 * 4).map { UInt8($0 % 256) }, imageShape: [3, 4, 4],
                                labels: [1, 0], classNames: ["cat", "dog"])
        interp.setVariable("toys", .dataset(bytes))
        interp.setVariable("pair", .datasets(DatasetPair(name: "toypair", train: { bytes }, test: { bytes })))
        interp.setVariable("up", .layer(try Upsample(scale: 3)))
        // Frozen encoder (shared by ae, enc and clf) and one layer in train mode.
        model(interp, "enc")!.freeze()
        try model(interp, "ae")!.layer(at: 1).isTraining = true
        let path = dir + "/rich.latent-session"
        let summary = try SessionStore.save(interpreter: interp, cells: host.sessions.recorder.cells(history: interp.cellHistory), to: path)
        #expect(summary.skipped == [])
        return (interp, host, path)
    }

    @Test func everyKindOfValueComesBackExactly() throws {
        let dir = scratchDirectory("roundtrip")
        let (a, aHost, path) = try Self.richSession(in: dir)
        let rngAtSave = Random.shared
        _ = Random.shared.next()  // move on: the load must put it back
        let (b, bHost) = makeSession()
        let loaded = try SessionStore.load(into: b, from: path)
        bHost.sessions.recorder.replace(with: loaded.cells)

        #expect(Set(a.variables.keys) == Set(b.variables.keys))
        for (name, va) in a.variables {
            let vb = try #require(b.variables[name], "\(name) missing")
            try expectSame(va, vb, name)
        }
        // Shared objects stay shared.
        #expect(tensor(b, "t") === tensor(b, "same"))
        let ae = try #require(model(b, "ae")), enc = try #require(model(b, "enc")), clf = try #require(model(b, "clf"))
        #expect(ae.nodes[0].layer === enc.nodes[0].layer)
        #expect(clf.nodes[0].layer === ae.nodes[0].layer)
        #expect(ae.partNames == ["encoder", "decoder"])
        // Cells, counter, outputs.
        #expect(b.cellNumber == a.cellNumber)
        #expect(b.cellHistory.map { $0.source } == a.cellHistory.map { $0.source })
        #expect(bHost.sessions.recorder.cells(history: b.cellHistory) == aHost.sessions.recorder.cells(history: a.cellHistory))
        // The random generator continues exactly where it was saved.
        var expected = rngAtSave
        #expect((0..<5).map { _ in Random.shared.next() } == (0..<5).map { _ in expected.next() })
    }

    @Test func restoredSessionComputesTheSame() throws {
        let dir = scratchDirectory("compute")
        let (a, aHost, path) = try Self.richSession(in: dir)
        let rngAtSave = Random.shared
        let (b, bHost) = makeSession()
        try SessionStore.load(into: b, from: path)
        // Model outputs identical after reload, on the whole graph and on a part.
        let x = try MNIST.shared.test().batch(0..<8).images
        for name in ["ae", "clf", "enc"] {
            #expect(bits(try model(a, name)!(x)) == bits(try model(b, name)!(x)), "\(name)")
        }
        // Functions and builtins work; the RNG gives the same numbers in both sessions.
        let r = run(bHost, ["sq(3)", "dbl(4)", "act(tensor([-1, 2]))", "randn(4)"])
        #expect(r[0].value.map { "\($0)" } == "9")
        #expect(r[1].value.map { "\($0)" } == "8")
        Random.shared = rngAtSave
        let (c, cHost) = makeSession()
        _ = c
        let again = run(cHost, ["randn(4)"])
        #expect(r[3].value.map { "\($0)" } == again[0].value.map { "\($0)" })
        // Training continues from the saved optimizer state identically.
        Random.shared = rngAtSave
        run(aHost, ["fit clf mnist.test[0..64] epochs 1 batch 32"])
        Random.shared = rngAtSave
        run(bHost, ["fit clf mnist.test[0..64] epochs 1 batch 32"])
        #expect(bits(try model(a, "clf")!(x)) == bits(try model(b, "clf")!(x)))
        #expect(model(a, "clf")!.history == model(b, "clf")!.history.withSameTimes(as: model(a, "clf")!.history))
    }

    @Test func mnistPiecesAreStoredByReference() throws {
        let dir = scratchDirectory("mnistref")
        let (_, _, path) = try Self.richSession(in: dir)
        let db = try Database(path: path, readOnly: true)
        let rows = try db.query("SELECT name, source, pixels IS NULL FROM datasets ORDER BY id")
        let bySource = Dictionary(rows.map { ($0[0].text!, $0[1].text!) }, uniquingKeysWith: { a, _ in a })
        #expect(bySource["mnist.test[0..50]"] == "mnist.test")
        #expect(bySource["toys"] == "bytes")
        #expect(try db.query("SELECT value FROM meta WHERE key = 'format'").first?.first?.text == "latent-session")
        // Weights are also listed by their PyTorch state-dict names.
        let names = try db.query("SELECT name FROM weights").compactMap { $0.first?.text }
        #expect(names.contains("0.0.weight"))
    }

    func expectSame(_ a: Value, _ b: Value, _ what: String) throws {
        switch (a, b) {
        case (.none, .none): break
        case (.number(let x), .number(let y)): #expect(x.bitPattern == y.bitPattern, "\(what)")
        case (.bool(let x), .bool(let y)): #expect(x == y, "\(what)")
        case (.string(let x), .string(let y)): #expect(x == y, "\(what)")
        case (.range(let l1, let u1), .range(let l2, let u2)): #expect(l1 == l2 && u1 == u2, "\(what)")
        case (.list(let xs), .list(let ys)):
            #expect(xs.count == ys.count, "\(what)")
            for (i, (x, y)) in zip(xs, ys).enumerated() { try expectSame(x, y, "\(what)[\(i)]") }
        case (.tensor(let x), .tensor(let y)):
            #expect(x.shape == y.shape && bits(x) == bits(y), "\(what)")
        case (.model(let x), .model(let y)): try expectSameModel(x, y, what)
        case (.layer(let x), .layer(let y)):
            #expect(x.spec == y.spec, "\(what)")
        case (.dataset(let x), .dataset(let y)): try expectSameDataset(x, y, what)
        case (.datasets(let x), .datasets(let y)):
            #expect(x.name == y.name, "\(what)")
            try expectSameDataset(try x.train(), try y.train(), what + ".train")
        case (.builtin(let x), .builtin(let y)): #expect(x.name == y.name, "\(what)")
        case (.function(let x), .function(let y)): #expect(x.params == y.params, "\(what)")
        case (.record(let x), .record(let y)):
            #expect(x.typeName == y.typeName && x.text == y.text && x.fields.map { $0.0 } == y.fields.map { $0.0 }, "\(what)")
            for (f, g) in zip(x.fields, y.fields) { try expectSame(f.1, g.1, "\(what).\(f.0)") }
        default: Issue.record("\(what): \(a.typeName) came back as \(b.typeName)")
        }
    }

    func expectSameModel(_ x: Model, _ y: Model, _ what: String) throws {
        #expect(x.nodes.count == y.nodes.count, "\(what)")
        #expect(x.nodes.map { $0.path } == y.nodes.map { $0.path }, "\(what)")
        #expect(x.nodes.map { $0.inputs } == y.nodes.map { $0.inputs }, "\(what)")
        #expect(x.nodes.map { $0.layer.spec } == y.nodes.map { $0.layer.spec }, "\(what)")
        #expect(x.partNames == y.partNames && x.name == y.name && x.isSealed == y.isSealed && x.kind == y.kind, "\(what)")
        #expect(x.inputShape == y.inputShape, "\(what)")
        #expect(x.history == y.history, "\(what) history")
        let sx = x.stateDict(), sy = y.stateDict()
        #expect(sx.map { $0.0 } == sy.map { $0.0 }, "\(what)")
        for (p, q) in zip(sx, sy) { #expect(bits(p.1) == bits(q.1), "\(what) \(p.0)") }
        #expect(x.namedParameters.map { $0.1.isFrozen } == y.namedParameters.map { $0.1.isFrozen }, "\(what) frozen")
        #expect(x.nodes.map { $0.layer.isTraining } == y.nodes.map { $0.layer.isTraining }, "\(what) train/eval")
        #expect((x.optimizer == nil) == (y.optimizer == nil), "\(what) optimizer")
        if let ox = x.optimizer, let oy = y.optimizer {
            #expect(ox.description == oy.description, "\(what)")
            let ex = ox.exportState(x.namedParameters), ey = oy.exportState(y.namedParameters)
            #expect(ex.keys.sorted() == ey.keys.sorted(), "\(what) optimizer state")
            for (k, t) in ex { #expect(ey[k].map(bits) == bits(t), "\(what) \(k)") }
        }
    }

    func expectSameDataset(_ x: Dataset, _ y: Dataset, _ what: String) throws {
        #expect(x.name == y.name && x.count == y.count && x.imageShape == y.imageShape, "\(what)")
        #expect(x.labels == y.labels && x.classes == y.classes && x.classNames == y.classNames, "\(what)")
        for i in 0..<x.count { #expect(try x.pixels(at: i) == y.pixels(at: i), "\(what) image \(i)") }
    }
}
}

extension TrainingHistory {
    /// The same history with the timings of `other` (seconds differ between runs).
    func withSameTimes(as other: TrainingHistory) -> TrainingHistory {
        var h = self
        for i in h.epochs.indices where i < other.epochs.count { h.epochs[i].seconds = other.epochs[i].seconds }
        return h
    }
}
