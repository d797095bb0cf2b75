import Tensor
import NN
import Picture

/// Where the interpreter's output goes. The language never prints: the REPL
/// (Terminal), the script runner, Notebook and tests each supply a host.
///
///     final class Recorder: Host {
///         var lines: [String] = []
///         func output(_ text: String) { lines.append(text) }
///     }
public protocol Host: AnyObject {
    /// One or more complete lines of text, without a trailing newline.
    func output(_ text: String)
    /// A picture (`show x`, or a picture that is a cell's result). `caption` says what it is.
    func showPicture(_ picture: Figure, caption: String)
    /// Receives `fit` progress; nil trains silently.
    func trainingObserver() -> TrainingObserver?
    /// Polled between batches and loop iterations; true after Ctrl-C.
    var isInterrupted: Bool { get }
    /// `save session "name"` / `load session "name"`; Notebook implements these.
    func saveSession(named name: String, interpreter: Interpreter) throws -> String
    func loadSession(named name: String, interpreter: Interpreter) throws -> String
    /// `sessions`: the saved sessions with their dates and sizes; Notebook implements it.
    func listSessions() throws -> String
    /// `export session "file.ipynb"` (`errors: false` leaves out failed and `help` cells); Notebook implements it.
    func exportSession(to path: String, errors: Bool, interpreter: Interpreter) throws -> String
    /// Progress of a long load (`folder("pictures")`): `done` of `total` items,
    /// called with 0 first and `total` last. The terminal draws a bar; default: nothing.
    func progress(_ task: String, done: Int, total: Int)
    /// `explore ae`: lets the person move through the latent space with the keyboard.
    /// Hosts without a keyboard and screen answer `.unavailable` (the builtin then
    /// returns a grid of decoded points instead).
    func explore(_ explorer: LatentExplorer) -> ExploreOutcome
    /// The value of a cell's (or a command's) result, as opposed to `print` output.
    /// Default: `output(value.description)`.
    func showResult(_ value: Value)
}

extension Host {
    public func showPicture(_ picture: Figure, caption: String) {
        output("[\(picture.description)\(caption.isEmpty ? "" : ": " + caption)]")
    }
    public func trainingObserver() -> TrainingObserver? { nil }
    public var isInterrupted: Bool { false }
    public func saveSession(named name: String, interpreter: Interpreter) throws -> String {
        throw HostError("sessions are not available here")
    }
    public func loadSession(named name: String, interpreter: Interpreter) throws -> String {
        throw HostError("sessions are not available here")
    }
    public func exportSession(to path: String, errors: Bool, interpreter: Interpreter) throws -> String {
        throw HostError("notebook export is not available here")
    }
    public func listSessions() throws -> String {
        throw HostError("sessions are not available here")
    }
    public func showResult(_ value: Value) { output(value.description) }
    public func progress(_ task: String, done: Int, total: Int) {}
    public func explore(_ explorer: LatentExplorer) -> ExploreOutcome { .unavailable }
}

/// How `explore` ended.
public enum ExploreOutcome {
    /// Enter: the code under the cursor.
    case chosen(Tensor)
    /// q (or Ctrl-C): nothing chosen.
    case left
    /// No interactive terminal here.
    case unavailable
}

/// An error a host reports back (shown as the message of the failing statement).
public struct HostError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
