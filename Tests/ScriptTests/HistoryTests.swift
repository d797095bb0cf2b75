import Testing
@testable import Script

/// `history` lists the session's cells; `rerun N` runs one again.
extension ScriptSuite { struct HistoryTests {
    @Test func historyListsCellsWithTheirLines() {
        #expect(answer("history", after: ["x = 1", "for i in 0..2 {\n  x += i\n}", "x"]) == """
            [1] x = 1
            [2] for i in 0..2 {
                  x += i
                }
            [3] x
            """)
        #expect(answer("history 1", after: ["a = 1", "b = 2"]) == "[2] b = 2")
        #expect(answer("history") == "no cells yet")
    }

    @Test func rerunRunsACellAgainOnTodaysVariables() {
        let (interp, host) = session(["x = 1", "x += 10", "x"])
        host.lines = []
        let r = interp.runCell("rerun 2")
        #expect(r.ok, "\(r.errorText)")
        #expect(host.lines == ["[2] x += 10"])
        #expect(interp.variables["x"].map { "\($0)" } == "21")
        host.lines = []
        _ = interp.runCell("rerun 3")
        #expect(host.lines == ["[3] x", "21"])
        // Its value is the cell's last expression's.
        #expect(interp.runCell("y = rerun 3").ok)
        #expect(interp.variables["y"].map { "\($0)" } == "21")
        #expect(interp.runCell("rerun(3) + 1").value.map { "\($0)" } == "22")
    }

    @Test func rerunAFunctionDefinitionKeepsItsSource() {
        let (interp, _) = session(["fn sq(a) { return a * a }", "rerun 1"])
        guard case .function(let f)? = interp.variables["sq"] else { Issue.record("no sq"); return }
        #expect(f.source == "fn sq(a) { return a * a }")
    }

    @Test(arguments: [
        ("rerun 9", ["x = 1"], "rerun: there is no cell 9 (cells are 1…1; history lists them)"),
        ("rerun 1", [], "rerun: cell 1 is this one; history lists the cells before it"),
        ("rerun 2", ["y = 1"], "rerun: cell 2 is this one; history lists the cells before it"),
        ("rerun 1", ["x = nothing + 1"], "rerun: cell 1, line 1: unknown name 'nothing'"),
        ("rerun 0", ["x = 1"], "rerun: cell must be between 1 and 1,000,000, got 0"),
    ])
    func rerunMessages(_ input: String, _ setup: [String], _ expected: String) {
        let (interp, _) = session(setup)
        let r = interp.runCell(input)
        #expect(r.diagnostics.first?.message == expected)
    }

    @Test func cellsThatRerunEachOtherAreStopped() {
        // Cell 1 names cell 2 before it exists; once cell 2 reruns cell 1, they would loop.
        let (interp, _) = session(["rerun 2", "rerun 1"])
        let r = interp.runCell("rerun 2")
        #expect(r.diagnostics.first?.message == "rerun: cell 2, line 1: rerun: cell 1, line 1: rerun: cell 2 reruns itself through cell 2 → cell 1 → cell 2")
    }
}}
