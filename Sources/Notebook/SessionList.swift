import Foundation

/// The session files of a folder for `sessions`, and the check that keeps a save
/// from replacing a file that is not a session.
///
///     SessionList.text(in: SessionFolder.standard(), last: nil)
///     // 2 sessions in ~/.local/share/latent/sessions, newest first:
///     //   lecture  2026-12-03 06:40  1.2 MB  12 cells
///     //   demo     2026-12-02 18:01  340 KB   4 cells
public enum SessionList {
    /// One saved session.
    public struct Entry: Equatable {
        public var name: String
        public var path: String
        public var modified: Date
        public var bytes: Int
        /// Number of cells, or nil when the file cannot be read as a session.
        public var cells: Int?
    }

    /// The `NAME.latent-session` files of `folder.sessions`, newest first.
    public static func entries(in folder: SessionFolder) -> [Entry] {
        let dir = folder.sessions
        let ext = "." + SessionFormat.fileExtension
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        var out: [Entry] = []
        for file in names where file.hasSuffix(ext) && !file.hasPrefix(".") {
            let path = dir + "/" + file
            guard let a = try? FileManager.default.attributesOfItem(atPath: path),
                  a[.type] as? FileAttributeType == .typeRegular else { continue }
            out.append(Entry(name: String(file.dropLast(ext.count)), path: path,
                             modified: a[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0),
                             bytes: (a[.size] as? NSNumber)?.intValue ?? 0, cells: cellCount(path)))
        }
        return out.sorted { ($0.modified, $1.name) > ($1.modified, $0.name) }
    }

    /// What `sessions` prints. The last session (for `latent --resume`) is marked.
    public static func text(in folder: SessionFolder, timeZone: TimeZone = .current) -> String {
        let all = entries(in: folder)
        let where_ = SessionFolder.abbreviated(folder.sessions)
        if all.isEmpty { return "no saved sessions in \(where_) yet; save one with save session \"lecture\"" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = "yyyy-MM-dd HH:mm"
        let last = folder.lastSession
        let rows = all.map { e -> [String] in
            [e.name, f.string(from: e.modified), size(e.bytes),
             e.cells.map { "\($0) cell\($0 == 1 ? "" : "s")" } ?? "not readable",
             e.path == last ? "(last)" : ""]
        }
        let widths = (0..<4).map { c in rows.map { $0[c].count }.max() ?? 0 }
        let lines = rows.map { r -> String in
            let cells = String(repeating: " ", count: widths[3] - r[3].count) + r[3]
            let sized = String(repeating: " ", count: widths[2] - r[2].count) + r[2]
            let line = "  " + r[0].padding(toLength: widths[0], withPad: " ", startingAt: 0) + "  " + r[1] + "  " + sized + "  " + cells
            return r[4].isEmpty ? line : line + "  " + r[4]
        }
        return "\(all.count) session\(all.count == 1 ? "" : "s") in \(where_), newest first:\n" + lines.joined(separator: "\n")
    }

    /// `980 bytes`, `340 KB`, `1.2 MB` (1 KB = 1024 bytes).
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        let kb = Double(bytes) / 1024
        if kb < 1024 { return "\(Int(kb.rounded())) KB" }
        let mb = kb / 1024
        return mb < 100 ? "\((mb * 10).rounded() / 10) MB" : "\(Int(mb.rounded())) MB"
    }

    /// The number of cells of a session file, nil when it is not one.
    static func cellCount(_ path: String) -> Int? {
        guard sessionProblem(path) == nil, let db = try? Database(path: path, readOnly: true) else { return nil }
        defer { db.close() }
        return (try? db.query("SELECT count(*) FROM cells"))?.first?.first?.int.map { Int($0) }
    }

    /// Why the existing file at `path` is not a latent session (nil when it is one).
    /// A save refuses to replace such a file.
    static func sessionProblem(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "there is no such file" }
        if isDirectory.boolValue { return "it is a folder" }
        guard let h = FileHandle(forReadingAtPath: path) else { return "it cannot be read" }
        let head = [UInt8]((try? h.read(upToCount: 16)) ?? Foundation.Data())
        try? h.close()
        if head.isEmpty { return "it is empty" }
        guard head == Array("SQLite format 3\0".utf8) else { return "it is not an SQLite database" }
        guard let db = try? Database(path: path, readOnly: true) else { return "it cannot be opened" }
        defer { db.close() }
        guard (try? db.tableExists("meta")) == true,
              let format = (try? db.query("SELECT value FROM meta WHERE key = 'format'"))?.first?.first?.text,
              format == SessionFormat.name else { return "it is another program's database" }
        return nil
    }
}
