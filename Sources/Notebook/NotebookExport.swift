import Foundation
import NN

/// Cells as a Jupyter notebook, nbformat 4.5, naming this kernel (`KernelLanguage`):
/// one code cell per cell with its execution count, text as `stream` (the final
/// value as `execute_result`), pictures as `display_data` with `image/png` (base64),
/// errors as `error`. A cell's leading `#` comment lines become a markdown cell
/// before it (`# Training` → `Training`, `## Part 2` → a heading); a cell of
/// comments only is just that markdown cell. `errors: false` leaves out the cells
/// that failed and the `help` cells.
///
///     let json = try NotebookExport.ipynb(recorder.cells(history: interp.cellHistory), errors: false)
public enum NotebookExport {
    /// The notebook JSON for `cells` (keys in a stable order, ends with a newline).
    public static func ipynb(_ cells: [RecordedCell], errors: Bool = true) throws -> String {
        let metadata: JSONValue = .object([
            ("kernelspec", .object(KernelLanguage.kernelspec.map { ($0.0, .string($0.1)) })),
            ("language_info", .object(KernelLanguage.languageInfo.map { ($0.0, .string($0.1)) })),
        ])
        let kept = kept(cells, errors: errors)
        let doc: JSONValue = .object([
            ("cells", .array(kept.flatMap(notebookCells))),
            ("metadata", metadata),
            ("nbformat", .int(4)),
            ("nbformat_minor", .int(5)),
        ])
        return doc.rendered() + "\n"
    }

    /// The cells written: all, or (`errors: false`) those that did not fail and are not `help`.
    static func kept(_ cells: [RecordedCell], errors: Bool) -> [RecordedCell] {
        errors ? cells : cells.filter { c in !c.outputs.contains { $0.kind == .error } && !isHelp(c.source) }
    }

    /// One line `export session "…"` (with or without options).
    static func isExportCommand(_ source: String) -> Bool {
        let s = source.trimmingCharacters(in: .whitespacesAndNewlines)
        return s.hasPrefix("export session ") && !s.contains("\n")
    }

    /// `help` or `help fit`.
    static func isHelp(_ source: String) -> Bool {
        let s = source.trimmingCharacters(in: .whitespacesAndNewlines)
        return s == "help" || s.hasPrefix("help ")
    }

    /// A cell's leading comment lines (as markdown text) and the code after them.
    static func split(_ source: String) -> (markdown: String?, code: String?) {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var k = 0
        while k < lines.count, lines[k].trimmingCharacters(in: .whitespaces).hasPrefix("#") { k += 1 }
        let markdown = lines[..<k].map { line -> String in
            var t = line.trimmingCharacters(in: .whitespaces).dropFirst()
            if t.first == " " { t = t.dropFirst() }
            return String(t)
        }.joined(separator: "\n")
        var rest = Array(lines[k...])
        while let f = rest.first, f.allSatisfy(\.isWhitespace) { rest.removeFirst() }
        while let l = rest.last, l.allSatisfy(\.isWhitespace) { rest.removeLast() }
        return (k == 0 ? nil : markdown, rest.isEmpty ? nil : rest.joined(separator: "\n"))
    }

    static func notebookCells(_ c: RecordedCell) -> [JSONValue] {
        let (markdown, code) = split(c.source)
        var out: [JSONValue] = []
        if let markdown {
            out.append(.object([("cell_type", .string("markdown")), ("id", .string("cell-\(c.number)-text")),
                                ("metadata", .object([])), ("source", lines(markdown))]))
        }
        if let code {
            out.append(.object([
                ("cell_type", .string("code")),
                ("execution_count", .int(c.number)),
                ("id", .string("cell-\(c.number)")),
                ("metadata", .object([])),
                ("outputs", .array(outputs(c))),
                ("source", lines(code)),
            ]))
        }
        return out
    }

    static func outputs(_ c: RecordedCell) -> [JSONValue] {
        var out: [JSONValue] = []
        var pendingText: [String] = []
        func flush() {
            guard !pendingText.isEmpty else { return }
            out.append(.object([("name", .string("stdout")), ("output_type", .string("stream")),
                                ("text", lines(pendingText.joined(separator: "\n") + "\n"))]))
            pendingText = []
        }
        for o in c.outputs {
            switch o.kind {
            case .text:
                pendingText.append(o.text)
            case .result:
                flush()
                out.append(.object([("data", .object([("text/plain", lines(o.text))])), ("execution_count", .int(c.number)),
                                    ("metadata", .object([])), ("output_type", .string("execute_result"))]))
            case .image:
                flush()
                let (w, h) = PNGSize.of(o.png)
                let scale = PNGSize.displayScale(width: w, height: h)
                var data: [(String, JSONValue)] = [("image/png", .string(Foundation.Data(o.png).base64EncodedString()))]
                data.append(("text/plain", .string(o.text.isEmpty ? "<image \(w)×\(h)>" : o.text)))
                out.append(.object([("data", .object(data)),
                                    ("metadata", .object([("image/png", .object([("height", .int(h * scale)), ("width", .int(w * scale))]))])),
                                    ("output_type", .string("display_data"))]))
            case .error:
                flush()
                let first = o.text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
                out.append(.object([("ename", .string("error")), ("evalue", .string(first)),
                                    ("output_type", .string("error")),
                                    ("traceback", .array(o.text.split(separator: "\n", omittingEmptySubsequences: false).map { .string(String($0)) }))]))
            }
        }
        flush()
        return out
    }

    /// A multi-line string as Jupyter writes it: lines keeping their "\n".
    static func lines(_ text: String) -> JSONValue {
        var parts: [JSONValue] = []
        var current = ""
        for ch in text {
            current.append(ch)
            if ch == "\n" { parts.append(.string(current)); current = "" }
        }
        if !current.isEmpty { parts.append(.string(current)) }
        return .array(parts)
    }
}

/// Width and height from a PNG's IHDR chunk, and how much to enlarge small
/// pictures (a 28×28 digit) so they are visible in a notebook.
enum PNGSize {
    static func of(_ png: [UInt8]) -> (Int, Int) {
        guard png.count >= 24 else { return (0, 0) }
        func be(_ i: Int) -> Int { Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3]) }
        return (be(16), be(20))
    }

    static func displayScale(width: Int, height: Int) -> Int {
        let side = max(width, height)
        guard side > 0 else { return 1 }
        return max(1, min(8, min(560 / max(width, 1), 280 / max(height, 1))))
    }
}

/// A JSON document with keys in the order given (deterministic output).
indirect enum JSONValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent + 1)
        let end = String(repeating: " ", count: indent)
        switch self {
        case .string(let s): return JSONValue.quote(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let xs):
            if xs.isEmpty { return "[]" }
            return "[\n" + xs.map { pad + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n\(end)]"
        case .object(let kv):
            if kv.isEmpty { return "{}" }
            return "{\n" + kv.map { pad + JSONValue.quote($0.0) + ": " + $0.1.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n\(end)}"
        }
    }

    static func quote(_ s: String) -> String { JSONString.quote(s) }
}
