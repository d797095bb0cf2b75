import Foundation
import Script
import NN
import Data
import Tensor

/// A session file decoded completely, before anything touches the interpreter.
struct LoadedSession {
    enum Restored {
        case value(Value)
        /// A function parsed from its stored definition (`fn sq(a) {...}` or
        /// `NAME = fn(a) {...}`), not run: its code runs only when it is called.
        case function(name: String, value: Value)
    }
    var variables: [(String, Restored)] = []
    var cells: [RecordedCell] = []
    /// `_N` by cell number (never run: decoded like variables).
    var results: [Int: Value] = [:]
    var nextCell = 1
    var rng: [UInt64] = []
    var createdAt = ""
    var skipped: [String] = []
}

/// Validates and decodes a session file. Every problem becomes a `SessionError`
/// naming the file: missing, not a session, newer version, damaged.
struct SessionReader {
    let path: String

    /// `interpreter` is only the one the session's functions will close over; it
    /// is not touched until `SessionStore.apply`.
    func read(for interpreter: Interpreter) throws -> LoadedSession {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw SessionError.notFound(path) }
        if isDirectory.boolValue { throw SessionError.notASession(path, "it is a directory") }
        try checkHeader()
        let db: Database
        do { db = try Database(path: path, readOnly: true) } catch let e as DatabaseError { throw classify(e) }
        defer { db.close() }
        do { try checkMeta(db) } catch let e as DatabaseError { throw classify(e) }
        do {
            return try decode(db, for: interpreter)
        } catch let e as DatabaseError {
            throw classify(e)
        } catch let e as Unavailable {
            throw SessionError("cannot load \(path): \(e.message)")
        } catch let e as SessionError {
            throw SessionError.damaged(path, e.message)
        } catch {
            throw SessionError.damaged(path, "\(error)")
        }
    }

    /// An SQLite file starts with "SQLite format 3\0"; anything else is not a session.
    private func checkHeader() throws {
        guard let h = FileHandle(forReadingAtPath: path) else { throw SessionError("cannot read \(path)") }
        defer { try? h.close() }
        let head = [UInt8]((try? h.read(upToCount: 16)) ?? Foundation.Data())
        if head.isEmpty { throw SessionError.notASession(path, "the file is empty") }
        if head != Array("SQLite format 3\0".utf8) { throw SessionError.notASession(path, "it is not an SQLite database") }
    }

    private func classify(_ e: DatabaseError) -> SessionError {
        if e.code & 0xff == 26 { return .notASession(path, "it is not an SQLite database") }
        return .damaged(path, e.message)
    }

    private func checkMeta(_ db: Database) throws {
        guard try db.tableExists("meta") else { throw SessionError.notASession(path, "it has no meta table") }
        func meta(_ key: String) throws -> String? {
            try db.query("SELECT value FROM meta WHERE key = ?", [.text(key)]).first?.first?.text
        }
        guard let format = try meta("format") else { throw SessionError.notASession(path, "its meta table names no format") }
        guard format == SessionFormat.name else { throw SessionError.notASession(path, "its format is '\(format)'") }
        guard let v = try meta("version"), let version = Int(v), version >= 1 else {
            throw SessionError.damaged(path, "the format version is missing or not a number")
        }
        if version > SessionFormat.version { throw SessionError.newerVersion(path, version) }
        let check = try db.query("PRAGMA quick_check")
        if let first = check.first?.first?.text, first != "ok" { throw SessionError.damaged(path, first) }
        for t in SessionFormat.tables where try !db.tableExists(t) {
            throw SessionError.damaged(path, "the table '\(t)' is missing")
        }
    }

    private func decode(_ db: Database, for interpreter: Interpreter) throws -> LoadedSession {
        var s = LoadedSession()
        let meta = Dictionary(try db.query("SELECT key, value FROM meta").map { ($0[0].text ?? "", $0[1].text ?? "") },
                              uniquingKeysWith: { a, _ in a })
        s.createdAt = meta["created_at"] ?? ""
        guard let next = Int(meta["next_cell"] ?? ""), next >= 1 else { throw SessionError("the cell counter is missing") }
        s.nextCell = next
        let rng = (meta["rng"] ?? "").split(separator: ",").compactMap { UInt64($0, radix: 16) }
        guard rng.count == 4, rng.contains(where: { $0 != 0 }) else { throw SessionError("the random generator state is missing or invalid") }
        s.rng = rng

        var byID: [Int: Tensor] = [:]
        var byName: [String: Tensor] = [:]
        for r in try db.query("SELECT id, name, shape, data FROM tensors") {
            guard let id = r[0].int, let shapeText = r[2].text, let data = r[3].blob else { throw SessionError("a tensor row is incomplete") }
            let shape = try JSON.decode([Int].self, shapeText, what: "the shape of tensor \(id)")
            let t = try Bytes.tensor(shape: shape, bytes: data, what: "tensor \(id)")
            byID[Int(id)] = t
            if let name = r[1].text { byName[name] = t }
        }
        var models: [String: Model] = [:]
        if let r = try db.query("SELECT archive, flags FROM models WHERE id = 1").first {
            models = try ModelStore.restore(archiveJSON: r[0].text ?? "", flagsJSON: r[1].text ?? "", tensors: byName)
        }
        var datasets: [Int: Dataset] = [:]
        for r in try db.query("SELECT id, name, source, shape, indices, labels, pixels, class_names FROM datasets") {
            guard let id = r[0].int, let name = r[1].text, let source = r[2].text, let shape = r[3].text else {
                throw SessionError("a dataset row is incomplete")
            }
            let row = DatasetStore.Row(
                name: name, source: source, shape: try JSON.decode([Int].self, shape, what: "the shape of dataset '\(name)'"),
                indices: try r[4] == .null ? nil : Bytes.ints(r[4].blob ?? [], what: "the rows of dataset '\(name)'"),
                labels: try r[5] == .null ? nil : Bytes.ints(r[5].blob ?? [], what: "the labels of dataset '\(name)'"),
                pixels: r[6] == .null ? nil : r[6].blob,
                classNames: try r[7].text.map { try JSON.decode([String].self, $0, what: "the class names of '\(name)'") })
            do {
                datasets[Int(id)] = try DatasetStore.dataset(from: row)
            } catch let e as SessionError { throw e } catch let e as Unavailable { throw e } catch {
                throw SessionError("dataset '\(name)': \(error)")
            }
        }
        let values = ValueDecoder(tensors: byID, models: models, datasets: datasets)
        for r in try db.query("SELECT name, payload FROM variables ORDER BY name") {
            guard let name = r[0].text, let payload = r[1].text else { throw SessionError("a variable row is incomplete") }
            let stored = try JSON.decode(StoredValue.self, payload, what: "variable '\(name)'")
            do {
                s.variables.append((name, try values.restore(stored, variable: name, into: interpreter)))
            } catch let u as Unsupported {
                s.skipped.append("\(name): \(u.reason)")
            }
        }
        if try db.tableExists("results") {
            for r in try db.query("SELECT cell, payload FROM results ORDER BY cell") {
                guard let cell = r[0].int, cell >= 1, let payload = r[1].text else { throw SessionError("a result row is incomplete") }
                let stored = try JSON.decode(StoredValue.self, payload, what: "the result of cell \(cell)")
                do {
                    s.results[Int(cell)] = try values.value(stored, field: "the result of cell \(cell)")
                } catch let u as Unsupported {
                    s.skipped.append("_\(cell): \(u.reason)")
                }
            }
        }
        var outputs: [Int: [CellOutput]] = [:]
        for r in try db.query("SELECT cell, kind, text, png FROM outputs ORDER BY cell, seq") {
            guard let cell = r[0].int, let kind = CellOutput.Kind(rawValue: r[1].text ?? "") else {
                throw SessionError("an output row is incomplete")
            }
            outputs[Int(cell), default: []].append(CellOutput(kind: kind, text: r[2].text ?? "", png: r[3].blob ?? []))
        }
        for r in try db.query("SELECT number, source FROM cells ORDER BY number") {
            guard let n = r[0].int, let source = r[1].text else { throw SessionError("a cell row is incomplete") }
            s.cells.append(RecordedCell(number: Int(n), source: source, outputs: outputs[Int(n)] ?? []))
        }
        return s
    }
}
