import Testing
import Tensor
import Picture
@testable import Script

/// A host that records everything the interpreter says.
final class RecordingHost: Host {
    var lines: [String] = []
    var images: [(shape: [Int], caption: String)] = []
    /// Reports an interrupt after this many polls (nil: never) so runaway loops end.
    var interruptAfterPolls: Int?
    private(set) var polls = 0
    /// `sessions` (Notebook's real list is tested in NotebookTests).
    func listSessions() throws -> String { "no saved sessions here" }

    func output(_ text: String) { lines.append(text) }
    func showPicture(_ image: Figure, caption: String) { images.append(([image.height, image.width], caption)) }
    var isInterrupted: Bool {
        polls += 1
        if let n = interruptAfterPolls { return polls > n }
        return false
    }
    var text: String { lines.joined(separator: "\n") }
}

/// Runs cells in one session; returns what was printed (or the rendered error) for the last one.
func session(_ cells: [String]) -> (Interpreter, RecordingHost) {
    let host = RecordingHost()
    host.interruptAfterPolls = 100_000
    let interp = Interpreter(host: host)
    for c in cells { _ = interp.runCell(c) }
    return (interp, host)
}

/// Runs one input after some setup cells, giving the output or the error text.
func answer(_ input: String, after setup: [String] = []) -> String {
    let (interp, host) = session(setup)
    host.lines = []
    let r = interp.runCell(input)
    if !r.ok { return r.errorText }
    return host.text
}

/// The message of the first diagnostic of `input`, or "no error: OUTPUT".
func errorMessage(_ input: String, after setup: [String] = []) -> String {
    let (interp, host) = session(setup)
    host.lines = []
    let r = interp.runCell(input)
    return r.diagnostics.first?.message ?? "no error: \(host.text)"
}

/// All Script suites run one after another: the runtime's globals (`Random.shared`,
/// the backend, autodiff's switch) are process-wide.
@Suite(.serialized) struct ScriptSuite {}
