// What a value looks like in a notebook: always text/plain (the REPL's text);
// for model summaries (SummaryHTML) and other column tables also text/html, a real
// table that JupyterLab styles; pictures as PNG with a display size a person can see.

import Foundation
import Script
import Tensor
import Data
import Picture

enum RichOutput {
    /// The mime bundle of an execute_result.
    static func data(for value: Value) -> JSONObject {
        let text = value.description
        var data: JSONObject = ["text/plain": text]
        switch value {
        case .string, .model:
            // A model prints as its summary (the interpreter passes the text with the
            // shared layers marked); `summary(m)` is the same text as a string.
            if let html = SummaryHTML.html(text) { data["text/html"] = html }
        case .record, .layer:
            if let html = table(text) { data["text/html"] = html }
        default: break
        }
        return data
    }

    /// The display_data content of a picture: image/png (base64), the caption as
    /// text/plain, and a display size (small pictures such as a 28×28 digit enlarged).
    static func image(_ figure: Figure, caption: String) throws -> JSONObject {
        let png = try figure.pngBytes()
        let (w, h) = pngSize(png)
        let scale = displayScale(width: w, height: h)
        return [
            "data": ["image/png": Foundation.Data(png).base64EncodedString(),
                     "text/plain": caption.isEmpty ? "<image \(w)×\(h)>" : caption],
            "metadata": ["image/png": ["width": w * scale, "height": h * scale]],
        ]
    }

    /// Width and height from the PNG's IHDR chunk.
    static func pngSize(_ png: [UInt8]) -> (Int, Int) {
        guard png.count >= 24 else { return (0, 0) }
        func be(_ i: Int) -> Int { Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3]) }
        return (be(16), be(20))
    }

    /// Whole-number enlargement up to 8×, to fit 560×280 (the same rule as the .ipynb export).
    static func displayScale(width: Int, height: Int) -> Int {
        guard width > 0, height > 0 else { return 1 }
        return max(1, min(8, min(560 / width, 280 / height)))
    }

    /// A column table (cells separated by two or more spaces, a header of at least
    /// three columns, rows of the same width) as HTML; the lines around it as
    /// paragraphs. nil when the text is not such a table.
    static func table(_ text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let cells = lines.map(columns)
        guard let head = cells.firstIndex(where: { $0.count >= 3 }) else { return nil }
        let width = cells[head].count
        var end = head + 1
        while end < cells.count, cells[end].count == width { end += 1 }
        guard end - head >= 2 else { return nil }
        let numeric = (0..<width).map { c in
            cells[(head + 1)..<end].allSatisfy { $0[c].allSatisfy { $0.isNumber || $0 == "," || $0 == "." || $0 == "-" } }
        }
        func row(_ r: [String], tag: String) -> String {
            "<tr>" + r.enumerated().map { c, v in
                "<\(tag) style=\"text-align:\(numeric[c] ? "right" : "left")\">\(escape(v))</\(tag)>"
            }.joined() + "</tr>"
        }
        var html = lines[..<head].filter { !$0.isEmpty }.map { "<p>\(escape($0))</p>" }.joined()
        html += "<table><thead>" + row(cells[head], tag: "th") + "</thead><tbody>"
        html += cells[(head + 1)..<end].map { row($0, tag: "td") }.joined() + "</tbody></table>"
        html += lines[end...].filter { !$0.isEmpty }.map { "<p>\(escape($0))</p>" }.joined()
        return html
    }

    static func columns(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        var spaces = 0
        for ch in line {
            if ch == " " { spaces += 1; continue }
            if spaces >= 2, !current.isEmpty { out.append(current); current = "" } else if spaces == 1, !current.isEmpty { current += " " }
            spaces = 0
            current.append(ch)
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
