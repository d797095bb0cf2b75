import Foundation

/// Where named sessions live, so `latent --resume lecture` finds `lecture` from any
/// folder: `$XDG_DATA_HOME/latent/sessions` (by default `~/.local/share/latent/sessions`).
/// Next to it, `last-session` remembers the session saved or loaded last (for
/// `latent --resume` alone) and `autosave/` holds each running REPL's autosave.
///
///     let folder = SessionFolder.standard()          // or SessionFolder(dataDirectory: tmp) in tests
///     try folder.file(for: "lecture", verb: "save")  // ~/.local/share/latent/sessions/lecture.latent-session
///     try folder.file(for: "./runs/a", verb: "load") // ./runs/a.latent-session (a path: it has a /)
///
/// A name is never a path to some other file: `.latent-session` is always appended,
/// and `.`, `..`, empty and `/`-only names are refused.
public struct SessionFolder: Equatable {
    /// `$XDG_DATA_HOME/latent`: sessions, the last-session note and autosaves below it.
    public let dataDirectory: String

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    /// `$XDG_DATA_HOME/latent` when XDG_DATA_HOME is an absolute path (the XDG rule), else
    /// `$HOME/.local/share/latent`.
    public static func standard(environment env: [String: String] = ProcessInfo.processInfo.environment) -> SessionFolder {
        if let xdg = env["XDG_DATA_HOME"], xdg.hasPrefix("/") { return SessionFolder(dataDirectory: xdg + "/latent") }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return SessionFolder(dataDirectory: home + "/.local/share/latent")
    }

    /// The folder named sessions are saved in and loaded from.
    public var sessions: String { dataDirectory + "/sessions" }
    /// One line: the file of the session saved or loaded last.
    var lastSessionNote: String { dataDirectory + "/last-session" }
    /// Each running REPL's autosave, `PID.latent-session`.
    var autosaves: String { dataDirectory + "/autosave" }

    /// The file a session name stands for. A name without `/` lives in `sessions`; one
    /// with `/` is a path (`~/` is the home folder). `.latent-session` is appended
    /// unless the name ends with it. `verb` starts the messages (`save session: …`).
    public func file(for name: String, verb: String) throws -> String {
        let example = "e.g. \(verb) session \"lecture\""
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SessionError("\(verb) session: the name is empty; \(example)") }
        guard trimmed == name else {
            throw SessionError("\(verb) session: the name \"\(name)\" starts or ends with a space; \(example)")
        }
        if let c = name.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw SessionError("\(verb) session: the name contains the control character U+\(String(c.value, radix: 16, uppercase: true)); \(example)")
        }
        if name.allSatisfy({ $0 == "/" || $0 == "." }) {
            throw SessionError("\(verb) session: \"\(name)\" is a folder, not a session name; \(example)")
        }
        let last = name.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        if last.isEmpty || last == "." || last == ".." {
            throw SessionError("\(verb) session: \"\(name)\" names a folder, not a session; e.g. \(verb) session \"runs/lecture\"")
        }
        var path = name
        if !name.contains("/") {
            path = sessions + "/" + name
        } else if name.hasPrefix("~/") {
            path = NSHomeDirectory() + name.dropFirst()
        }
        return path.hasSuffix("." + SessionFormat.fileExtension) ? path : path + "." + SessionFormat.fileExtension
    }

    /// What a person calls the session at `path`: its name when it lives in `sessions`,
    /// else the path (`~/` for the home folder).
    public func displayName(of path: String) -> String {
        let ext = "." + SessionFormat.fileExtension
        if path.hasPrefix(sessions + "/"), path.hasSuffix(ext) {
            let name = String(path.dropFirst(sessions.count + 1).dropLast(ext.count))
            if !name.contains("/") { return name }
        }
        return SessionFolder.abbreviated(path)
    }

    /// `/home/ana/x` → `~/x`, so messages stay short.
    public static func abbreviated(_ path: String) -> String {
        let home = NSHomeDirectory()
        if home.count > 1, path.hasPrefix(home + "/") { return "~" + path.dropFirst(home.count) }
        return path
    }

    /// Makes `sessions` (and the folders above it), readable by its owner only.
    func createSessions() throws {
        do {
            try FileManager.default.createDirectory(atPath: sessions, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw SessionError("could not make the sessions folder \(SessionFolder.abbreviated(sessions)): \(error.localizedDescription)")
        }
    }

    /// The file of the session saved or loaded last, if that file is still there.
    public var lastSession: String? {
        guard let text = try? String(contentsOfFile: lastSessionNote, encoding: .utf8) else { return nil }
        let path = text.trimmingCharacters(in: .newlines)
        return path.isEmpty ? nil : path
    }

    /// Remembers `path` as the last session (best effort: a read-only home is no reason to fail a save).
    func remember(_ path: String) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        try? FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        try? (absolute + "\n").write(toFile: lastSessionNote, atomically: true, encoding: .utf8)
    }
}
