import Foundation
import Tensor

/// A host that can pause a tutorial between steps (the REPL's TerminalHost: "press
/// Enter", read with its line editor). Hosts that do not conform get no pauses, except
/// that a plain terminal on stdin/stdout is asked directly (see `TutorialBuiltins.pause`).
public protocol TutorialPausing: AnyObject {
    /// Shows `prompt` and waits for the person; false means "stop here".
    func pauseTutorial(_ prompt: String) -> Bool
}

/// `tutorial` and `tour`: the lecture's tutorials (`tutorials/NN-name.latent`)
/// walked through at the prompt, a step at a time. A tutorial works in its own
/// namespace, so it never overwrites the person's variables: afterwards its variables
/// are reachable as `t7.ae`, `t7.z` (a name already taken gets `t7_2`), and the
/// pictures it saves go to its own folder (`$LATENT_PICTURES`, else
/// `$XDG_DATA_HOME/latent/tutorials`, else `~/.local/share/latent/tutorials`), not
/// the current one. It ends by saying how many `expect` checks passed.
///
///     tutorial()               # the list of tutorials
///     tutorial(5)              # tutorial 5, pausing between its steps
///     tutorial("upsampling")   # the same, by name
///     tour()                   # all of them from 1 (tour(6) starts at 6)
///     t7.ae                    # the autoencoder tutorial 7 trained
///
/// A step is a block of `#` prose and the commands after it. Tutorials are found
/// at run time: `$LATENT_TUTORIALS` (the folder itself, or one holding
/// `tutorials/`), else the folder the application ships with
/// (`Tutorials.bundledDirectory`), else `tutorials/` in the current directory.
enum TutorialBuiltins {
    static let declarations: [Declaration] = [
        Declaration("tutorial", .tutorials, summary: "lists the lecture's tutorials, or walks one step by step",
                    details: ["your variables stay as they were; its own are in t5 afterwards (t7.ae); its pictures",
                              "go to $LATENT_PICTURES, else ~/.local/share/latent/tutorials/out"],
                    params: [.arg("which", .one([.int, .string]), optional: true)],
                    examples: ["tutorial", "tutorial 4", "tutorial maxpool"], command: .words) { c in
            let all = try TutorialFiles.list()
            guard c.has("which") else { return .string(TutorialFiles.menu(all)) }
            let t = try TutorialFiles.pick(c.value("which") ?? .none, from: all, span: c.span("which"))
            try walk([t], through: c.interpreter, span: c.callSpan)
            return .none
        },
        Declaration("tour", .tutorials, summary: "walks every tutorial from the first (or from a given one)",
                    params: [.arg("first", .int, default: 1, in: 1...99)], examples: ["tour 16"], command: .plain) { c in
            let all = try TutorialFiles.list(), start = try c.int("first")
            guard all.contains(where: { $0.number == start }) else {
                throw RuntimeError("tour: there is no tutorial \(start); `tutorial()` lists them", at: c.span("first"))
            }
            try walk(all.filter { $0.number >= start }, through: c.interpreter, span: c.callSpan)
            return .none
        },
    ]

    /// Interpreters currently inside a tutorial: tutorials do not nest.
    private static var running = Set<ObjectIdentifier>()
    private static let lock = NSLock()

    static func walk(_ tutorials: [TutorialFiles.Tutorial], through interp: Interpreter, span: SourceSpan) throws {
        let id = ObjectIdentifier(interp)
        lock.lock()
        let nested = running.contains(id)
        if !nested { running.insert(id) }
        lock.unlock()
        if nested { throw RuntimeError("a tutorial is already running; tutorials do not nest", at: span) }
        defer { lock.lock(); running.remove(id); lock.unlock() }
        let folder = try TutorialFiles.pictureFolder()

        for (k, t) in tutorials.enumerated() {
            // The tutorial's own namespace; the person's variables are put back afterwards,
            // and the tutorial's become the fields of `t7` (even when it stops early).
            let person = interp.globals, personFolder = interp.outputFolder
            let scope = Environment()
            interp.globals = scope
            interp.outputFolder = folder
            let checks = interp.checksPassed
            func restore() -> String {
                interp.globals = person
                interp.outputFolder = personFolder
                return TutorialFiles.keep(scope, of: t, in: person)
            }
            let next = k == tutorials.count - 1 ? nil : "tutorial \(tutorials[k + 1].number)"
            let finished: Bool
            do { finished = try runSteps(t, through: interp, pausing: true, next: next, span: span) } catch {
                _ = restore()
                throw error
            }
            let name = restore()
            let passed = interp.checksPassed - checks
            if !finished {
                interp.host.output("stopped; its variables are in \(name); `tutorial(\(t.number))` starts it again")
                return
            }
            interp.host.output("━━ tutorial \(t.number) done: \(passed) check\(passed == 1 ? "" : "s") passed; its variables are in "
                               + "\(name) (type `\(name)` to list them; yours are as they were), its pictures in \(folder)/out")
        }
    }

    /// Runs a tutorial file as a script (`latent tutorials/07-latent-space.latent`): its
    /// prose and commands printed step by step, in the interpreter's own variables, ending
    /// `N checks passed`. The result is that of the first chunk that failed, if one did.
    static func runScript(_ source: String, file: String, through interp: Interpreter) -> RunResult {
        let t = TutorialFiles.Tutorial(number: TutorialFiles.number(of: (file as NSString).lastPathComponent) ?? 0,
                                       name: file, title: TutorialFiles.title(of: source, fallback: file),
                                       path: file, source: source)
        let checks = interp.checksPassed
        var failure: RunResult?
        do {
            _ = try runSteps(t, through: interp, pausing: false, next: nil, span: SourceSpan(file: file),
                             printsErrors: false) { failure = $0 }
        } catch {
            if let failure { return failure }
            return RunResult(diagnostics: [ScriptError(.runtime, ErrorText.message(error), at: SourceSpan(file: file))],
                             expectFailed: false, source: source)
        }
        let passed = interp.checksPassed - checks
        interp.host.output("\(passed) check\(passed == 1 ? "" : "s") passed")
        return RunResult(diagnostics: [], expectFailed: false, source: source)
    }

    /// The steps of one tutorial: prose, then each chunk of code shown (`› `) and run.
    /// Returns false when the person chose to stop at a pause.
    static func runSteps(_ t: TutorialFiles.Tutorial, through interp: Interpreter, pausing: Bool, next: String?,
                         span: SourceSpan, printsErrors: Bool = true, failed: (RunResult) -> Void = { _ in }) throws -> Bool {
        let steps = TutorialSteps.split(t.source)
        interp.host.output("━━ tutorial \(t.number): \(t.title)  (\(steps.count) steps, \(t.path))")
        for (i, step) in steps.enumerated() {
            interp.host.output("── step \(i + 1) of \(steps.count)")
            if !step.prose.isEmpty { interp.host.output(step.prose.joined(separator: "\n")) }
            for chunk in step.chunks {
                if interp.host.isInterrupted { throw RuntimeError("interrupted", at: span) }
                interp.host.output(chunk.text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "› " + $0 }.joined(separator: "\n"))
                // Leading newlines keep the file's line numbers in error messages.
                let source = String(repeating: "\n", count: chunk.line - 1) + chunk.text
                let saved = (interp.callDepth, interp.evalDepth)
                let result = interp.run(source, file: t.path)
                (interp.callDepth, interp.evalDepth) = saved
                if !result.ok {
                    failed(result)
                    if printsErrors { interp.host.output(result.errorText) }
                    throw RuntimeError("tutorial \(t.number) stopped at line \(chunk.line) (the error is above)", at: span)
                }
            }
            guard pausing else { continue }
            let after = i == steps.count - 1 ? next : "step \(i + 2)"
            if let after, !pause(interp.host, "── Enter: \(after) · q: stop here (its variables stay in t\(t.number))") {
                return false
            }
        }
        return true
    }

    /// Waits for Enter when someone can press it: a host that pauses, or a terminal
    /// on stdin and stdout. Scripts, tests and notebooks run straight through.
    static func pause(_ host: Host, _ prompt: String) -> Bool {
        if let p = host as? TutorialPausing { return p.pauseTutorial(prompt) }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return true }
        host.output(prompt)
        guard let line = readLine() else { return false }
        if host.isInterrupted { return false }
        let answer = line.trimmingCharacters(in: .whitespaces).lowercased()
        return !(answer == "q" || answer == "quit" || answer == "stop")
    }
}

/// Where the lecture's tutorials are, as the application says.
public enum Tutorials {
    /// The tutorials folder the application ships with. The latent executable sets it
    /// at start-up (`tutorials/` beside or above it); left nil, `tutorial` looks in the
    /// current directory. Set once, before any thread starts, hence `nonisolated(unsafe)`.
    nonisolated(unsafe) public static var bundledDirectory: String?

    /// True when `dir` holds tutorial files (`NN-name.latent`).
    public static func holdsTutorials(_ dir: String) -> Bool { TutorialFiles.hasTutorials(dir) }
}

/// Finding and naming the tutorial files.
enum TutorialFiles {
    struct Tutorial {
        let number: Int
        let name: String      // "05-upsampling"
        let title: String     // from the first line: "# Tutorial 5 — <title>"
        let path: String
        let source: String
    }

    static func directory(environment: [String: String] = ProcessInfo.processInfo.environment,
                          bundled: String? = Tutorials.bundledDirectory,
                          currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> String {
        if let env = environment["LATENT_TUTORIALS"], !env.isEmpty {
            for candidate in [env, env + "/tutorials"] where hasTutorials(candidate) { return candidate }
            throw RuntimeError("LATENT_TUTORIALS=\(env) holds no tutorials (NN-name.latent files), nor a tutorials/ folder")
        }
        let places = [bundled, currentDirectory + "/tutorials"].compactMap { $0 }
        if let dir = places.first(where: hasTutorials) { return dir }
        throw RuntimeError("no tutorials (NN-name.latent files) in \(places.joined(separator: " or ")); set LATENT_TUTORIALS to their folder")
    }

    /// Where tutorials save their pictures: `$LATENT_PICTURES`, else
    /// `$XDG_DATA_HOME/latent/tutorials`, else `~/.local/share/latent/tutorials` (created).
    static func pictureFolder(environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let folder: String
        if let p = env["LATENT_PICTURES"], !p.isEmpty { folder = p }
        else if let x = env["XDG_DATA_HOME"], x.hasPrefix("/") { folder = x + "/latent/tutorials" }
        else { folder = (env["HOME"] ?? NSHomeDirectory()) + "/.local/share/latent/tutorials" }
        do {
            try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        } catch {
            throw RuntimeError("tutorial: cannot create the folder for its pictures, \(folder)/out (\(error.localizedDescription)); set LATENT_PICTURES to another folder")
        }
        return folder
    }

    /// Puts a finished tutorial's variables into `t7` among the person's (`t7_2` when `t7`
    /// holds something of theirs); returns the name used.
    @discardableResult
    static func keep(_ scope: Environment, of t: Tutorial, in person: Environment) -> String {
        let base = "t\(t.number)"
        var name = base, k = 2
        while let v = person.values[name] {
            if case .record(let r) = v, r.typeName == "tutorial" { break }   // an earlier run of it
            name = "\(base)_\(k)"
            k += 1
        }
        let fields = scope.values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let text = "tutorial \(t.number) (\(t.title)): " + (fields.isEmpty ? "no variables" : fields.map { "\(name).\($0.0)" }.joined(separator: ", "))
        person.define(name, .record(Record("tutorial", fields, text: text)))
        return name
    }

    static func hasTutorials(_ dir: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.contains { number(of: $0) != nil }
    }

    /// `05-upsampling.latent` → 5.
    static func number(of file: String) -> Int? {
        guard file.hasSuffix(".latent"), file.count > 10 else { return nil }
        let chars = Array(file)
        guard chars[0].isASCII, chars[0].isNumber, chars[1].isASCII, chars[1].isNumber, chars[2] == "-" else { return nil }
        return Int(String(chars[0...1]))
    }

    static func list() throws -> [Tutorial] {
        let dir = try directory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.compactMap { file -> Tutorial? in
            guard let n = number(of: file),
                  let source = try? String(contentsOfFile: dir + "/" + file, encoding: .utf8) else { return nil }
            return Tutorial(number: n, name: String(file.dropLast(7)), title: title(of: source, fallback: file),
                            path: dir + "/" + file, source: source)
        }.sorted { $0.number < $1.number }
    }

    static func title(of source: String, fallback: String) -> String {
        guard let first = source.split(separator: "\n").first, first.hasPrefix("#") else { return fallback }
        let text = first.drop { $0 == "#" || $0 == " " }
        if let dash = text.range(of: "— ") { return String(text[dash.upperBound...]) }
        return String(text)
    }

    static func menu(_ all: [Tutorial]) -> String {
        guard !all.isEmpty else { return "no tutorials found" }
        return all.map { String(format: "%2d  ", $0.number) + $0.title }.joined(separator: "\n")
            + "\n`tutorial(N)` walks through one, step by step; `tour()` through all of them."
    }

    static func pick(_ v: Value, from all: [Tutorial], span: SourceSpan) throws -> Tutorial {
        switch v {
        case .number:
            let n = try Coerce.int(v, what: "tutorial: the number", at: span)
            if let t = all.first(where: { $0.number == n }) { return t }
            throw RuntimeError("tutorial: there is no tutorial \(n); they are numbered \(all.first?.number ?? 1)…\(all.last?.number ?? 0)", at: span)
        case .string(let s):
            let key = s.lowercased().replacingOccurrences(of: " ", with: "-")
            let hits = all.filter { $0.name.lowercased().contains(key) }
            if hits.count == 1 { return hits[0] }
            if hits.isEmpty { throw RuntimeError("tutorial: none is called \"\(s)\"; `tutorial()` lists them", at: span) }
            throw RuntimeError("tutorial: \"\(s)\" matches \(hits.map { $0.name }.joined(separator: ", ")); be more precise", at: span)
        default:
            throw RuntimeError("tutorial: give a number or a name, e.g. tutorial(5) or tutorial(\"upsampling\")", at: span)
        }
    }
}

/// A tutorial cut into steps: prose (`#` lines) and the code after it, as chunks
/// of whole statements (a `for { … }` block stays in one chunk).
enum TutorialSteps {
    struct Chunk { let line: Int; var text: String }
    struct Step { var prose: [String] = []; var chunks: [Chunk] = [] }

    static func split(_ source: String) -> [Step] {
        var steps: [Step] = []
        var current = Step()
        var open: Chunk? = nil          // a statement still inside brackets or braces
        var depth = 0
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var o = open {
                o.text += "\n" + line
                depth += balance(line)
                if depth <= 0 && !line.hasSuffix("\\") { current.chunks.append(o); open = nil; depth = 0 } else { open = o }
                continue
            }
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("#") {
                if !current.chunks.isEmpty { steps.append(current); current = Step() }
                let text = trimmed.drop { $0 == "#" }
                current.prose.append(text.hasPrefix(" ") ? String(text.dropFirst()) : String(text))
                continue
            }
            let d = balance(line)
            if d > 0 || line.hasSuffix("\\") {
                open = Chunk(line: i + 1, text: line)
                depth = d
            } else {
                current.chunks.append(Chunk(line: i + 1, text: line))
            }
        }
        if let o = open { current.chunks.append(o) }
        if !current.chunks.isEmpty || !current.prose.isEmpty { steps.append(current) }
        return steps
    }

    /// Opening minus closing brackets on a line, ignoring strings and comments.
    static func balance(_ line: String) -> Int {
        var d = 0
        var quote: Character? = nil
        for c in line {
            if let q = quote { if c == q { quote = nil }; continue }
            switch c {
            case "\"", "'": quote = c
            case "#": return d
            case "(", "[", "{": d += 1
            case ")", "]", "}": d -= 1
            default: break
            }
        }
        return d
    }
}
