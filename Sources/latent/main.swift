// latent: the REPL (`latent`), the script runner (`latent FILE`, `latent -c CODE`,
// or a script piped to stdin). Exit status 0 on success; after an error
// (`FILE:LINE:COL: error: …` on stderr) or a failed `expect`, non-zero.
// `latent kernel` is the Jupyter kernel (KernelCommand.swift).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Notebook
import Script
import Terminal

// MNIST, the zoo and the tutorials ship beside (or above) this executable.
BundledFolders.install()

// `latent kernel …` is the Jupyter kernel; everything else is the REPL or a script.
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "kernel" {
    KernelCommand.main(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

let options = Options.parseOrExit(Options.arguments(Array(CommandLine.arguments.dropFirst())))

do {
    try Settings.useBackend(options.backend.rawValue)
    if let images = options.images { try Settings.useImages(images) }
} catch {
    fputs("latent: \(error)\n", stderr)
    exit(2)
}

let host = TerminalHost()
let interpreter = Interpreter(host: host)
var runner = ScriptRunner(interpreter: interpreter, host: host)
runner.numbersCells = true  // a script's paragraphs are its cells (export session writes them)
let stdinIsTerminal = isatty(STDIN_FILENO) == 1

// Sessions: `save session`, `load session`, `export session`, and the cells they record.
let sessions = SessionHost()
host.sessionSaver = sessions.save
host.sessionLoader = sessions.load
host.sessionExporter = { try sessions.export(to: $0, errors: $1, interpreter: $2) }
host.sessionLister = sessions.list
host.onOutput = { [unowned interpreter] in sessions.recordOutput($0, of: interpreter) }
host.onImage = { [unowned interpreter] in sessions.recordImage($0, caption: $1, of: interpreter) }
// A cell's value is its result (execute_result), as the kernel sends it: exports re-run the same.
host.onResult = { [unowned interpreter] in sessions.recordResult($0, of: interpreter) }

let wantsREPL = options.interactive || (options.code == nil && options.file == nil && stdinIsTerminal)
if wantsREPL && options.code == nil && options.file == nil { host.console.write(REPL.banner) }

// A REPL that was killed left its autosave: keep it as the session "autosave" (and the
// last session, for `latent --resume`), and say so at the prompt.
if let recovered = sessions.recoverAutosave(), wantsREPL { host.console.write(recovered) }

var status: Int32 = 0
if options.resume != nil || options.resumeLast {
    let name = options.resume
    do {
        host.console.write(try sessions.resume(named: name, interpreter: interpreter))
    } catch {
        fputs("latent: \(error)\n", stderr)
        exit(1)
    }
}

if let code = options.code {
    status = runner.run(code, file: "-c")
} else if let file = options.file, file.hasSuffix(".ipynb") {
    // A notebook (from JupyterLab with this kernel, or `export session`): its code cells in order.
    do {
        status = runner.runCells(try NotebookFile.codeCells(atPath: file), file: file)
    } catch {
        fputs("\(error)\n", stderr)
        status = 1
    }
} else if let file = options.file {
    status = file == "-" ? runner.runStandardInput() : runner.runFile(file)
} else if !stdinIsTerminal && !options.interactive {
    status = runner.runStandardInput()
}

if wantsREPL {
    let repl = REPL(interpreter: interpreter, host: host)
    repl.onCellFinished = {
        sessions.recorder.finish($0)
        // Each cell, the whole session to autosave/PID: a kill loses at most the running cell.
        if let warning = sessions.autosave(interpreter) { host.console.write(warning) }
    }
    // Leaving with unsaved work asks once, when a person is at the keyboard.
    if stdinIsTerminal {
        repl.leaveQuestion = LeaveQuestion(unsavedCells: { sessions.unsavedCells(interpreter) },
                                           currentName: { sessions.currentName }, freshName: sessions.freshName,
                                           save: { try sessions.save(named: $0, interpreter: interpreter) })
    }
    let replStatus = repl.run(showBanner: false)
    sessions.discardAutosave()
    if status == 0 { status = replStatus }
}
exit(status)
