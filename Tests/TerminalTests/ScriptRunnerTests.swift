// Scripts run as the REPL would print them; exit statuses; unreadable files.
import Testing
import Script
@testable import Terminal

@Suite struct ScriptRunnerTests {
    func runner() -> (ScriptRunner, Console) {
        let console = Console(recordingAsTerminal: false)
        let host = TerminalHost(console: console)
        return (ScriptRunner(interpreter: Interpreter(host: host), host: host), console)
    }

    @Test func resultsPrintAsInTheREPL() {
        let (r, console) = runner()
        #expect(r.run("x = 20\nx + 1\nprint(\"done\")", file: "t.latent") == 0)
        #expect(console.recorded == "21\ndone\n")
    }

    @Test(arguments: ["x = (1 +", "expect 1 > 2", "nosuchname"])
    func failuresExitNonZero(source: String) {
        let (r, _) = runner()
        #expect(r.run(source, file: "t.latent") != 0)
    }

    @Test func missingFilesAndDirectoriesAreErrorsNotCrashes() {
        let (r, _) = runner()
        #expect(r.runFile("/nonexistent/x.latent") == 1)
        #expect(r.runFile("/") == 1)
        if case .failure(let why) = ScriptRunner.readFile("/") { #expect(why == "is a directory") } else { Issue.record("read a directory") }
    }
}
