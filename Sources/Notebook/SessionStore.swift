import Foundation
import Script
import Tensor

/// What a load restored, for the message at the prompt.
public struct LoadSummary: Equatable {
    /// The file read.
    public var path: String
    /// Number of variables restored.
    public var variables: Int
    /// The cells with their outputs, as saved.
    public var cells: [RecordedCell]
    /// When the session was saved (ISO 8601).
    public var createdAt: String
    /// Variables that could not be restored, with the reason.
    public var skipped: [String]
    /// Variables holding functions the session brought: their code runs when called.
    public var functions: [String] = []
}

/// Saves and loads whole sessions: variables (tensors, models with weights,
/// optimizer state, frozen flags and history, layers, datasets, functions), the
/// cells with their outputs, the cell counter and the random generator.
///
///     let summary = try SessionStore.save(interpreter: interp, to: "lecture.latent-session")
///     let loaded = try SessionStore.load(into: other, from: "lecture.latent-session")
///
/// Saves are atomic: the file is written to `PATH.tmp-<pid>` in one transaction,
/// fsynced and renamed over the old file, so a crash leaves the previous file intact.
/// Loads decode everything before touching the interpreter, so a bad file changes nothing.
public enum SessionStore {
    /// Tests: runs between writing the temporary file and renaming it (a throw
    /// there is a save that died before finishing).
    nonisolated(unsafe) static var beforeRename: ((String) throws -> Void)?

    /// Saves the interpreter's session to `path` (any existing file is replaced
    /// atomically). `cells` defaults to the history without outputs.
    @discardableResult
    public static func save(interpreter: Interpreter, cells: [RecordedCell]? = nil, to path: String) throws -> SaveSummary {
        let cells = cells ?? interpreter.cellHistory.map { RecordedCell(number: $0.number, source: $0.source) }
        let tmp = "\(path).tmp-\(getpid())"
        unlink(tmp)
        do {
            let (count, skipped) = try SessionWriter(interpreter: interpreter, cells: cells).write(to: tmp)
            try fsync(file: tmp)
            try beforeRename?(tmp)
            guard rename(tmp, path) == 0 else { throw SessionError(String(cString: strerror(errno))) }
            fsyncDirectory(of: path)
            removeStaleTemporaries(of: path)
            return SaveSummary(path: path, variables: count, cells: cells.count, skipped: skipped)
        } catch {
            unlink(tmp)
            if let e = error as? SessionError, e.message.hasPrefix("could not save") { throw e }
            let detail = (error as? DatabaseError)?.message ?? "\(error)"
            throw SessionError.cannotWrite(path, detail)
        }
    }

    /// Loads the session at `path` into `interpreter`, replacing its variables,
    /// cell history and counter and the random generator state. On any error the
    /// interpreter is left exactly as it was.
    @discardableResult
    public static func load(into interpreter: Interpreter, from path: String) throws -> LoadSummary {
        let s = try SessionReader(path: path).read(for: interpreter)
        apply(s, to: interpreter)
        let functions = s.variables.compactMap { name, r -> String? in
            if case .function = r { return name } else { return nil }
        }.sorted()
        return LoadSummary(path: path, variables: s.variables.count, cells: s.cells, createdAt: s.createdAt,
                           skipped: s.skipped, functions: functions)
    }

    /// `lecture (lecture.latent-session): 5 variables, 12 cells, saved …`
    static func describe(_ s: LoadSummary, name: String) -> String {
        var text = "\(name): \(s.variables) variable\(s.variables == 1 ? "" : "s"), \(s.cells.count) cell\(s.cells.count == 1 ? "" : "s")"
        if !s.createdAt.isEmpty { text += " (saved \(s.createdAt))" }
        if !s.functions.isEmpty {
            text += "\nfunctions from the file: " + s.functions.joined(separator: ", ") + " (their code runs when you call them)"
        }
        if !s.skipped.isEmpty { text += "\nnot restored: " + s.skipped.joined(separator: "; ") }
        return text
    }

    /// Makes the interpreter hold the decoded session. Nothing here can fail on
    /// the file's contents: that was all checked while decoding.
    static func apply(_ s: LoadedSession, to interpreter: Interpreter) {
        for name in interpreter.variables.keys { interpreter.removeVariable(name) }
        for (name, r) in s.variables {
            switch r {
            case .value(let v): interpreter.setVariable(name, v)
            case .function(_, let f): interpreter.setVariable(name, f)
            }
        }
        interpreter.restoreCells(next: s.nextCell, history: s.cells.map { ($0.number, $0.source) }, results: s.results)
        Random.shared = RandomGenerator(state: s.rng)
    }

    private static func fsync(file path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SessionError(String(cString: strerror(errno))) }
        defer { close(fd) }
        guard Foundation.fsync(fd) == 0 else { throw SessionError(String(cString: strerror(errno))) }
    }

    /// Deletes `PATH.tmp-<pid>` files left by saves that were killed (their
    /// process is gone); a save running in another live process is left alone.
    private static func removeStaleTemporaries(of path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink(dir.isEmpty ? name : dir + "/" + name)
            }
        }
    }

    private static func fsyncDirectory(of path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        let fd = open(dir.isEmpty ? "." : dir, O_RDONLY)
        guard fd >= 0 else { return }
        _ = Foundation.fsync(fd)
        close(fd)
    }
}
