import Foundation
import Script
import Tensor

/// What a save wrote, for the message at the prompt.
public struct SaveSummary: Equatable {
    /// The file written.
    public var path: String
    /// Number of variables saved.
    public var variables: Int
    /// Number of cells saved.
    public var cells: Int
    /// Variables left out, with the reason (`f: only functions defined at the top level ...`).
    public var skipped: [String]
}

/// Writes everything a session holds into a fresh SQLite file (one transaction).
/// The caller (`SessionStore.save`) makes the write atomic by writing to a
/// temporary file and renaming it over the old one.
struct SessionWriter {
    let interpreter: Interpreter
    let cells: [RecordedCell]

    func write(to path: String) throws -> (variables: Int, skipped: [String]) {
        let encoder = ValueEncoder()
        var stored: [(String, StoredValue)] = []
        var skipped: [String] = []
        for (name, value) in interpreter.variables.sorted(by: { $0.key < $1.key }) {
            do {
                stored.append((name, try encoder.encode(variable: name, value)))
            } catch let u as Unsupported {
                skipped.append("\(name): \(u.reason)")
            } catch {
                skipped.append("\(name): \(error)")
            }
        }
        // `_N` results, by the same encoder so a result that is also a variable is stored once;
        // one that cannot be stored (a function) is left out without a word: it was only a result.
        var results: [(Int, StoredValue)] = []
        for (n, v) in interpreter.cellResults.sorted(by: { $0.key < $1.key }) {
            if let r = try? encoder.encode(result: v) { results.append((n, r)) }
        }
        let models = try ModelStore.capture(encoder.models)
        let datasets = try encoder.datasets.map(DatasetStore.row)

        let db = try Database(path: path, create: true)
        defer { db.close() }
        try db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = FULL;")
        try db.transaction {
            try db.exec(SessionFormat.schema)
            let meta = try db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)")
            let rng = Random.shared.stateArray.map { String($0, radix: 16) }.joined(separator: ",")
            for (k, v) in [("format", SessionFormat.name), ("version", String(SessionFormat.version)),
                           ("created_at", ISO8601DateFormatter().string(from: Date())),
                           ("next_cell", String(interpreter.cellNumber)), ("rng", rng)] {
                try meta.execute([.text(k), .text(v)])
            }
            let vars = try db.prepare("INSERT INTO variables (name, kind, payload) VALUES (?, ?, ?)")
            for (name, v) in stored { try vars.execute([.text(name), .text(v.kind), .text(try JSON.encode(v))]) }

            let tensors = try db.prepare("INSERT INTO tensors (id, name, shape, data) VALUES (?, ?, ?, ?)")
            for (i, t) in encoder.tensors.enumerated() {
                try tensors.execute([.int(Int64(i + 1)), .null, .text(try JSON.encode(t.shape)), .blob(Bytes.floats(t))])
            }
            var ids: [String: Int64] = [:]
            var next = Int64(encoder.tensors.count + 1)
            for (name, t) in models.tensors.sorted(by: { $0.key < $1.key }) {
                try tensors.execute([.int(next), .text(name), .text(try JSON.encode(t.shape)), .blob(Bytes.floats(t))])
                ids[name] = next
                next += 1
            }
            try db.run("INSERT INTO models (id, archive, flags) VALUES (1, ?, ?)", [.text(models.archiveJSON), .text(models.flagsJSON)])
            let weights = try db.prepare("INSERT INTO weights (model, name, tensor) VALUES (?, ?, ?)")
            for (model, name, tensorName) in models.weights {
                if let id = ids[tensorName] { try weights.execute([.text(model), .text(name), .int(id)]) }
            }

            let ds = try db.prepare("""
                INSERT INTO datasets (id, name, source, shape, indices, labels, pixels, class_names) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (i, r) in datasets.enumerated() {
                try ds.execute([.int(Int64(i + 1)), .text(r.name), .text(r.source), .text(try JSON.encode(r.shape)),
                                r.indices.map { .blob(Bytes.ints($0)) } ?? .null,
                                r.labels.map { .blob(Bytes.ints($0)) } ?? .null,
                                r.pixels.map { .blob($0) } ?? .null,
                                try r.classNames.map { .text(try JSON.encode($0)) } ?? .null])
            }

            let resultRows = try db.prepare("INSERT INTO results (cell, payload) VALUES (?, ?)")
            for (n, r) in results { try resultRows.execute([.int(Int64(n)), .text(try JSON.encode(r))]) }

            let cellRows = try db.prepare("INSERT INTO cells (number, source) VALUES (?, ?)")
            let outRows = try db.prepare("INSERT INTO outputs (cell, seq, kind, text, png) VALUES (?, ?, ?, ?, ?)")
            for c in cells {
                try cellRows.execute([.int(Int64(c.number)), .text(c.source)])
                for (k, o) in c.outputs.enumerated() {
                    try outRows.execute([.int(Int64(c.number)), .int(Int64(k)), .text(o.kind.rawValue), .text(o.text),
                                         o.png.isEmpty ? .null : .blob(o.png)])
                }
            }
        }
        return (stored.count, skipped)
    }
}
