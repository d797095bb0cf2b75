// Whole REPL sessions with scripted input: prompts, continuation, Ctrl-C, errors
// and leaving, as a transcript character for character.
import Testing
import Script
@testable import Terminal

@Suite struct REPLSessionTests {
    /// Runs `inputs` through a REPL on a recording console; returns the transcript.
    func transcript(_ inputs: [LineInput]) -> String {
        let console = Console(recordingAsTerminal: false)
        let host = TerminalHost(console: console)
        let interpreter = Interpreter(host: host)
        let editor = LineEditor(scripted: inputs, echo: console.emit)
        let status = REPL(interpreter: interpreter, host: host, editor: editor).run(showBanner: false)
        #expect(status == 0)
        return console.recorded
    }

    @Test func anExpressionPrintsItsValueAndTheNextPromptIsNumbered() {
        #expect(transcript([.line("1 + 2")]) == """
            [1] latent> 1 + 2
            3
            [2] latent> \n
            """)
    }

    @Test func incompleteInputGetsAContinuationPrompt() {
        #expect(transcript([.line("for i in 0..2 {"), .line("print(i)"), .line("}")]) == """
            [1] latent> for i in 0..2 {
            ...> print(i)
            ...> }
            0
            1
            [2] latent> \n
            """)
    }

    @Test func ctrlCDropsThePendingCellAndCostsNoNumber() {
        #expect(transcript([.line("x = (1 +"), .interrupted, .line("7")]) == """
            [1] latent> x = (1 +
            ...> ^C
            [1] latent> 7
            7
            [2] latent> \n
            """)
    }

    @Test func blankLinesCostNoNumberAndTwoBlankLinesEndACell() {
        let t = transcript([.line(""), .line("if true {"), .line(""), .line(""), .line("2")])
        #expect(t.hasPrefix("[1] latent> \n[1] latent> if true {\n...> \n...> \nerror:"))
        #expect(t.hasSuffix("[2] latent> 2\n2\n[3] latent> \n"))
    }

    @Test func errorsAreShownAndTheLoopGoesOn() {
        let t = transcript([.line("x = )"), .line("5")])
        #expect(t.contains("error: x = )\n"))
        #expect(t.hasSuffix("[2] latent> 5\n5\n[3] latent> \n"))
    }

    @Test(arguments: ["quit", "exit", " exit() "])
    func leaveWordsEndTheSession(word: String) {
        #expect(transcript([.line(word), .line("1")]) == "[1] latent> \(word)\n")
    }
}
