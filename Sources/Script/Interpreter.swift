import Foundation
import Tensor

/// The result of one REPL cell.
public struct CellResult {
    public let number: Int
    /// The value of the last expression statement, already printed through the host.
    public let value: Value?
    public let diagnostics: [ScriptError]
    public let expectFailed: Bool
    public let source: String
    public var ok: Bool { diagnostics.isEmpty }
    /// The diagnostics rendered REPL-style ("" when ok).
    public var errorText: String { diagnostics.rendered(source: source) }
}

/// The result of running a whole script.
public struct RunResult {
    public let diagnostics: [ScriptError]
    public let expectFailed: Bool
    public let source: String
    public var ok: Bool { diagnostics.isEmpty }
    /// `FILE:LINE:COL: error: message` with the line and a caret, for each diagnostic.
    public var errorText: String { diagnostics.renderedForScript(source: source) }
    public var exitCode: Int32 { ok ? 0 : 1 }
}

/// Runs the language. One interpreter is one session: its variables live as long
/// as it does.
///
///     let interp = Interpreter(host: host)
///     interp.runCell("x = tensor([[1, 2], [3, 4]])")
///     interp.runCell("upsample(x, 2)")      // prints the 4×4 result
public final class Interpreter {
    public let host: Host
    /// The session's variables; a tutorial swaps in its own for as long as it runs.
    var globals = Environment()
    /// `expect` statements that held, since the interpreter started (tutorials report them).
    public internal(set) var checksPassed = 0
    /// Where relative file names of `save` go while a tutorial runs (nil: the current folder).
    var outputFolder: String?
    let builtins: [String: Builtin]
    /// Predefined values such as `mnist` (not variables: sessions do not save them).
    let constants: [String: Value]
    /// Number the next `runCell` gets.
    public private(set) var cellNumber = 1
    public private(set) var cellHistory: [(number: Int, source: String)] = []
    /// Values of earlier cells (`_3`) and the last result (`_`).
    public internal(set) var cellResults: [Int: Value] = [:]
    public internal(set) var lastResult: Value = .none
    /// Nesting of function calls and evaluation, limited so recursion cannot overflow the stack.
    var callDepth = 0
    var evalDepth = 0
    /// The cells `rerun` is running now, outermost first (a cell cannot rerun itself).
    var rerunning: [Int] = []
    /// The text being run, so functions can keep their own source (Notebook saves it).
    var currentSource: [Character] = []
    static let maxCallDepth = 64
    static let maxEvalDepth = 600

    public init(host: Host) {
        self.host = host
        self.builtins = BuiltinRegistry.all()
        self.constants = DataBuiltins.constants()
    }

    /// The session's variables (Notebook saves and restores these).
    public var variables: [String: Value] { globals.values }
    public func setVariable(_ name: String, _ value: Value) { globals.define(name, value) }
    public func removeVariable(_ name: String) { globals.remove(name) }

    /// Restores the cell counter and history (Notebook, after loading a session).
    public func restoreCells(next: Int, history: [(number: Int, source: String)], results: [Int: Value] = [:]) {
        cellNumber = max(1, next)
        cellHistory = history
        cellResults = results
        lastResult = results.keys.max().flatMap { results[$0] } ?? .none  // `_`: the newest result
    }

    /// Runs one REPL input as a numbered cell; the value of a final expression
    /// statement is printed and becomes `_` and `_N`. On error every variable is
    /// left as it was before the cell.
    public func runCell(_ source: String) -> CellResult {
        let number = cellNumber
        cellNumber += 1
        cellHistory.append((number, source))
        let file = "<cell \(number)>"
        let (stmts, syntaxErrors) = Parser.parse(source, file: file)
        currentSource = Array(source)
        if !syntaxErrors.isEmpty {
            return CellResult(number: number, value: nil, diagnostics: syntaxErrors, expectFailed: false, source: source)
        }
        let snapshot = globals.values
        var printed: Value? = nil
        do {
            for stmt in stmts {
                printed = try executeTopLevel(stmt)
            }
        } catch let e as ScriptError {
            globals.restore(snapshot)
            return CellResult(number: number, value: nil, diagnostics: [e], expectFailed: e.kind == .expectation, source: source)
        } catch {
            globals.restore(snapshot)
            let e = ScriptError(.runtime, "\(error)", at: SourceSpan(file: file))
            return CellResult(number: number, value: nil, diagnostics: [e], expectFailed: false, source: source)
        }
        if let v = printed {
            cellResults[number] = v
            lastResult = v
        }
        return CellResult(number: number, value: printed, diagnostics: [], expectFailed: false, source: source)
    }

    /// Numbers a cell without running it (`cellHistory`, as `runCell` does): a host
    /// that runs a script or a notebook's cells itself records their outputs under it.
    @discardableResult
    public func beginCell(_ source: String) -> Int {
        let number = cellNumber
        cellNumber += 1
        cellHistory.append((number, source))
        return number
    }

    /// Runs a script. Syntax errors are all reported and nothing runs; a runtime
    /// error or failed `expect` stops the script. With `cells`, each paragraph of
    /// the script (`ScriptCells`) becomes a numbered cell as it starts.
    public func run(_ source: String, file: String, cells: Bool = false) -> RunResult {
        let (stmts, syntaxErrors) = Parser.parse(source, file: file)
        currentSource = Array(source)
        if !syntaxErrors.isEmpty {
            return RunResult(diagnostics: syntaxErrors, expectFailed: false, source: source)
        }
        var cellStarts: [Int: String] = [:]
        if cells { for c in ScriptCells.split(source) { cellStarts[c.line] = c.source } }
        do {
            for stmt in stmts {
                if let cell = cellStarts.removeValue(forKey: stmt.span.line) { beginCell(cell) }
                if let v = try executeTopLevel(stmt) { lastResult = v }
            }
        } catch let e as ScriptError {
            return RunResult(diagnostics: [e], expectFailed: e.kind == .expectation, source: source)
        } catch {
            return RunResult(diagnostics: [ScriptError(.runtime, "\(error)", at: SourceSpan(file: file))],
                             expectFailed: false, source: source)
        }
        return RunResult(diagnostics: [], expectFailed: false, source: source)
    }

    /// A tutorial file (its first line `# Tutorial N — …`) run as a script: prose and
    /// commands printed step by step, ending `N checks passed` (see `TutorialBuiltins`).
    public func runTutorial(_ source: String, file: String) -> RunResult {
        TutorialBuiltins.runScript(source, file: file, through: self)
    }

    /// True for the text of a tutorial: its first line is `# Tutorial N — title`.
    public static func isTutorial(_ source: String) -> Bool {
        source.hasPrefix("# Tutorial ")
    }

    /// Runs one top-level statement; returns the value an expression statement printed.
    func executeTopLevel(_ stmt: Stmt) throws -> Value? {
        callDepth = 0
        evalDepth = 0
        if case .expression(let e) = stmt.kind {
            let v = try evaluate(e, in: globals)
            show(v)
            return v.isNone ? nil : v
        }
        switch try execute(stmt, in: globals) {
        case .normal: return nil
        case .returned:
            throw ScriptError(.runtime, "'return' outside a function", at: stmt.span)
        case .broke, .continued:
            throw ScriptError(.runtime, "'break' or 'continue' outside a loop", at: stmt.span)
        }
    }

    /// Shows a statement's value: a picture draws itself, anything else prints.
    func show(_ v: Value) {
        if case .picture(let f) = v { host.showPicture(f, caption: ""); return }
        // A model prints as its table, with the layers other variables share marked.
        if case .model(let m) = v { host.showResult(.string(ModelSupport.table(m, variables: variables))); return }
        if !v.isNone { host.showResult(v) }
    }

    /// Throws "interrupted" when the host says Ctrl-C was pressed.
    func checkInterrupt(_ span: SourceSpan) throws {
        if host.isInterrupted { throw ScriptError(.interrupted, "interrupted", at: span) }
    }
}
