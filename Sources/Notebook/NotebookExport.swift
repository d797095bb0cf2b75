import Foundation
import NN

/// Cells as a Jupyter notebook, nbformat 4.5: one code cell per cell with its
/// execution count, text as `stream` (the final value as `execute_result`),
/// pictures as `display_data` with `image/png` (base64), errors as `error`.
///
///     let json = try NotebookExport.ipynb(recorder.cells(history: interp.cellHistory))
public enum NotebookExport {
    /// The notebook JSON for `cells` (keys in a stable order, ends with a newline).
    public static func ipynb(_ cells: [RecordedCell]) throws -> String {
        let language: JSONValue = .object([
            ("name", .string("latent")), ("file_extension", .string(".latent")), ("mimetype", .string("text/plain")),
        ])
        let metadata: JSONValue = .object([
            ("kernelspec", .object([("display_name", .string("latent")), ("language", .string("latent")), ("name", .string("latent"))])),
            ("language_info", language),
        ])
        let doc: JSONValue = .object([
            ("cells", .array(cells.map(cell))),
            ("metadata", metadata),
            ("nbformat", .int(4)),
            ("nbformat_minor", .int(5)),
        ])
        return doc.rendered() + "\n"
    }

    static func cell(_ c: RecordedCell) -> JSONValue {
        .object([
            ("cell_type", .string("code")),
            ("execution_count", .int(c.number)),
            ("id", .string("cell-\(c.number)")),
            ("metadata", .object([])),
            ("outputs", .array(outputs(c))),
            ("source", lines(c.source)),
        ])
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
