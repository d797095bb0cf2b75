import Foundation
import Testing
import Script
@testable import Notebook

/// A function is saved as the text it was defined with (`Function.source`), so the
/// definition saved is the one the variable holds, not one found again in the cells.
extension NotebookSuite { struct FunctionSavingTests {
    @Test func theRedefinitionInTheVariableIsTheOneSaved() throws {
        let dir = scratchDirectory("function-saving")
        let (a, host) = makeSession()
        run(host, [
            "fn sq(a) { return a * a }",
            "keep = sq",
            "fn sq(a) { return a * a * a }",
            "fn make(k) { return fn(x) { return x + k } }",
            "add2 = make(2)",
            "dbl = fn(a) { return a * 2 }",
            "fs = [dbl]",
        ])
        let path = dir + "/functions.latent-session"
        let summary = try SessionStore.save(interpreter: a, cells: host.sessions.recorder.cells(history: a.cellHistory), to: path)
        // add2 closes over make's local k: its text alone cannot bring it back.
        #expect(summary.skipped == [
            "add2: only functions defined at the top level of a cell can be saved",
            "fs: a function inside another value cannot be saved",
        ])
        let (b, bHost) = makeSession()
        _ = try SessionStore.load(into: b, from: path)
        let results = run(bHost, ["keep(3)", "sq(3)", "dbl(5)", "make(1)(1)"])
        #expect(results.map { $0.value?.description } == ["9", "27", "10", "2"])
    }
}}
