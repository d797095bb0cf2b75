import Foundation
import Testing
import Tensor
import NN
import Script
@testable import Notebook

/// Every Notebook test, one at a time: sessions save and restore the global
/// `Random.shared`, and the tests compare random streams exactly.
@Suite(.serialized) enum NotebookSuite {}

/// A host that keeps what it is told (the inner host of a `RecordingHost`).
final class LinesHost: Script.Host {
    var lines: [String] = []
    func output(_ text: String) { lines.append(text) }
}

/// The sessions folder of the tests (never the real `~/.local/share/latent`).
let testFolder = SessionFolder(dataDirectory: scratchDirectory("data"))

/// An interpreter whose host records cells for sessions.
func makeSession(folder: SessionFolder = testFolder) -> (Interpreter, RecordingHost) {
    let host = RecordingHost(wrapping: LinesHost(), sessions: SessionHost(folder: folder))
    let interp = Interpreter(host: host)
    host.interpreter = interp
    return (interp, host)
}

/// Runs cells; fails the test on the first error.
@discardableResult
func run(_ host: RecordingHost, _ cells: [String], sourceLocation: SourceLocation = #_sourceLocation) -> [CellResult] {
    cells.map { c in
        let r = host.runCell(c)
        #expect(r.ok, "\(c): \(r.errorText)", sourceLocation: sourceLocation)
        return r
    }
}

/// A fresh directory for one test's files.
func scratchDirectory(_ name: String) -> String {
    let dir = NSTemporaryDirectory() + "latent-notebook-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func bits(_ t: Tensor) -> [UInt32] { t.scalars.map { $0.bitPattern } }

func variable(_ interp: Interpreter, _ name: String) -> Value? { interp.variables[name] }

func model(_ interp: Interpreter, _ name: String) -> Model? {
    if case .model(let m)? = interp.variables[name] { return m }
    return nil
}

func tensor(_ interp: Interpreter, _ name: String) -> Tensor? {
    if case .tensor(let t)? = interp.variables[name] { return t }
    return nil
}

/// The state of a session that a failed load must leave alone.
struct Fingerprint: Equatable {
    var names: [String]
    var ids: [ObjectIdentifier?]
    var cellNumber: Int
    var history: [String]
    var rng: [UInt64]

    init(_ interp: Interpreter) {
        let vars = interp.variables.sorted { $0.key < $1.key }
        names = vars.map { $0.key }
        ids = vars.map { v -> ObjectIdentifier? in
            switch v.value {
            case .tensor(let t): return ObjectIdentifier(t)
            case .model(let m): return ObjectIdentifier(m)
            default: return nil
            }
        }
        cellNumber = interp.cellNumber
        history = interp.cellHistory.map { "\($0.number): \($0.source)" }
        rng = Random.shared.stateArray
    }
}
