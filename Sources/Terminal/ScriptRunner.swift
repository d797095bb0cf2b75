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

    public init(interpreter: Interpreter, host: TerminalHost) {
        self.interpreter = interpreter
        self.host = host
    }

    /// Runs `source`, naming it `file` in error messages; returns the exit status.
    public func run(_ source: String, file: String) -> Int32 {
        Interrupt.clear()
        // A tutorial prints its prose and ends with how many checks passed.
        let result = Interpreter.isTutorial(source) ? interpreter.runTutorial(source, file: file) : interpreter.run(source, file: file)
        host.finishCell()
        if !result.ok || result.exitCode != 0 {
            let text = result.errorText.isEmpty ? "\(file): error: the script failed" : result.errorText
            fputs(text.hasSuffix("\n") ? text : text + "\n", stderr)
        }
        return Int32(truncatingIfNeeded: result.exitCode)
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
