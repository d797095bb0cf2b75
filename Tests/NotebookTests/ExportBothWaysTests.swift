import Foundation
import Testing
import Script
@testable import Notebook

/// Issue 12, item 5: the export names this kernel, `#` comments become markdown,
/// `errors: false` leaves out failed and help cells, a script's paragraphs are its
/// cells, and a notebook's code cells read back in order.
extension NotebookSuite { struct ExportBothWaysTests {
    static func notebook(_ path: String) throws -> [String: Any] {
        let data = try Foundation.Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// (cell_type, source, output types) of each cell.
    static func shape(_ doc: [String: Any]) -> [String] {
        (doc["cells"] as? [[String: Any]] ?? []).map { c in
            let type = c["cell_type"] as? String ?? "?"
            let source = (c["source"] as? [String] ?? []).joined()
            let outputs = (c["outputs"] as? [[String: Any]] ?? []).map { o -> String in
                let t = o["output_type"] as? String ?? "?"
                if t == "stream" { return "stream " + (o["text"] as? [String] ?? []).joined() }
                if t == "execute_result" { return "result " + (((o["data"] as? [String: Any])?["text/plain"] as? [String]) ?? []).joined() }
                if t == "error" { return "error " + (o["evalue"] as? String ?? "") }
                return t
            }
            let count = (c["execution_count"] as? Int).map { "[\($0)] " } ?? ""
            return "\(type) \(count)\(source)" + (outputs.isEmpty ? "" : " → " + outputs.joined(separator: " | "))
        }
    }

    @Test func theMetadataNamesThisKernel() throws {
        let (interp, host) = makeSession()
        run(host, ["x = 1"])
        let path = scratchDirectory("meta") + "/m.ipynb"
        _ = try host.sessions.export(to: path, interpreter: interp)
        let doc = try Self.notebook(path)
        let m = try #require(doc["metadata"] as? [String: Any])
        #expect(m["kernelspec"] as? [String: String] == ["display_name": "latent", "language": "latent", "name": "latent"])
        #expect(m["language_info"] as? [String: String] == [
            "codemirror_mode": "python", "file_extension": ".latent", "mimetype": "text/x-latent", "name": "latent",
            "nbconvert_exporter": "script", "pygments_lexer": "python", "version": "0.1"])
    }

    @Test func commentBlocksBecomeMarkdownCells() throws {
        let (interp, host) = makeSession()
        run(host, ["## Part 1\n# the first digit", "# add them\nx = 1 + 2\nx", "x * 2  # a trailing comment stays"])
        let path = scratchDirectory("markdown") + "/m.ipynb"
        #expect(try host.sessions.export(to: path, interpreter: interp) == "exported 3 cells to \(path)")
        #expect(Self.shape(try Self.notebook(path)) == [
            "markdown # Part 1\nthe first digit",
            "markdown add them",
            "code [2] x = 1 + 2\nx → result 3",
            "code [3] x * 2  # a trailing comment stays → result 6",
        ])
    }

    @Test func errorsFalseLeavesOutFailedAndHelpCells() throws {
        let (interp, host) = makeSession()
        _ = host.runCell("x = 1/0")
        _ = host.runCell("help fit")
        _ = host.runCell("y = 2")
        _ = host.runCell("y")
        let dir = scratchDirectory("errors")
        #expect(try host.sessions.export(to: dir + "/all.ipynb", interpreter: interp) == "exported 4 cells to \(dir)/all.ipynb")
        #expect(try host.sessions.export(to: dir + "/ok.ipynb", errors: false, interpreter: interp) == "exported 2 cells to \(dir)/ok.ipynb")
        #expect(Self.shape(try Self.notebook(dir + "/ok.ipynb")) == ["code [3] y = 2", "code [4] y → result 2"])
        let all = Self.shape(try Self.notebook(dir + "/all.ipynb"))
        #expect(all.first == "code [1] x = 1/0 → error error: x = 1/0")
        #expect(all.count == 4)
    }

    @Test func theCommandTakesErrorsFalse() throws {
        let (interp, host) = makeSession()
        _ = host.runCell("x = 1/0")
        _ = host.runCell("z = 5")
        let path = scratchDirectory("command") + "/c.ipynb"
        let r = host.runCell("export session \"\(path)\" errors false")
        #expect(r.ok, "\(r.errorText)")
        // The export's own cell is left out (run again it would overwrite the notebook).
        #expect(host.sessions.recorder.outputs[3]?.last == CellOutput(kind: .result, text: "exported 1 cell to \(path)"))
        #expect(Self.shape(try Self.notebook(path)) == ["code [2] z = 5"])
    }

    /// `latent FILE`: the script's paragraphs are numbered cells with their outputs.
    @Test func aScriptsParagraphsAreItsCells() throws {
        let (interp, host) = makeSession()
        let path = scratchDirectory("script") + "/s.ipynb"
        let script = "# Sums\nx = 1 + 2\nprint(x)\n\n\nfor i in 0..2 {\n\n  print(i)\n}\n# the end\nexport session \"\(path)\"\n"
        let r = interp.run(script, file: "s.latent", cells: true)
        #expect(r.ok, "\(r.errorText)")
        #expect(interp.cellHistory.map(\.number) == [1, 2])
        #expect(Self.shape(try Self.notebook(path)) == [
            "markdown Sums", "code [1] x = 1 + 2\nprint(x) → stream 3\n",
            "code [2] for i in 0..2 {\n\n  print(i)\n}\n# the end\nexport session \"\(path)\" → stream 0\n1\n",
        ])
        #expect(host.sessions.recorder.outputs[2]?.last?.text == "exported 2 cells to \(path)")
    }

    @Test func scriptCellsSplitAtBlankLinesBetweenStatements() {
        let cells = ScriptCells.split("\n# make it\nx = 1\ny = 2; z = 3\n\n\n# show it\n\nprint(x)\n\n")
        #expect(cells.map(\.line) == [3, 9])
        #expect(cells.map(\.source) == ["# make it\nx = 1\ny = 2; z = 3", "# show it\n\nprint(x)"])
        #expect(ScriptCells.split("# only a comment\n").isEmpty)
    }

    @Test func aNotebooksCodeCellsReadBackInOrder() throws {
        let json = """
            {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},
                       {"cell_type": "code", "metadata": {}, "source": ["x = 1\\n", "x"], "outputs": [], "execution_count": null},
                       {"cell_type": "raw", "metadata": {}, "source": "raw"},
                       {"cell_type": "code", "metadata": {}, "source": "print(x)", "outputs": [], "execution_count": 3}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """
        #expect(try NotebookFile.codeCells(Foundation.Data(json.utf8), name: "n.ipynb") == ["x = 1\nx", "print(x)"])
        #expect(throws: SessionError("n.ipynb: error: not a Jupyter notebook (it is not JSON)")) {
            try NotebookFile.codeCells(Foundation.Data("x = 1".utf8), name: "n.ipynb")
        }
        #expect(throws: SessionError("n.ipynb: error: not a Jupyter notebook in format 4 (no nbformat 4 and cells)")) {
            try NotebookFile.codeCells(Foundation.Data("{\"nbformat\": 3, \"worksheets\": []}".utf8), name: "n.ipynb")
        }
        #expect(throws: SessionError("/nonexistent/n.ipynb: error: there is no such file (or it cannot be read)")) {
            try NotebookFile.codeCells(atPath: "/nonexistent/n.ipynb")
        }
    }
}
}
