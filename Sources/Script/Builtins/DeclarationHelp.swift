/// `help`, `help NAME` and `help FAMILY`, written from the declarations.
extension Declaration {
    /// One line per form: `conv(channels, kernel: 3, stride: 1, padding: none, groups: 1, bias: true)`,
    /// or for a command `fit MODEL DATA [epochs 1] [batch 128]`.
    var signatures: [String] {
        forms.map { params in
            if command != nil { return commandSignature(params) }
            let parts = params.map { p -> String in
                if p.rest { return "\(p.name)..." }
                if p.labelled { return "\(p.name): \(Self.defaultText(p))" }
                if let d = p.defaultValue { return "\(p.name) = \(Printer.source(d))" }
                return p.optional ? "[\(p.name)]" : p.name
            }
            let call = "\(name)(\(parts.joined(separator: ", ")))"
            return params.isEmpty && layer != nil ? name : call
        }
    }

    private func commandSignature(_ params: [Parameter]) -> String {
        var words = [name]
        for p in params {
            if p.labelled {
                let shown = p.defaultValue.flatMap { $0.isNone ? nil : Printer.source($0) } ?? p.kind.placeholder
                words.append("[\(p.name) \(shown)]")
            } else {
                let w = p.name.uppercased() + (p.rest ? "..." : "")
                words.append(p.optional ? "[\(w)]" : w)
            }
        }
        return words.joined(separator: " ")
    }

    private static func defaultText(_ p: Parameter) -> String {
        p.defaultValue.map { Printer.source($0) } ?? "none"
    }

    /// `help NAME`: the signatures, the summary, where else it works, the examples.
    var helpText: String {
        var lines = signatures
        lines.append("  " + summary)
        lines += details.map { "  " + $0 }
        if layer != nil, forms.contains(where: { !$0.contains { !$0.optional } }) {
            lines.append("  the bare name is a layer too: m = conv(8) + \(name)")
        }
        let kinds = methodOf.map(\.phrase)
        if !kinds.isEmpty { lines.append("  also a method of \(kinds.joined(separator: ", ")): VALUE.\(name)(...)") }
        for p in forms.joined() where p.range != nil {
            if let r = p.range, !lines.contains(where: { $0.hasPrefix("  \(p.name): ") }) {
                lines.append("  \(p.name): \(Declaration.rangeText(r))")
            }
        }
        lines += examples.map { "  example: " + $0 }
        return lines.joined(separator: "\n")
    }
}

enum DeclaredHelp {
    /// `help FAMILY`: one line per builtin of a family, fitting one screen.
    static func family(_ f: Family) -> String? {
        let members = BuiltinRegistry.declarations.filter { $0.family == f }
        guard !members.isEmpty else { return nil }
        let width = members.map(\.name.count).max() ?? 0
        var lines = ["\(f.title):"]
        for d in members {
            lines.append("  " + d.name + String(repeating: " ", count: width - d.name.count) + "  " + d.summary)
        }
        lines.append("`help NAME` shows one builtin's forms, defaults and examples.")
        return lines.joined(separator: "\n")
    }

    /// The builtin list of docs/script-api.md: one line per family. DeclarationTests checks the file.
    static var documentation: String {
        var lines: [String] = []
        for f in Family.allCases {
            let members = BuiltinRegistry.declarations.filter { $0.family == f }
            guard !members.isEmpty else { continue }
            let names = members.map { d in d.command != nil ? "`\(d.name)`*" : "`\(d.name)`" }
            lines.append(wrap("- \(f.title):", names, width: 92, indent: "  "))
        }
        lines.append("")
        lines.append("`*` marks command words (`fit ae mnist epochs 5`); `help NAME` in the REPL has each one's forms.")
        return lines.joined(separator: "\n")
    }

    /// The families' lines of `help`: `layers: relu sigmoid ...`, wrapped at 80 columns.
    static var overview: String {
        Family.allCases.compactMap { f -> String? in
            let names = BuiltinRegistry.declarations.filter { $0.family == f }.map(\.name)
            guard !names.isEmpty else { return nil }
            return wrap(f.rawValue + ":", names, width: 80)
        }.joined(separator: "\n")
    }

    /// Words after a head, wrapped at `width`; continuation lines start with
    /// `indent` (by default aligned under the first word).
    static func wrap(_ head: String, _ words: [String], width: Int, indent: String? = nil) -> String {
        let indent = indent ?? String(repeating: " ", count: head.count + 1)
        var lines: [String] = []
        var line = head
        for w in words {
            if line.count + 1 + w.count > width, line != head {
                lines.append(line)
                line = indent + w
            } else {
                line += " " + w
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}

extension Printer {
    /// A default as it would be typed: `2`, `"adam"`, `true`, `none`.
    static func source(_ v: Value) -> String {
        switch v {
        case .none: return "none"
        case .number(let x): return number(x)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return "\"\(s)\""
        default: return v.typeName
        }
    }
}
