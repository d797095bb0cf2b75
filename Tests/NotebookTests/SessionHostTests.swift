import Foundation
import Testing
import Tensor
import NN
import Script
@testable import Notebook

/// The commands as a person types them: `save session`, `load session`, and what
/// cannot be saved.
extension NotebookSuite { struct SessionHostTests {
    @Test func saveAndLoadFromCells() throws {
        let folder = SessionFolder(dataDirectory: scratchDirectory("commands"))
        let (a, aHost) = makeSession(folder: folder)
        run(aHost, ["x = 41 + 1", "x", "save session \"lecture\""])
        #expect(aHost.sessions.recorder.outputs[3]?.map { $0.text } == ["saved session lecture (\(folder.sessions)/lecture.latent-session): 1 variable, 3 cells"])
        #expect(FileManager.default.fileExists(atPath: folder.sessions + "/lecture.latent-session"))
        _ = a

        let (b, bHost) = makeSession(folder: folder)
        run(bHost, ["y = 1"])
        run(bHost, ["load session \"lecture\""])
        let message = bHost.sessions.recorder.outputs[4]?.first?.text ?? ""
        #expect(message.hasPrefix("loaded session lecture: 1 variable, 3 cells (saved "))
        #expect(b.variables.keys.sorted() == ["x"])
        // The load cell comes after the loaded cells and holds its own message.
        #expect(b.cellHistory.map { $0.number } == [1, 2, 3, 4])
        #expect(b.cellNumber == 5)
        let cells = bHost.sessions.recorder.cells(history: b.cellHistory)
        #expect(cells[1].outputs == [CellOutput(kind: .result, text: "42")])
        #expect(cells[3].outputs.map { $0.text } == [message])
        #expect(run(bHost, ["x * 2"])[0].value.map { "\($0)" } == "84")
    }

    @Test func loadErrorsReachThePromptAndChangeNothing() throws {
        let dir = scratchDirectory("commanderr")
        let (b, bHost) = makeSession()
        run(bHost, ["y = 1"])
        let r = bHost.runCell("load session \"\(dir)/nothing\"")
        #expect(!r.ok)
        #expect(r.diagnostics.first?.message == "there is no session file \(dir)/nothing.latent-session")
        #expect(b.variables.keys.sorted() == ["y"])
        #expect(bHost.sessions.recorder.cells(history: b.cellHistory).last?.outputs.first?.kind == .error)
    }

    @Test func unsavableValuesAreNamedAndTheRestIsSaved() throws {
        let dir = scratchDirectory("unsavable")
        let (a, aHost) = makeSession()
        run(aHost, ["x = 1"])
        a.setVariable("odd", .model(try Model(layer: FunctionLayer("double") { try $0.multiplying(Tensor(scalar: 2)) })))
        a.setVariable("fns", .list([.number(1), a.variables["x"]!]))
        let text = try aHost.sessions.save(named: dir + "/partial", interpreter: a)
        #expect(text == "saved session \(dir)/partial (\(dir)/partial.latent-session): 2 variables, 1 cell\nnot saved: odd: its layer double has no saved form")
        let (b, _) = makeSession()
        try SessionStore.load(into: b, from: dir + "/partial.latent-session")
        #expect(b.variables.keys.sorted() == ["fns", "x"])
    }
}
}

extension NotebookSuite.SessionHostTests {
    @Test func oddNames() throws {
        let dir = scratchDirectory("names")
        let (b, bHost) = makeSession()
        run(bHost, ["y = 1"])
        #expect(throws: SessionError("save session: the name is empty; e.g. save session \"lecture\"")) {
            try bHost.sessions.save(named: " ", interpreter: b)
        }
        #expect(throws: SessionError("\(dir) is not a latent session (it is a directory)")) {
            try SessionStore.load(into: b, from: dir)
        }
        #expect(throws: SessionError("could not save \(dir)/missing/x.latent-session: unable to open database file; the previous file is unchanged")) {
            try bHost.sessions.save(named: dir + "/missing/x", interpreter: b)
        }
        #expect(b.variables.keys.sorted() == ["y"])
    }
}
