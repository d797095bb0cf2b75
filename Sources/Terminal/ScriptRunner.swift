// Running a whole script (a file, `-c CODE`, or piped stdin): results print as
// they would in the REPL, errors go to stderr as `FILE:LINE:COL: error: …`, and
// the exit status says whether it all went well.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Script

/// Runs scripts through an interpreter bound to a `TerminalHost`.
///
///     let status = ScriptRunner(interpreter: interpreter, host: host).runFile("tutorials/05.latent")
public struct ScriptRunner {
    let interpreter: Interpreter
    let host: TerminalHost
    /// Number the script's paragraphs as cells (`ScriptCells`), so `export session` has them.
    public var numbersCells = false

    public init(interpreter: Interpreter, host: TerminalHost) {
        self.interpreter = interpreter
        self.host = host
    }

    /// Runs `source`, naming it `file` in error messages; returns the exit status.
    public func run(_ source: String, file: String) -> Int32 {
        Interrupt.clear()
        // A tutorial prints its prose and ends with how many checks passed.
        let result = Interpreter.isTutorial(source) ? interpreter.runTutorial(source, file: file) : interpreter.run(source, file: file, cells: numbersCells)
        host.finishCell()
        if !result.ok || result.exitCode != 0 {
            let text = result.errorText.isEmpty ? "\(file): error: the script failed" : result.errorText
            fputs(text.hasSuffix("\n") ? text : text + "\n", stderr)
        }
        return Int32(truncatingIfNeeded: result.exitCode)
    }

    /// Runs a notebook's code cells in order as numbered cells (as the kernel runs
    /// them); stops at the first error, naming the cell: `FILE: code cell 3, line 1,
    /// column 5: error: …` with the line and caret, then which cells did not run.
    public func runCells(_ cells: [String], file: String) -> Int32 {
        for (k, source) in cells.enumerated() where !source.allSatisfy(\.isWhitespace) {
            Interrupt.clear()
            let r = interpreter.runCell(source)
            host.finishCell()
            guard r.ok else {
                var text = r.diagnostics.map { d -> String in
                    let rest = d.renderedForScript(source: source).split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
                    return (["\(file): code cell \(k + 1), line \(d.span.line), column \(d.span.column): error: \(d.message)"]
                            + rest.map(String.init)).joined(separator: "\n")
                }.joined(separator: "\n")
                let left = cells.count - k - 1
                text += "\n\(file): stopped at code cell \(k + 1) of \(cells.count)"
                text += left == 0 ? "" : left == 1 ? "; the last cell did not run" : "; the \(left) cells after it did not run"
                fputs(text + "\n", stderr)
                return 1
            }
        }
        return 0
    }

    /// Reads and runs a file; a missing or unreadable file is `FILE: error: …`, status 1.
    public func runFile(_ path: String) -> Int32 {
        switch ScriptRunner.readFile(path) {
        case .success(let source): return run(source, file: path)
        case .failure(let message):
            fputs("\(path): error: \(message)\n", stderr)
            return 1
        }
    }

    /// Reads all of standard input as a script named `<stdin>`.
    public func runStandardInput() -> Int32 {
        var lines: [String] = []
        while let line = Swift.readLine(strippingNewline: true) { lines.append(line) }
        return run(lines.joined(separator: "\n"), file: "<stdin>")
    }

    enum ReadResult { case success(String), failure(String) }

    /// The file's text, or why it cannot be read (in words a person understands).
    static func readFile(_ path: String) -> ReadResult {
        guard let file = fopen(path, "rb") else {
            return .failure(String(cString: strerror(errno)).lowercased())
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count {
                if ferror(file) != 0 { return .failure(String(cString: strerror(errno)).lowercased()) }
                break
            }
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }
}
