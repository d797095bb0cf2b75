import Foundation
import Testing
import Tensor
import Script
import Picture
@testable import Notebook

/// Nothing lost: `_N` and `_` come back from a session as data, pictures as pictures,
/// the REPL's autosave after each cell and its recovery after a kill.
extension NotebookSuite { struct AutosaveTests {
    @Test func resultsComeBackAsData() throws {
        let folder = SessionFolder(dataDirectory: scratchDirectory("results"))
        let (a, aHost) = makeSession(folder: folder)
        run(aHost, ["x = tensor([1, 2])", "x * 10", "ones(2, 2)", "fn f(a) { return a }", "f", "\"last\"", "save session \"r\""])
        _ = a
        let (b, bHost) = makeSession(folder: folder)
        run(bHost, ["y = 5", "y"])
        run(bHost, ["load session \"r\""])
        #expect(b.cellResults.keys.sorted() == [2, 3, 6])   // the function result (cell 5) is not kept
        #expect(run(bHost, ["_2"])[0].value.map { "\($0)" } == "tensor([10., 20.])  shape [2]")
        #expect(run(bHost, ["_3.shape"])[0].value.map { "\($0)" } == "[2, 2]")
        // `_` is the newest result: the one the last cell before this printed.
        #expect(run(bHost, ["_"])[0].value.map { "\($0)" } == "[2, 2]")
        let (c, cHost) = makeSession(folder: folder)
        run(cHost, ["load session \"r\""])
        #expect(run(cHost, ["_"])[0].value.map { "\($0)" } == "last")
        _ = c
    }

    @Test func aPictureResultComesBackAsAPicture() throws {
        let folder = SessionFolder(dataDirectory: scratchDirectory("picture"))
        let (a, aHost) = makeSession(folder: folder)
        run(aHost, ["bars([1, 3, 2])", "p = _1", "save session \"p\""])
        guard case .picture(let before)? = a.cellResults[1] else { Issue.record("no picture"); return }
        let (b, bHost) = makeSession(folder: folder)
        run(bHost, ["load session \"p\""])
        for v in [b.cellResults[1], b.variables["p"]] {
            guard case .picture(let after)? = v else { Issue.record("not a picture: \(String(describing: v))"); continue }
            #expect(after.base == before.base)
            #expect(after.scale == before.scale)
            #expect(after.title == before.title)
            #expect(after.notes == before.notes)
            #expect(after.description == before.description)
        }
    }

    @Test func unsavedCellsSkipLooksAndFreshNamesAreFree() throws {
        let folder = SessionFolder(dataDirectory: scratchDirectory("unsaved"))
        let (a, host) = makeSession(folder: folder)
        run(host, ["help", "x = 1", "vars", "x + 1"])
        #expect(host.sessions.unsavedCells(a) == [2, 4])
        #expect(host.sessions.freshName() == "session-1")
        run(host, ["save session \"session-1\""])
        #expect(host.sessions.unsavedCells(a) == [])
        #expect(host.sessions.freshName() == "session-2")
    }

    @Test func autosaveFollowsUnsavedWorkAndIsRecoveredAfterItsProcessDied() throws {
        let folder = SessionFolder(dataDirectory: scratchDirectory("autosave"))
        let (a, host) = makeSession(folder: folder)
        let sessions = host.sessions
        run(host, ["help"])
        sessions.autosave(a)
        #expect(!FileManager.default.fileExists(atPath: sessions.autosaveFile))   // nothing to keep yet
        run(host, ["x = 41", "x + 1"])
        #expect(sessions.autosave(a) == nil)
        #expect(FileManager.default.fileExists(atPath: sessions.autosaveFile))
        #expect(sessions.autosaveFile == folder.dataDirectory + "/autosave/\(getpid()).latent-session")
        // A live process's autosave (this one's) is never taken.
        #expect(sessions.recoverAutosave() == nil)

        // As if this process had been killed: the file under the number of a process that is gone.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let orphan = folder.dataDirectory + "/autosave/\(gone.processIdentifier).latent-session"
        #expect(rename(sessions.autosaveFile, orphan) == 0)
        FileManager.default.createFile(atPath: orphan + ".tmp-\(gone.processIdentifier)", contents: Data([1, 2]))

        let (b, bHost) = makeSession(folder: folder)
        let message = try #require(bHost.sessions.recoverAutosave())
        #expect(message.hasPrefix("the last latent ended without saving (3 cells, last at "))
        #expect(message.hasSuffix("its work is kept as session autosave:\n  load session \"autosave\"     (or start with latent --resume)"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder.dataDirectory + "/autosave")) == [])
        #expect(folder.lastSession == folder.sessions + "/autosave.latent-session")
        run(bHost, ["load session \"autosave\""])
        #expect(run(bHost, ["x"])[0].value.map { "\($0)" } == "41")
        #expect(run(bHost, ["_3"])[0].value.map { "\($0)" } == "42")
        #expect(bHost.sessions.recoverAutosave() == nil)

        // Saved work leaves no autosave behind.
        run(bHost, ["y = 2"])
        bHost.sessions.autosave(b)
        #expect(FileManager.default.fileExists(atPath: bHost.sessions.autosaveFile))
        run(bHost, ["save session \"mine\""])
        bHost.sessions.autosave(b)
        #expect(!FileManager.default.fileExists(atPath: bHost.sessions.autosaveFile))
    }
}}
