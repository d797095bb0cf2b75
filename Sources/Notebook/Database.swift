// A small wrapper over the system SQLite: open, exec, prepared statements with
// blob/text/int binding, transactions. Every SQLite failure becomes a thrown
// `DatabaseError` carrying SQLite's message and the file's path; nothing traps.

import CSQLite

/// An SQLite failure: the file, SQLite's result code and message.
///
///     do { try db.exec("SELEC 1") } catch let e as DatabaseError { print(e) }
///     // lecture.latent-session: near "SELEC": syntax error
public struct DatabaseError: Error, CustomStringConvertible, Equatable {
    public let path: String
    /// SQLite's primary result code (`SQLITE_NOTADB` = 26, `SQLITE_CORRUPT` = 11, ...).
    public let code: Int32
    public let message: String
    public var description: String { "\(path): \(message)" }

    /// True for the codes that mean the file is not a database or is damaged.
    public var isCorruption: Bool { [SQLITE_NOTADB, SQLITE_CORRUPT, SQLITE_FORMAT].contains(code & 0xff) }
}

/// One value of a row or a bound parameter.
public enum SQLValue: Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    /// The integer, if this is one.
    public var int: Int64? { if case .int(let v) = self { return v }; return nil }
    /// The text, if this is text.
    public var text: String? { if case .text(let v) = self { return v }; return nil }
    /// A blob (an empty blob may come back from SQLite as NULL: that reads as []).
    public var blob: [UInt8]? {
        switch self {
        case .blob(let v): return v
        case .null: return []
        default: return nil
        }
    }
}

/// An open SQLite database file.
///
///     let db = try Database(path: "s.latent-session")
///     try db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
///     try db.run("INSERT INTO meta VALUES (?, ?)", [.text("format"), .text("latent-session")])
///     let rows = try db.query("SELECT value FROM meta WHERE key = ?", [.text("format")])
public final class Database {
    /// The file, as given (error messages name it).
    public let path: String
    private var handle: OpaquePointer?

    /// Opens (and with `create`, creates) the file. Read-only when `readOnly`.
    public init(path: String, readOnly: Bool = false, create: Bool = false) throws {
        self.path = path
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        var h: OpaquePointer?
        let rc = sqlite3_open_v2(path, &h, flags | SQLITE_OPEN_NOMUTEX, nil)
        handle = h
        if rc != SQLITE_OK {
            let error = Database.error(h, rc, path: path)
            sqlite3_close_v2(h)
            handle = nil
            throw error
        }
        sqlite3_extended_result_codes(h, 1)
    }

    deinit { close() }

    /// Closes the file; later calls throw "the database is closed".
    public func close() {
        if let h = handle { sqlite3_close_v2(h) }
        handle = nil
    }

    static func error(_ h: OpaquePointer?, _ rc: Int32, path: String) -> DatabaseError {
        var message = String(cString: sqlite3_errstr(rc))
        if let h, let m = sqlite3_errmsg(h) {
            let s = String(cString: m)
            if !s.isEmpty && s != "not an error" { message = s }
        }
        return DatabaseError(path: path, code: rc, message: message)
    }

    func open() throws -> OpaquePointer {
        guard let h = handle else { throw DatabaseError(path: path, code: SQLITE_MISUSE, message: "the database is closed") }
        return h
    }

    func check(_ rc: Int32) throws {
        if rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW { throw Database.error(handle, rc, path: path) }
    }

    /// Runs one or more statements without parameters.
    public func exec(_ sql: String) throws {
        let h = try open()
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(h, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let message = err.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(err)
            throw DatabaseError(path: path, code: rc, message: message)
        }
    }

    /// A prepared statement (finalized when released).
    public func prepare(_ sql: String) throws -> Statement {
        let h = try open()
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(h, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            sqlite3_finalize(stmt)
            throw Database.error(h, rc, path: path)
        }
        return Statement(stmt, database: self)
    }

    /// Runs one statement with parameters, ignoring any rows.
    public func run(_ sql: String, _ args: [SQLValue] = []) throws {
        let s = try prepare(sql)
        try s.bind(args)
        while try s.step() {}
    }

    /// Every row of a query.
    public func query(_ sql: String, _ args: [SQLValue] = []) throws -> [[SQLValue]] {
        let s = try prepare(sql)
        try s.bind(args)
        var rows: [[SQLValue]] = []
        while try s.step() { rows.append(s.row) }
        return rows
    }

    /// Runs `body` inside BEGIN … COMMIT; rolls back and rethrows when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try exec("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try exec("COMMIT")
            return result
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
    }

    /// True when a table of that name exists.
    public func tableExists(_ name: String) throws -> Bool {
        try !query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(name)]).isEmpty
    }
}

/// A prepared statement: bind, step, read columns, reset.
public final class Statement {
    private let stmt: OpaquePointer
    private let database: Database

    init(_ stmt: OpaquePointer, database: Database) {
        self.stmt = stmt
        self.database = database
    }

    deinit { sqlite3_finalize(stmt) }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds parameters 1, 2, ... (clearing earlier bindings).
    public func bind(_ values: [SQLValue]) throws {
        try database.check(sqlite3_clear_bindings(stmt))
        for (i, v) in values.enumerated() {
            let k = Int32(i + 1)
            let rc: Int32
            switch v {
            case .null: rc = sqlite3_bind_null(stmt, k)
            case .int(let x): rc = sqlite3_bind_int64(stmt, k, x)
            case .double(let x): rc = sqlite3_bind_double(stmt, k, x)
            case .text(let s): rc = sqlite3_bind_text(stmt, k, s, -1, Statement.transient)
            case .blob(let b):
                if b.isEmpty {
                    rc = sqlite3_bind_zeroblob(stmt, k, 0)
                } else {
                    rc = b.withUnsafeBytes { sqlite3_bind_blob64(stmt, k, $0.baseAddress, sqlite3_uint64($0.count), Statement.transient) }
                }
            }
            try database.check(rc)
        }
    }

    /// Advances; true when a row is ready, false when done.
    public func step() throws -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw Database.error(sqlite3_db_handle(stmt), rc, path: database.path)
    }

    /// Makes the statement ready to run again (bindings are kept until the next `bind`).
    public func reset() throws {
        try database.check(sqlite3_reset(stmt))
    }

    /// Binds, runs to completion and resets: one INSERT of many.
    public func execute(_ values: [SQLValue]) throws {
        try bind(values)
        while try step() {}
        try reset()
    }

    /// The current row.
    public var row: [SQLValue] { (0..<sqlite3_column_count(stmt)).map(column) }

    /// Column `i` of the current row.
    public func column(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(stmt, i) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(stmt, i))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(stmt, i))
        case SQLITE_TEXT:
            guard let p = sqlite3_column_text(stmt, i) else { return .text("") }
            return .text(String(cString: p))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(stmt, i))
            guard n > 0, let p = sqlite3_column_blob(stmt, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }
}
