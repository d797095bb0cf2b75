import Foundation

/// Cells as one self-contained web page: inline CSS, pictures as `data:` URIs,
/// nothing fetched from anywhere. Looks like a notebook: `[3]` prompts, the
/// source, then what the cell showed.
///
///     let html = HTMLExport.page(cells, title: "lecture")
public enum HTMLExport {
    /// The page for `cells`, titled `title`.
    public static func page(_ cells: [RecordedCell], title: String) -> String {
        var body = ""
        for c in cells {
            body += "<section class=\"cell\">\n<div class=\"in\"><span class=\"prompt\">[\(c.number)]</span>"
            body += "<pre class=\"source\">\(escape(c.source))</pre></div>\n"
            for o in c.outputs { body += output(o) }
            body += "</section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title)) — latent</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            <header><h1>\(escape(title))</h1><p>a latent session · \(cells.count) cell\(cells.count == 1 ? "" : "s")</p></header>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }

    static func output(_ o: CellOutput) -> String {
        switch o.kind {
        case .text: return "<pre class=\"out\">\(escape(o.text))</pre>\n"
        case .result: return "<pre class=\"out result\">\(escape(o.text))</pre>\n"
        case .error: return "<pre class=\"out error\">\(escape(o.text))</pre>\n"
        case .image:
            let (w, h) = PNGSize.of(o.png)
            let s = PNGSize.displayScale(width: w, height: h)
            let alt = o.text.isEmpty ? "picture \(w)×\(h)" : o.text
            var html = "<figure class=\"out\"><img alt=\"\(escape(alt))\" width=\"\(w * s)\" height=\"\(h * s)\" "
            html += "src=\"data:image/png;base64,\(Foundation.Data(o.png).base64EncodedString())\">"
            if !o.text.isEmpty { html += "<figcaption>\(escape(o.text))</figcaption>" }
            return html + "</figure>\n"
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    static let css = """
        body { margin: 0; background: #f6f6f3; color: #1d1d1f; font: 15px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
        header { padding: 20px 32px 8px; border-bottom: 1px solid #ddd; background: #fff; }
        header h1 { margin: 0; font-size: 22px; } header p { margin: 4px 0 12px; color: #777; }
        main { max-width: 920px; margin: 0 auto; padding: 16px 24px 48px; }
        .cell { background: #fff; border: 1px solid #e2e2dd; border-radius: 6px; margin: 14px 0; padding: 10px 14px; }
        .in { display: flex; gap: 10px; align-items: baseline; }
        .prompt { color: #2a6fd6; font: 13px ui-monospace, Menlo, Consolas, monospace; min-width: 3.2em; }
        pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 13.5px/1.4 ui-monospace, Menlo, Consolas, monospace; }
        .source { flex: 1; background: #f3f5f9; padding: 6px 8px; border-radius: 4px; }
        .out { margin: 8px 0 0 calc(3.2em + 10px); }
        .result { color: #333; }
        .error { color: #b3261e; background: #fdf0ef; padding: 6px 8px; border-radius: 4px; }
        figure { margin-top: 8px; } figure img { image-rendering: pixelated; border: 1px solid #eee; background: #fff; }
        figcaption { color: #777; font-size: 13px; }
        """
}
