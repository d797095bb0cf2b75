// latent: the REPL (`latent`), the script runner (`latent FILE`, `latent -c CODE`,
// or a script piped to stdin). Exit status 0 on success; after an error
// (`FILE:LINE:COL: error: …` on stderr) or a failed `expect`, non-zero.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Script
import Terminal

let options = Options.parseOrExit()

do {
    try Settings.useBackend(options.backend.rawValue)
    if let images = options.images { try Settings.useImages(images) }
} catch {
    fputs("latent: \(error)\n", stderr)
    exit(2)
}

let host = TerminalHost()
let interpreter = Interpreter(host: host)
let runner = ScriptRunner(interpreter: interpreter, host: host)
let stdinIsTerminal = isatty(STDIN_FILENO) == 1

var status: Int32 = 0
if let code = options.code {
    status = runner.run(code, file: "-c")
} else if let file = options.file {
    status = file == "-" ? runner.runStandardInput() : runner.runFile(file)
} else if !stdinIsTerminal && !options.interactive {
    status = runner.runStandardInput()
}

let wantsREPL = options.interactive || (options.code == nil && options.file == nil && stdinIsTerminal)
if wantsREPL {
    let replStatus = REPL(interpreter: interpreter, host: host).run(showBanner: true)
    if status == 0 { status = replStatus }
}
exit(status)
