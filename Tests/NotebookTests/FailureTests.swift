import Foundation
import Testing
import Tensor
import Script
import Data
@testable import Notebook

struct SimulatedCrash: Error {}

/// Saves that die half-way and files that are not (good) sessions: the previous
/// file stays loadable, and a failed load changes nothing in the running session.
extension NotebookSuite { struct FailureTests {
    /// A small saved session (`x = 1`, a tensor, a model) and its path.
    static func savedSession(_ dir: String, name: String = "good") throws -> String {
        let (interp, host) = makeSession()
        run(host, ["x = 1", "t = tensor([[1, 2], [3, 4]])", "m = fc(3)"])
        let path = dir + "/\(name).latent-session"
        try SessionStore.save(interpreter: interp, to: path)
        return path
    }

    /// A session with its own values, to check that a failed load leaves it alone.
    static func bystander() -> (Interpreter, RecordingHost) {
        let (interp, host) = makeSession()
        run(host, ["y = 5", "u = randn(3)", "ae = autoencoder(latent: 72)"])
        return (interp, host)
    }

    func expectLoadFails(_ path: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (interp, _) = Self.bystander()
        let before = Fingerprint(interp)
        let u = tensor(interp, "u").map(bits)
        #expect(throws: SessionError(message), sourceLocation: sourceLocation) { try SessionStore.load(into: interp, from: path) }
        #expect(Fingerprint(interp) == before, sourceLocation: sourceLocation)
        #expect(tensor(interp, "u").map(bits) == u, sourceLocation: sourceLocation)
    }

    @Test func saveDyingBeforeRenameKeepsThePreviousFile() throws {
        let dir = scratchDirectory("crash")
        let path = try Self.savedSession(dir)
        let (interp, host) = makeSession()
        run(host, ["x = 2", "big = randn(512, 1024)"])
        SessionStore.beforeRename = { _ in throw SimulatedCrash() }
        defer { SessionStore.beforeRename = nil }
        #expect(throws: SessionError("could not save \(path): SimulatedCrash(); the previous file is unchanged")) {
            try SessionStore.save(interpreter: interp, to: path)
        }
        SessionStore.beforeRename = nil
        #expect(!FileManager.default.fileExists(atPath: "\(path).tmp-\(getpid())"))
        let (fresh, _) = makeSession()
        try SessionStore.load(into: fresh, from: path)
        #expect(fresh.variables["x"].map { "\($0)" } == "1")
        #expect(fresh.variables["big"] == nil)
    }

    @Test func saveKilledMidWriteLeavesThePreviousFileLoadable() throws {
        // A child process starts saving a large session over the file and is
        // SIGKILLed as soon as its temporary file appears.
        let dir = scratchDirectory("kill")
        let path = try Self.savedSession(dir)
        let original = try Foundation.Data(contentsOf: URL(fileURLWithPath: path))
        let (interp, host) = makeSession()
        run(host, ["x = 2", "big = randn(2000, 2000)"])
        let pid = fork()
        if pid == 0 {
            _ = try? SessionStore.save(interpreter: interp, to: path)
            _exit(0)
        }
        #expect(pid > 0)
        let tmp = "\(path).tmp-\(pid)"
        var waited = 0
        while !FileManager.default.fileExists(atPath: tmp) && waited < 20_000 {
            usleep(500)
            waited += 1
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(status & 0x7f == SIGKILL, "the child finished its save before it could be killed")
        #expect(try Foundation.Data(contentsOf: URL(fileURLWithPath: path)) == original)
        let (fresh, _) = makeSession()
        try SessionStore.load(into: fresh, from: path)
        #expect(fresh.variables["x"].map { "\($0)" } == "1")
        // The half-written temporary file is left behind; the next save works and
        // removes it (its process is gone).
        #expect(FileManager.default.fileExists(atPath: tmp))
        run(host, ["big = 0"])
        try SessionStore.save(interpreter: interp, to: path)
        try SessionStore.load(into: fresh, from: path)
        #expect(fresh.variables["x"].map { "\($0)" } == "2")
        #expect(!FileManager.default.fileExists(atPath: tmp))
    }

    @Test func missingFile() {
        let dir = scratchDirectory("missing")
        expectLoadFails(dir + "/nope.latent-session", "there is no session file \(dir)/nope.latent-session")
    }

    @Test func randomBytesAreNotASession() throws {
        let dir = scratchDirectory("random")
        let path = dir + "/noise.latent-session"
        var g = RandomGenerator(seed: 3)
        try Foundation.Data((0..<5000).map { _ in UInt8(truncatingIfNeeded: g.next()) }).write(to: URL(fileURLWithPath: path))
        expectLoadFails(path, "\(path) is not a latent session (it is not an SQLite database)")
    }

    @Test func pngIsNotASession() throws {
        let dir = scratchDirectory("png")
        let path = dir + "/digit.png"
        try PNG.write(try Tensor.ones([1, 4, 4]), to: path)
        expectLoadFails(path, "\(path) is not a latent session (it is not an SQLite database)")
    }

    @Test func emptyFileAndEmptyDatabase() throws {
        let dir = scratchDirectory("empty")
        let empty = dir + "/empty.latent-session"
        _ = FileManager.default.createFile(atPath: empty, contents: Foundation.Data())
        expectLoadFails(empty, "\(empty) is not a latent session (the file is empty)")
        let other = dir + "/other.latent-session"
        let db = try Database(path: other, create: true)
        try db.exec("CREATE TABLE photos (id INTEGER)")
        db.close()
        expectLoadFails(other, "\(other) is not a latent session (it has no meta table)")
    }

    @Test func newerVersionAndOtherFormat() throws {
        let dir = scratchDirectory("version")
        let path = try Self.savedSession(dir)
        let db = try Database(path: path)
        try db.exec("UPDATE meta SET value = '2' WHERE key = 'version'")
        db.close()
        expectLoadFails(path, "\(path) was saved by a newer latent (session format version 2; this latent reads version 1)")
        let other = try Self.savedSession(dir, name: "other")
        let db2 = try Database(path: other)
        try db2.exec("UPDATE meta SET value = 'photo-album' WHERE key = 'format'")
        db2.close()
        expectLoadFails(other, "\(other) is not a latent session (its format is 'photo-album')")
    }

    @Test func truncatedFile() throws {
        let dir = scratchDirectory("truncated")
        let path = try Self.savedSession(dir)
        let bytes = try Foundation.Data(contentsOf: URL(fileURLWithPath: path))
        try Foundation.Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: path))
        expectLoadFails(path, "\(path) is damaged (truncated or corrupt): database disk image is malformed")
    }

    @Test func corruptPages() throws {
        let dir = scratchDirectory("corrupt")
        let path = try Self.savedSession(dir)
        var bytes = [UInt8](try Foundation.Data(contentsOf: URL(fileURLWithPath: path)))
        var g = RandomGenerator(seed: 9)
        for i in 4096..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: g.next()) }
        try Foundation.Data(bytes).write(to: URL(fileURLWithPath: path))
        expectLoadFails(path, "\(path) is damaged (truncated or corrupt): database disk image is malformed")
    }

    @Test func damagedContents() throws {
        let dir = scratchDirectory("contents")
        let path = try Self.savedSession(dir)
        let db = try Database(path: path)
        try db.exec("UPDATE tensors SET data = X'0000' WHERE id = 1")
        db.close()
        expectLoadFails(path, "\(path) is damaged (truncated or corrupt): tensor 1: 2 bytes do not hold a float32 tensor of shape [2, 2]")
        let path2 = try Self.savedSession(dir, name: "nomodels")
        let db2 = try Database(path: path2)
        try db2.exec("DROP TABLE models")
        db2.close()
        expectLoadFails(path2, "\(path2) is damaged (truncated or corrupt): the table 'models' is missing")
    }
}
}
