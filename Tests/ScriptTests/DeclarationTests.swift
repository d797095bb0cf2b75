import Foundation
import Testing
@testable import Script

/// Tests generated from the builtin declarations (Sources/Script/Builtins/Declaration.swift):
/// each new declaration is checked by them without writing a test.
extension ScriptSuite {
struct DeclarationTests {
    static let declarations = BuiltinRegistry.declarations

    @Test func everyBuiltinHasASummaryAndAnExample() {
        for d in Self.declarations {
            #expect(!d.summary.isEmpty, "\(d.name)")
            #expect(!d.examples.isEmpty, "\(d.name)")
            #expect(!d.summary.hasSuffix("."), "\(d.name): summaries are phrases, no full stop")
        }
    }

    /// Help comes from the declaration alone: no second text elsewhere.
    @Test func noHandWrittenHelpForADeclaredBuiltin() {
        for d in Self.declarations {
            #expect(HelpTopics.topics[d.name] == nil, "\(d.name)")
            #expect(answer("help \(d.name)") == d.helpText, "\(d.name)")
        }
    }

    /// `help FAMILY` fits one screen (30 lines of 80 columns); `help` lists every builtin.
    @Test func helpIsGroupedByFamilyOneScreenEach() {
        let overview = answer("help")
        let words = Set(overview.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        let (interp, _) = session([])
        for name in interp.builtins.keys { #expect(words.contains(name), "help leaves out \(name)") }
        for f in Family.allCases {
            let members = Self.declarations.filter { $0.family == f }
            guard !members.isEmpty else { continue }
            let text = answer("help \(f.rawValue)")
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count <= 30, "\(f.rawValue): \(lines.count) lines")
            for line in lines { #expect(line.count <= 80, "\(f.rawValue): \(line)") }
            for d in members {
                #expect(text.contains("  \(d.name) "), "\(d.name) in help \(f.rawValue)")
                #expect(overview.contains(" \(d.name)\n") || overview.contains(" \(d.name) ") || overview.hasSuffix(" \(d.name)"), "\(d.name) in help")
            }
        }
    }

    /// docs/script-api.md lists exactly the builtins there are, by family. Run with
    /// LATENT_WRITE_DOCS=1 to rewrite the list after adding a builtin.
    @Test func docsListEveryBuiltin() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/script-api.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let begin = "<!-- builtins: generated from the declarations (DeclarationTests) -->\n"
        let end = "\n<!-- end of builtins -->"
        let expected = DeclaredHelp.documentation
        guard let a = text.range(of: begin), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else {
            Issue.record("docs/script-api.md has no generated builtin list")
            return
        }
        let current = String(text[a.upperBound..<b.lowerBound])
        if current != expected, ProcessInfo.processInfo.environment["LATENT_WRITE_DOCS"] == "1" {
            try (String(text[..<a.upperBound]) + expected + String(text[b.lowerBound...])).write(to: docs, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == expected, "docs/script-api.md builtin list is stale; expected:\n\(expected)")
    }

    @Test func namesAreUniqueAndParametersDistinctPerForm() {
        let names = Self.declarations.map(\.name)
        #expect(Set(names).count == names.count)
        for f in Family.allCases { #expect(!names.contains(f.rawValue), "family \(f.rawValue) is also a builtin") }
        for d in Self.declarations {
            for form in d.forms { #expect(Set(form.map(\.name)).count == form.count, "\(d.name)") }
        }
    }

    @Test(arguments: BuiltinRegistry.declarations.flatMap { d in d.examples.map { (d.name, $0) } })
    func everyExampleRunsInAFreshInterpreter(_ name: String, _ example: String) {
        // One cell before it, so `rerun 1` has a cell to run (nothing else reads it).
        let (interp, host) = session(["1 + 2"])
        let r = interp.runCell(example)
        #expect(r.ok, "\(name): \(example) → \(r.errorText)")
        _ = host
    }

    /// Every keyword Tab offers after a command word is one of its parameters, and
    /// every command and builtin is declared (`show … scale` used to be offered and refused).
    @Test func everyOfferedKeywordIsAccepted() {
        let (interp0, _) = session([])
        #expect(Set(interp0.builtins.keys) == Set(Self.declarations.map(\.name)))
        #expect(Set(Commands.names) == Set(Self.declarations.filter { $0.command != nil }.map(\.name)))
        let (interp, _) = session([])
        let ordinary = Set(interp.completions(for: "", cursor: 0))
        for d in Self.declarations where d.command != nil {
            let line = "\(d.name) "
            let offered = interp.completions(for: line, cursor: line.count).filter { !ordinary.contains($0) }
            // A keyword that is also a builtin's name (fit's noise) is offered among the names.
            #expect(Set(offered) == Set(d.keywords).subtracting(ordinary), "\(d.name)")
            for k in offered {
                let target = d.command?.aliases[k] ?? k
                #expect(d.forms.joined().contains { $0.name == target && $0.labelled }, "\(d.name) offers \(k)")
            }
        }
    }

    /// Every builtin called with each kind of wrong argument answers with the
    /// message of this table (the wording lives in DeclarationCall.swift).
    @Test func everyWrongArgumentHasItsExactMessage() {
        var checked = 0
        for d in Self.declarations {
            for (f, form) in d.forms.enumerated() {
                let positional = form.filter { !$0.labelled }
                let fixed = positional.filter { !$0.rest }
                let required = fixed.filter { !$0.optional }.map(sample) + positional.filter { $0.rest && !$0.optional }.map(sample)
                // An unknown label.
                expect(d, required + ["zzzq: 1"], "\(d.name): unknown argument 'zzzq'"); checked += 1
                // Too many positional arguments.
                if !d.forms.joined().contains(where: { $0.rest }) {
                    let most = d.forms.map { $0.filter { !$0.labelled }.count }.max() ?? 0
                    if most == fixed.count, most > 0 {
                        let args = fixed.map(sample) + ["\"extra\""]
                        expect(d, args, "\(d.name): expected at most \(most) argument\(most == 1 ? "" : "s"), got \(most + 1)")
                        checked += 1
                    } else if most == 0 {
                        var message = "\(d.name): takes no positional arguments, got 1"
                        if let p = form.first(where: { $0.labelled && $0.kind.accepts(.string("extra"), strict: true) }) {
                            message += "; write \(p.name): \"extra\""
                        }
                        expect(d, ["\"extra\""], message)
                        checked += 1
                    }
                }
                // A wrong kind at each position, in the form the message is about.
                for (i, p) in positional.enumerated() where formForMessages(d, i + 1) == f {
                    guard let (bad, got) = wrong(p.kind) else { continue }
                    let args = positional.prefix(i).map(sample) + [bad]
                    expect(d, args, "\(d.name): \(Declaration.naming(p, i)) must be \(p.kind.phrase), got \(got)"); checked += 1
                }
                // A wrong kind for each label.
                for p in form where p.labelled {
                    guard let (bad, got) = wrong(p.kind) else { continue }
                    expect(d, required + ["\(p.name): \(bad)"], "\(d.name): \(p.name) must be \(p.kind.phrase), got \(got)")
                    checked += 1
                }
                // Out of range, below and above.
                for (i, p) in form.enumerated() {
                    guard let r = p.range else { continue }
                    if !p.labelled, formForMessages(d, i + 1) != f { continue }
                    for x in [r.lowerBound - 1, r.upperBound + 1] where x.isFinite {
                        let text = Printer.number(x)
                        let args = p.labelled ? required + ["\(p.name): \(text)"] : positional.prefix(i).map(sample) + [text]
                        expect(d, args, "\(d.name): \(p.name) must be \(Declaration.rangeText(r)), got \(text)"); checked += 1
                    }
                }
                // A missing argument, where no other form takes that many.
                for (i, p) in fixed.enumerated() where !p.optional {
                    let fitting = d.forms.filter { fs in
                        let ps = fs.filter { !$0.labelled }
                        return ps.filter { !$0.optional && !$0.rest }.count <= i && (ps.contains { $0.rest } || ps.count >= i)
                    }
                    guard fitting.isEmpty, formForMessages(d, i) == f else { continue }
                    expect(d, fixed.prefix(i).map(sample), "\(d.name): missing argument \(i + 1) (\(p.about ?? p.name))")
                    checked += 1
                }
            }
        }
        #expect(checked > 60)
    }

    /// The habits from other tools get a hint.
    @Test(arguments: [
        ("conv(1, 16)", "conv: expected at most 1 argument, got 2; latent infers the input channels: write conv(16)"),
        ("fc(784, 10)", "fc: expected at most 1 argument, got 2; latent infers the input size: write fc(10)"),
        ("conv(16, kernal: 3)", "conv: unknown argument 'kernal'; did you mean 'kernel'?"),
        ("maxpool(0)", "maxpool: kernel must be between 1 and 64, got 0"),
        ("leakyrelu(ones(2), -1)", "leakyrelu: slope must be between 0 and 1, got -1"),
        ("batchnorm(ones(2, 2), \"w\")", "batchnorm: weight must be a tensor, got string"),
        ("autoencoder(72)", "autoencoder: takes no positional arguments, got 1; write latent: 72"),
        ("2 ** 3", "'**' is written '^' here: 2 ^ 3"),
        ("x = [1., 2]", "'1.' needs a digit after the point; write 1.0 or 1"),
        ("x = 0.", "'0.' needs a digit after the point; write 0.0 or 0"),
        ("0..3", "no error: 0..3"),
        ("fit autoencoder() mnist epoch 1", "unknown name 'epoch'; did you mean the keyword 'epochs' of fit?"),
    ])
    func habitMessages(_ input: String, _ expected: String) {
        #expect(errorMessage(input) == expected, "\(input)")
    }

    // MARK: - helpers

    func expect(_ d: Declaration, _ args: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let input = "\(d.name)(\(args.joined(separator: ", ")))"
        let got = errorMessage(input)
        #expect(got == message, "\(input)", sourceLocation: sourceLocation)
    }

    /// The form a message is about when no form fits `n` positional arguments.
    func formForMessages(_ d: Declaration, _ n: Int) -> Int {
        func most(_ ps: [Parameter]) -> Int { ps.contains { $0.rest } ? Int.max : ps.filter { !$0.labelled }.count }
        return d.forms.firstIndex { most($0) >= n } ?? (d.forms.indices.max { most(d.forms[$0]) < most(d.forms[$1]) } ?? 0)
    }

    /// A value of the parameter's kind, inside its range.
    func sample(_ p: Parameter) -> String {
        func of(_ k: Kind) -> String {
            switch k {
            case .number: return p.range.map { $0.contains(0.5) ? "0.5" : Printer.number($0.lowerBound) } ?? "0.5"
            case .int: return p.range.map { $0.contains(2) ? "2" : Printer.number($0.lowerBound) } ?? "2"
            case .bool: return "true"
            case .string: return "\"a\""
            case .tensor: return "ones(1, 1, 4, 4)"
            case .model: return "fc(2)"
            case .layer: return "relu"
            case .dataset: return "mnist.test[0..4]"
            case .function: return "fn(v) { return v }"
            case .list: return "[1]"
            case .shape: return "2"
            case .any: return "1"
            case .one(let ks): return ks.first.map(of) ?? "1"
            }
        }
        return of(p.kind)
    }

    /// A value the kind refuses, and the type name the message gives for it.
    func wrong(_ k: Kind) -> (String, String)? {
        let tries: [(String, Value)] = [("\"oops\"", .string("oops")), ("true", .bool(true)), ("[1]", .list([.number(1)]))]
        return tries.first { !k.accepts($0.1) }.map { ($0.0, $0.1.typeName) }
    }
}
}
