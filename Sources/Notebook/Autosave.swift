import Foundation
import Script

/// The REPL's autosave: after every cell that leaves unsaved work, the whole session is
/// written atomically (as `save session` writes) to `autosave/PID.latent-session` beside
/// the sessions folder. A crash, `kill -9` or a closed terminal therefore loses at most
/// the cell that was running. Leaving normally removes the file (the person was asked);
/// the next latent to start finds a file whose process is gone and keeps it as the
/// session `autosave` (`load session "autosave"`, or `latent --resume`).
///
///     sessions.autosave(interpreter)          // after each cell (REPL only)
///     sessions.discardAutosave()              // on leaving normally
///     sessions.recoverAutosave()              // at start-up: the message, if one was kept
extension SessionHost {
    /// The name a recovered autosave is kept under in the sessions folder.
    public static let recoveredName = "autosave"

    /// This process's autosave file.
    public var autosaveFile: String { folder.autosaves + "/\(getpid())." + SessionFormat.fileExtension }

    /// Writes the autosave when there is unsaved work, removes it when there is none (the
    /// saved session has everything). Returns a warning to show when writing failed (once:
    /// later failures are silent until a write succeeds again).
    @discardableResult
    public func autosave(_ interpreter: Interpreter) -> String? {
        guard hasUnsavedWork(interpreter) else {
            discardAutosave()
            return nil
        }
        do {
            try FileManager.default.createDirectory(atPath: folder.autosaves, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try SessionStore.save(interpreter: interpreter, cells: recorder.cells(history: interpreter.cellHistory), to: autosaveFile)
            autosaveFailed = false
            return nil
        } catch {
            defer { autosaveFailed = true }
            return autosaveFailed ? nil : "autosave: \(error) (save session \"name\" to keep your work)"
        }
    }

    /// Removes this process's autosave (leaving normally, or nothing is unsaved).
    public func discardAutosave() {
        unlink(autosaveFile)
    }

    /// At start-up: the newest autosave left by a latent that is no longer running becomes
    /// the session `autosave` (replacing an older one) and the last session, so
    /// `latent --resume` reopens it; older leftovers are removed. Returns what to tell the
    /// person, or nil when there was nothing to recover.
    @discardableResult
    public func recoverAutosave() -> String? {
        let dir = folder.autosaves
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return nil }
        let ext = "." + SessionFormat.fileExtension
        var orphans: [(path: String, modified: Date)] = []
        for name in names {
            // `PID.latent-session`, or a save's `PID.latent-session.tmp-PID` left by a kill.
            let pidText = name.prefix { $0.isNumber }
            guard let pid = Int32(pidText), pid > 0, pid != getpid(), name.dropFirst(pidText.count).hasPrefix(ext) else { continue }
            guard kill(pid, 0) != 0 && errno == ESRCH else { continue }  // that latent is still running
            let path = dir + "/" + name
            if name.hasSuffix(ext), SessionList.sessionProblem(path) == nil,
               let a = try? FileManager.default.attributesOfItem(atPath: path) {
                orphans.append((path, a[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)))
            } else {
                unlink(path)
            }
        }
        guard let newest = orphans.max(by: { $0.modified < $1.modified }) else { return nil }
        for o in orphans where o.path != newest.path { unlink(o.path) }
        do { try folder.createSessions() } catch { return "\(error)" }
        let target = try? folder.file(for: SessionHost.recoveredName, verb: "recover")
        guard let target, rename(newest.path, target) == 0 else {
            return "latent found an autosave it could not keep as session \(SessionHost.recoveredName): \(SessionFolder.abbreviated(newest.path))"
        }
        folder.remember(target)
        let cells = SessionList.cellCount(target) ?? 0
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return """
            the last latent ended without saving (\(cells) cell\(cells == 1 ? "" : "s"), last at \(f.string(from: newest.modified))); \
            its work is kept as session \(SessionHost.recoveredName):
              load session "\(SessionHost.recoveredName)"     (or start with latent --resume)
            """
    }
}
