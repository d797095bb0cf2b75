import Tensor
import NN

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
    /// A picture: [H,W], [C,H,W] (values 0...1). `caption` says what it is.
    func showImage(_ image: Tensor, caption: String)
    /// Receives `fit` progress; nil trains silently.
    func trainingObserver() -> TrainingObserver?
    /// Polled between batches and loop iterations; true after Ctrl-C.
    var isInterrupted: Bool { get }
    /// `save session "name"` / `load session "name"`; Notebook implements these.
    func saveSession(named name: String, interpreter: Interpreter) throws -> String
    func loadSession(named name: String, interpreter: Interpreter) throws -> String
    /// `export session "file.ipynb"`; Notebook implements it.
    func exportSession(to path: String, interpreter: Interpreter) throws -> String
    /// Progress of a long load (`folder("pictures")`): `done` of `total` items,
    /// called with 0 first and `total` last. The terminal draws a bar; default: nothing.
    func progress(_ task: String, done: Int, total: Int)
    /// The value of a cell's (or a command's) result, as opposed to `print` output.
    /// Default: `output(value.description)`.
    func showResult(_ value: Value)
}

extension Host {
    public func showImage(_ image: Tensor, caption: String) {
        output("[image \(describeDims(image.shape))\(caption.isEmpty ? "" : ": " + caption)]")
    }
    public func trainingObserver() -> TrainingObserver? { nil }
    public var isInterrupted: Bool { false }
    public func saveSession(named name: String, interpreter: Interpreter) throws -> String {
        throw HostError("sessions are not available here")
    }
    public func loadSession(named name: String, interpreter: Interpreter) throws -> String {
        throw HostError("sessions are not available here")
    }
    public func exportSession(to path: String, interpreter: Interpreter) throws -> String {
        throw HostError("notebook export is not available here")
    }
    public func showResult(_ value: Value) { output(value.description) }
    public func progress(_ task: String, done: Int, total: Int) {}
}

/// An error a host reports back (shown as the message of the failing statement).
public struct HostError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
