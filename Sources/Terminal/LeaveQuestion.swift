// Leaving with unsaved work (`quit`, `exit`, Ctrl-D) asks once whether to save:
// nothing a person typed is lost by a reflex. The REPL only asks when it is given
// a `LeaveQuestion` (the executable gives one when stdin is a terminal); scripts,
// piped input and the Jupyter kernel never ask.

/// What the REPL needs to ask "save before leaving?" and to act on the answer.
///
///     repl.leaveQuestion = LeaveQuestion(
///         unsavedCells: { sessions.unsavedCells(interpreter) },
///         currentName: { sessions.currentName },
///         save: { try sessions.save(named: $0, interpreter: interpreter) })
///
/// Answers: `y` saves under the session's name (or a fresh `session-N` when it has
/// none), `n` leaves without saving, any other text is a name to save under, Enter
/// or Ctrl-C stays at the prompt, Ctrl-D again leaves without saving. A save that
/// fails prints why and stays.
public struct LeaveQuestion {
    /// Numbers of the cells run since the last save or load ([] when nothing is unsaved).
    public var unsavedCells: () -> [Int]
    /// The name the session was saved or loaded under, if any.
    public var currentName: () -> String?
    /// A name for `y` when the session has none (`session-1`, the first one not taken).
    public var freshName: () -> String
    /// Saves under a name; returns the line to show (throws the message otherwise).
    public var save: (String) throws -> String

    public init(unsavedCells: @escaping () -> [Int], currentName: @escaping () -> String?,
                freshName: @escaping () -> String = { "session-1" }, save: @escaping (String) throws -> String) {
        self.unsavedCells = unsavedCells
        self.currentName = currentName
        self.freshName = freshName
        self.save = save
    }

    /// What to do after the person answered.
    enum Decision: Equatable {
        case leave
        case stay
    }

    /// `cells 4–7 are not saved (the session was last saved as lecture)`.
    static func summary(_ cells: [Int], name: String?) -> String {
        let what: String
        if cells.count == 1 {
            what = "cell \(cells[0]) is"
        } else if let lo = cells.first, let hi = cells.last, hi - lo + 1 == cells.count {
            what = "cells \(lo)–\(hi) are"
        } else {
            what = "\(cells.count) cells are"
        }
        return "\(what) not saved" + (name.map { " (the session was last saved or loaded as \($0))" } ?? "")
    }

    /// `save before leaving? y = as lecture, n = no, or a name (Enter: stay): `
    static func prompt(saveAs name: String) -> String {
        "save before leaving? y = as \(name), n = no, or a name (Enter: stay): "
    }

    /// Asks through `editor` and writes the outcome to `console`; leaves at once when nothing is unsaved.
    func ask(editor: LineEditor, console: Console) -> Decision {
        let cells = unsavedCells()
        guard !cells.isEmpty else { return .leave }
        let name = currentName()
        let yesName = name ?? freshName()
        console.write(LeaveQuestion.summary(cells, name: name))
        switch editor.readLine(prompt: LeaveQuestion.prompt(saveAs: yesName)) {
        case .interrupted:
            return .stay
        case .endOfInput:
            console.write("left without saving")
            return .leave
        case .line(let raw):
            let answer = raw.trimmingWhitespace
            switch answer.lowercased() {
            case "": return .stay
            case "n", "no": return .leave
            case "y", "yes": return saved(as: yesName, console: console)
            default: return saved(as: answer, console: console)
            }
        }
    }

    private func saved(as name: String, console: Console) -> Decision {
        do {
            console.write(try save(name))
            return .leave
        } catch {
            console.write("\(error)\nnot saved; still here (save session \"name\", or quit and answer n to leave without saving)")
            return .stay
        }
    }
}
