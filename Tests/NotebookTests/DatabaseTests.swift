import Foundation
import Testing
@testable import Notebook

/// The SQLite wrapper: values in and out unchanged, transactions all or nothing,
/// every failure an error naming the file.
extension NotebookSuite { struct DatabaseTests {
    @Test func valuesRoundTrip() throws {
        let path = scratchDirectory("db") + "/values.sqlite"
        let db = try Database(path: path, create: true)
        try db.exec("CREATE TABLE t (a INTEGER, b TEXT, c BLOB, d REAL, e)")
        let blob: [UInt8] = [0, 1, 2, 255, 0]
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [.int(-7), .text("héllo\n\"x\""), .blob(blob), .double(0.1), .null])
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [.int(Int64.max), .text(""), .blob([]), .double(-0.0), .null])
        let rows = try db.query("SELECT a, b, c, d, e FROM t ORDER BY rowid")
        #expect(rows[0] == [.int(-7), .text("héllo\n\"x\""), .blob(blob), .double(0.1), .null])
        #expect(rows[1][0] == .int(Int64.max))
        #expect(rows[1][2].blob == [])
        #expect(try db.tableExists("t") && !db.tableExists("u"))
    }

    @Test func transactionsRollBack() throws {
        let path = scratchDirectory("db") + "/tx.sqlite"
        let db = try Database(path: path, create: true)
        try db.exec("CREATE TABLE t (a INTEGER)")
        #expect(throws: SimulatedCrash.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES (1)")
                throw SimulatedCrash()
            }
        }
        #expect(try db.query("SELECT count(*) FROM t") == [[.int(0)]])
        try db.transaction { try db.run("INSERT INTO t VALUES (2)") }
        #expect(try db.query("SELECT a FROM t") == [[.int(2)]])
    }

    @Test func errorsNameTheFile() throws {
        let dir = scratchDirectory("db")
        let db = try Database(path: dir + "/e.sqlite", create: true)
        #expect(throws: DatabaseError(path: dir + "/e.sqlite", code: 1, message: "near \"SELEC\": syntax error")) {
            try db.exec("SELEC 1")
        }
        #expect(throws: DatabaseError(path: dir + "/e.sqlite", code: 1, message: "no such table: nowhere")) {
            try db.query("SELECT * FROM nowhere")
        }
        #expect(throws: DatabaseError(path: dir + "/no/such/dir.sqlite", code: 14, message: "unable to open database file")) {
            try Database(path: dir + "/no/such/dir.sqlite", create: true)
        }
        db.close()
        #expect(throws: DatabaseError(path: dir + "/e.sqlite", code: 21, message: "the database is closed")) {
            try db.exec("SELECT 1")
        }
    }
}
}
