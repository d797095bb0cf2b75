import Foundation
import Script
import NN
import Tensor
import Picture

/// What the REPL's host calls for `save session "name"`, `load session "name"`
/// and `export session "file.ipynb"`, with the cells' outputs kept in `recorder`.
///
///     let sessions = SessionHost()
///     terminalHost.sessionSaver = sessions.save
///     terminalHost.sessionLoader = sessions.load
///     terminalHost.onOutput = { sessions.recordOutput($0, of: interpreter) }
///     terminalHost.onImage = { sessions.recordImage($0, caption: $1, of: interpreter) }
///     terminalHost.onResult = { sessions.recordResult($0, of: interpreter) }
///     // after each cell: sessions.recorder.finish(result)
public final class SessionHost {
    /// The outputs of every cell, saved with the session and exported.
    public let recorder: CellRecorder
    /// Where named sessions live (`$XDG_DATA_HOME/latent/sessions`); tests pass their own.
    public let folder: SessionFolder
    /// The name saved or loaded last in this process (`quit` offers to save under it).
    public private(set) var currentName: String?
    /// The interpreter's cell number when the session was last saved or loaded: cells
    /// from there on are unsaved work.
    var savedAtCell = 1
    /// The last autosave failed (its warning was shown once).
    var autosaveFailed = false

    public init(recorder: CellRecorder = CellRecorder(), folder: SessionFolder = .standard()) {
        self.recorder = recorder
        self.folder = folder
    }

    /// Records text a host showed into the interpreter's current cell (for
    /// `TerminalHost.onOutput`).
    public func recordOutput(_ text: String, of interpreter: Interpreter) {
        recorder.recordText(text, cell: interpreter.cellHistory.last?.number ?? 0)
    }

    /// Records a cell's value as its result (for `TerminalHost.onResult`).
    public func recordResult(_ value: Value, of interpreter: Interpreter) {
        recorder.record(CellOutput(kind: .result, text: value.description), cell: interpreter.cellHistory.last?.number ?? 0)
    }

    /// Records a picture a host showed into the interpreter's current cell (for
    /// `TerminalHost.onImage`).
    public func recordImage(_ image: Figure, caption: String, of interpreter: Interpreter) {
        recorder.recordImage(image, caption: caption, cell: interpreter.cellHistory.last?.number ?? 0)
    }

    /// `save session "lecture"` → writes `lecture.latent-session` in the sessions folder
    /// (or at the path given, when the name has a `/`). A file there that is not a latent
    /// session is never replaced. Returns e.g.
    /// `saved session lecture (~/.local/share/latent/sessions/lecture.latent-session): 5 variables, 12 cells`.
    public func save(named name: String, interpreter: Interpreter) throws -> String {
        let path = try folder.file(for: name, verb: "save")
        if !name.contains("/") { try folder.createSessions() }
        if FileManager.default.fileExists(atPath: path), let why = SessionList.sessionProblem(path) {
            throw SessionError("save session: \(SessionFolder.abbreviated(path)) exists and is not a latent session (\(why)); it was left as it is: choose another name")
        }
        let cells = recorder.cells(history: interpreter.cellHistory)
        let s = try SessionStore.save(interpreter: interpreter, cells: cells, to: path)
        saved(name, path: path, interpreter: interpreter)
        var text = "saved session \(name) (\(SessionFolder.abbreviated(path))): \(s.variables) variable\(s.variables == 1 ? "" : "s"), \(s.cells) cell\(s.cells == 1 ? "" : "s")"
        if !s.skipped.isEmpty { text += "\nnot saved: " + s.skipped.joined(separator: "; ") }
        return text
    }

    /// `load session "lecture"` → replaces the session with `lecture.latent-session` from
    /// the sessions folder (or the path given). On error nothing changes. Returns e.g.
    /// `loaded session lecture: 5 variables, 12 cells (saved …)`.
    public func load(named name: String, interpreter: Interpreter) throws -> String {
        let path = try existingFile(for: name, verb: "load")
        let running = interpreter.cellHistory.last
        let s = try SessionStore.load(into: interpreter, from: path)
        recorder.replace(with: s.cells)
        // The `load session` cell itself stays in the history, numbered after the
        // loaded cells, so its message lands there and not in the last loaded cell.
        if let running, running.source.contains("load"), running.source.contains("session") {
            let n = interpreter.cellNumber
            interpreter.restoreCells(next: n + 1, history: interpreter.cellHistory + [(n, running.source)],
                                     results: interpreter.cellResults)
        }
        saved(name, path: path, interpreter: interpreter)
        return "loaded session " + SessionStore.describe(s, name: name)
    }

    /// `latent --resume lecture`, or `latent --resume` alone (name nil) for the session
    /// saved or loaded last.
    public func resume(named name: String?, interpreter: Interpreter) throws -> String {
        guard let name = name ?? folder.lastSession.map(folder.displayName) else {
            throw SessionError("there is no last session to resume yet (it is the one saved or loaded last); save one with save session \"lecture\"")
        }
        let path = try existingFile(for: name, verb: "resume")
        let summary = try SessionStore.load(into: interpreter, from: path)
        recorder.replace(with: summary.cells)
        saved(name, path: path, interpreter: interpreter)
        return "resumed " + SessionStore.describe(summary, name: name)
    }

    /// `sessions`: the saved sessions with their dates, sizes and cells.
    public func list() -> String {
        SessionList.text(in: folder)
    }

    /// True when cells ran since the session was saved or loaded (or since the start),
    /// not counting cells that only looked (`help`, `vars`, `history`, `sessions`).
    public func hasUnsavedWork(_ interpreter: Interpreter) -> Bool {
        !unsavedCells(interpreter).isEmpty
    }

    /// The numbers of those cells, in order (what the question on leaving names).
    public func unsavedCells(_ interpreter: Interpreter) -> [Int] {
        interpreter.cellHistory.filter { $0.number >= savedAtCell && !SessionHost.onlyLooks($0.source) }.map(\.number)
    }

    /// `session-1`, or the first `session-N` not yet in the sessions folder (for leaving
    /// with `y` when the session has no name).
    public func freshName() -> String {
        var n = 1
        while FileManager.default.fileExists(atPath: folder.sessions + "/session-\(n)." + SessionFormat.fileExtension) { n += 1 }
        return "session-\(n)"
    }

    /// Cells that change nothing worth saving.
    static func onlyLooks(_ source: String) -> Bool {
        let word = source.trimmingCharacters(in: .whitespacesAndNewlines).prefix { $0.isLetter }
        let rest = source.trimmingCharacters(in: .whitespacesAndNewlines).dropFirst(word.count)
        return ["help", "vars", "history", "sessions"].contains(String(word)) && (rest.isEmpty || rest.first == " ")
    }

    /// A saved or loaded session: remembered for `latent --resume`, and nothing is unsaved.
    private func saved(_ name: String, path: String, interpreter: Interpreter) {
        currentName = name
        savedAtCell = interpreter.cellNumber
        folder.remember(path)
    }

    /// The file for `name`, which must exist; a name not in the sessions folder but in
    /// the current folder (where sessions were saved before) gets a hint.
    private func existingFile(for name: String, verb: String) throws -> String {
        let path = try folder.file(for: name, verb: verb)
        if !FileManager.default.fileExists(atPath: path) {
            if !name.contains("/") {
                let here = name.hasSuffix("." + SessionFormat.fileExtension) ? name : name + "." + SessionFormat.fileExtension
                if FileManager.default.fileExists(atPath: here) {
                    throw SessionError("there is no session \(name) in \(SessionFolder.abbreviated(folder.sessions)); this folder has \(here): \(verb == "resume" ? "latent --resume ./\(name)" : "\(verb) session \"./\(name)\"")")
                }
                throw SessionError("there is no session \(name) in \(SessionFolder.abbreviated(folder.sessions)) (`sessions` lists them)")
            }
            throw SessionError.notFound(path)
        }
        return path
    }

    /// `export session "lecture.ipynb"` or `"lecture.html"`: the cells and their
    /// outputs as a Jupyter notebook (nbformat 4.5) or one self-contained web page.
    public func export(to path: String, errors: Bool = true, interpreter: Interpreter) throws -> String {
        var all = recorder.cells(history: interpreter.cellHistory)
        // The cell running this export is left out when it is only the command: run
        // again (JupyterLab, nbconvert) it would overwrite the notebook being run.
        if let last = all.last, last.number == interpreter.cellHistory.last?.number,
           NotebookExport.isExportCommand(last.source) { all.removeLast() }
        let cells = NotebookExport.kept(all, errors: errors)
        let text: String
        if path.hasSuffix(".ipynb") {
            text = try NotebookExport.ipynb(cells)
        } else if path.hasSuffix(".html") || path.hasSuffix(".htm") {
            text = HTMLExport.page(cells, title: ((path as NSString).lastPathComponent as NSString).deletingPathExtension)
        } else {
            throw SessionError("export: the file name must end in .ipynb (a Jupyter notebook) or .html (a web page), got \"\(path)\"")
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw SessionError("export: could not write \(path): \(error.localizedDescription)")
        }
        return "exported \(cells.count) cell\(cells.count == 1 ? "" : "s") to \(path)"
    }
}

/// A host that passes everything to another host and records each cell's text
/// and pictures; it answers `save session` / `load session` (and `exportSession`)
/// through a `SessionHost`. Use it to give any host notebooks.
///
///     let sessions = SessionHost()
///     let host = RecordingHost(wrapping: inner, sessions: sessions)
///     let interp = Interpreter(host: host)
///     host.interpreter = interp
///     let r = host.runCell("x = 1 + 2")     // runs and records (errors too)
public final class RecordingHost: Script.Host {
    /// The host that actually shows things.
    public let inner: Script.Host
    /// Where cells are recorded and sessions saved, loaded and exported.
    public let sessions: SessionHost
    /// The interpreter whose cells are recorded (its last cell gets the output).
    public weak var interpreter: Interpreter?

    public init(wrapping inner: Script.Host, sessions: SessionHost = SessionHost()) {
        self.inner = inner
        self.sessions = sessions
    }

    private var currentCell: Int { interpreter?.cellHistory.last?.number ?? 0 }

    public func output(_ text: String) {
        sessions.recorder.recordText(text, cell: currentCell)
        inner.output(text)
    }

    public func showResult(_ value: Value) {
        sessions.recorder.record(CellOutput(kind: .result, text: value.description), cell: currentCell)
        inner.showResult(value)
    }

    public func showPicture(_ image: Figure, caption: String) {
        sessions.recorder.recordImage(image, caption: caption, cell: currentCell)
        inner.showPicture(image, caption: caption)
    }

    public func trainingObserver() -> TrainingObserver? { inner.trainingObserver() }
    public func explore(_ explorer: LatentExplorer) -> ExploreOutcome { inner.explore(explorer) }
    public var isInterrupted: Bool { inner.isInterrupted }

    public func saveSession(named name: String, interpreter: Interpreter) throws -> String {
        try sessions.save(named: name, interpreter: interpreter)
    }

    public func loadSession(named name: String, interpreter: Interpreter) throws -> String {
        try sessions.load(named: name, interpreter: interpreter)
    }

    public func listSessions() throws -> String { sessions.list() }

    /// `export session "file"`.
    public func exportSession(to path: String, errors: Bool, interpreter: Interpreter) throws -> String {
        try sessions.export(to: path, errors: errors, interpreter: interpreter)
    }

    /// Runs a cell and records its result and error.
    public func runCell(_ source: String) -> CellResult {
        guard let interpreter else { preconditionFailure("RecordingHost.interpreter is not set") }
        let r = interpreter.runCell(source)
        sessions.recorder.finish(r)
        return r
    }
}
