import Foundation
import Testing
import Script
@testable import Notebook

/// Sessions live in one folder (`$XDG_DATA_HOME/latent/sessions`), so a name works
/// from any folder; a name is never a path to another file.
extension NotebookSuite { struct SessionFolderTests {
    @Test func theFolderFollowsXDGDataHome() {
        #expect(SessionFolder.standard(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/ana"]).sessions
                == "/data/latent/sessions")
        #expect(SessionFolder.standard(environment: ["HOME": "/home/ana"]).sessions == "/home/ana/.local/share/latent/sessions")
        // The XDG rule: a relative XDG_DATA_HOME is ignored.
        #expect(SessionFolder.standard(environment: ["XDG_DATA_HOME": "rel", "HOME": "/home/ana"]).sessions
                == "/home/ana/.local/share/latent/sessions")
    }

    @Test func namesMapToFilesInTheFolderAndPathsStayPaths() throws {
        let f = SessionFolder(dataDirectory: "/d")
        #expect(try f.file(for: "lecture", verb: "save") == "/d/sessions/lecture.latent-session")
        #expect(try f.file(for: "lecture.latent-session", verb: "save") == "/d/sessions/lecture.latent-session")
        #expect(try f.file(for: "notes.txt", verb: "save") == "/d/sessions/notes.txt.latent-session")
        #expect(try f.file(for: "runs/lecture", verb: "save") == "runs/lecture.latent-session")
        #expect(try f.file(for: "./notes.txt", verb: "save") == "./notes.txt.latent-session")
        #expect(try f.file(for: "/tmp/backup.sqlite", verb: "load") == "/tmp/backup.sqlite.latent-session")
        #expect(try f.file(for: "~/x", verb: "load") == NSHomeDirectory() + "/x.latent-session")
        #expect(f.displayName(of: "/d/sessions/lecture.latent-session") == "lecture")
        #expect(f.displayName(of: "/elsewhere/lecture.latent-session") == "/elsewhere/lecture.latent-session")
    }

    @Test(arguments: [
        ("", "save session: the name is empty; e.g. save session \"lecture\""),
        ("  ", "save session: the name is empty; e.g. save session \"lecture\""),
        (".", "save session: \".\" is a folder, not a session name; e.g. save session \"lecture\""),
        ("..", "save session: \"..\" is a folder, not a session name; e.g. save session \"lecture\""),
        ("/", "save session: \"/\" is a folder, not a session name; e.g. save session \"lecture\""),
        ("//", "save session: \"//\" is a folder, not a session name; e.g. save session \"lecture\""),
        ("./", "save session: \"./\" is a folder, not a session name; e.g. save session \"lecture\""),
        ("runs/", "save session: \"runs/\" names a folder, not a session; e.g. save session \"runs/lecture\""),
        ("runs/..", "save session: \"runs/..\" names a folder, not a session; e.g. save session \"runs/lecture\""),
        (" lecture", "save session: the name \" lecture\" starts or ends with a space; e.g. save session \"lecture\""),
        ("a\nb", "save session: the name contains the control character U+A; e.g. save session \"lecture\""),
    ])
    func oddNamesAreRefusedAndNothingIsWritten(name: String, message: String) throws {
        let folder = SessionFolder(dataDirectory: scratchDirectory("odd"))
        let (b, bHost) = makeSession(folder: folder)
        run(bHost, ["y = 1"])
        #expect(throws: SessionError(message)) { try bHost.sessions.save(named: name, interpreter: b) }
        #expect(!FileManager.default.fileExists(atPath: folder.sessions))
        #expect(b.variables.keys.sorted() == ["y"])
    }

    @Test func aFileThatIsNotASessionIsNeverReplaced() throws {
        let dir = scratchDirectory("clobber")
        let notes = dir + "/notes.txt"
        try "my notes\n".write(toFile: notes, atomically: true, encoding: .utf8)
        let (a, aHost) = makeSession()
        run(aHost, ["x = 1"])
        // The extension is always added: notes.txt itself is not touched.
        let text = try aHost.sessions.save(named: notes, interpreter: a)
        #expect(text == "saved session \(notes) (\(notes).latent-session): 1 variable, 1 cell")
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "my notes\n")
        // A file that already has the session's name but is something else stays too.
        let other = dir + "/other.latent-session"
        try "not a session".write(toFile: other, atomically: true, encoding: .utf8)
        #expect(throws: SessionError("save session: \(other) exists and is not a latent session (it is not an SQLite database); it was left as it is: choose another name")) {
            try aHost.sessions.save(named: dir + "/other", interpreter: a)
        }
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "not a session")
        // Saving over an older session of the same name is fine.
        #expect(try aHost.sessions.save(named: notes, interpreter: a).hasPrefix("saved session"))
    }

    @Test func aNameWorksFromAnyFolderAndTheLastSessionIsRemembered() throws {
        let folder = SessionFolder(dataDirectory: scratchDirectory("anywhere"))
        let (a, aHost) = makeSession(folder: folder)
        run(aHost, ["x = 7", "save session \"s1\""])
        #expect(folder.lastSession == folder.sessions + "/s1.latent-session")

        let elsewhere = scratchDirectory("elsewhere")
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(elsewhere)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        let (b, bHost) = makeSession(folder: folder)
        #expect(try bHost.sessions.resume(named: "s1", interpreter: b).hasPrefix("resumed s1: 1 variable, 2 cells (saved "))
        #expect(b.variables["x"].map { "\($0)" } == "7")
        // --resume alone: the last session.
        let (c, cHost) = makeSession(folder: folder)
        #expect(try cHost.sessions.resume(named: nil, interpreter: c).hasPrefix("resumed s1: 1 variable, 2 cells"))
        #expect(cHost.sessions.currentName == "s1")
        _ = a
    }

    @Test func resumingWithNoLastSessionOrAMissingNameSaysWhatToDo() throws {
        let folder = SessionFolder(dataDirectory: scratchDirectory("nolast"))
        let (b, bHost) = makeSession(folder: folder)
        #expect(throws: SessionError("there is no last session to resume yet (it is the one saved or loaded last); save one with save session \"lecture\"")) {
            try bHost.sessions.resume(named: nil, interpreter: b)
        }
        #expect(throws: SessionError("there is no session nope in \(folder.sessions) (`sessions` lists them)")) {
            try bHost.sessions.resume(named: "nope", interpreter: b)
        }
        // A session saved in the current folder by an older latent: the message says how to reach it.
        let here = scratchDirectory("here")
        let (a, aHost) = makeSession(folder: folder)
        run(aHost, ["x = 1"])
        _ = try aHost.sessions.save(named: here + "/old", interpreter: a)
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(here)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        #expect(throws: SessionError("there is no session old in \(folder.sessions); this folder has old.latent-session: load session \"./old\"")) {
            try bHost.sessions.load(named: "old", interpreter: b)
        }
        #expect(try bHost.sessions.load(named: "./old", interpreter: b).hasPrefix("loaded session ./old: 1 variable"))
    }

    @Test func sessionsListsNameDateSizeAndCells() throws {
        let folder = SessionFolder(dataDirectory: scratchDirectory("list"))
        let (a, aHost) = makeSession(folder: folder)
        run(aHost, ["sessions"])
        #expect(aHost.sessions.recorder.outputs[1]?.map(\.text) == ["no saved sessions in \(folder.sessions) yet; save one with save session \"lecture\""])
        run(aHost, ["x = 1", "save session \"older\"", "y = 2", "save session \"newer\""])
        let old = folder.sessions + "/older.latent-session", new = folder.sessions + "/newer.latent-session"
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_764_700_000)], ofItemAtPath: old)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_764_800_000)], ofItemAtPath: new)
        try "junk".write(toFile: folder.sessions + "/broken.latent-session", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_764_600_000)],
                                              ofItemAtPath: folder.sessions + "/broken.latent-session")
        let size = { (p: String) in SessionList.size((try FileManager.default.attributesOfItem(atPath: p)[.size] as? NSNumber)?.intValue ?? 0) }
        let (o, n) = (try size(old), try size(new))
        let w = max(o.count, n.count, "4 bytes".count)
        func pad(_ s: String) -> String { String(repeating: " ", count: w - s.count) + s }
        #expect(SessionList.text(in: folder, timeZone: TimeZone(identifier: "UTC")!) == """
            3 sessions in \(folder.sessions), newest first:
              newer   2025-12-03 22:13  \(pad(n))       5 cells  (last)
              older   2025-12-02 18:26  \(pad(o))       3 cells
              broken  2025-12-01 14:40  \(pad("4 bytes"))  not readable
            """)
        #expect(SessionList.size(980) == "980 bytes")
        #expect(SessionList.size(348_160) == "340 KB")
        #expect(SessionList.size(1_258_291) == "1.2 MB")
        _ = a
    }

    @Test func sessionsWithoutASessionHostSaysSo() {
        let interp = Interpreter(host: LinesHost())
        let r = interp.runCell("sessions")
        #expect(r.diagnostics.first?.message == "sessions are not available here")
    }
}
}
