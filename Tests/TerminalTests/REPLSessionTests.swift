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

/// Leaving with unsaved work: the question, each answer, and what is saved.
@Suite struct LeaveQuestionTests {
    final class Saves {
        var names: [String] = []
        var unsaved: [Int] = [2, 3]
        var current: String?
        var fails = false
    }

    /// The transcript of `inputs` with a leave question over `saves`.
    func transcript(_ inputs: [LineInput], _ saves: Saves) -> String {
        let console = Console(recordingAsTerminal: false)
        let host = TerminalHost(console: console)
        let interpreter = Interpreter(host: host)
        let editor = LineEditor(scripted: inputs, echo: console.emit)
        let repl = REPL(interpreter: interpreter, host: host, editor: editor)
        repl.leaveQuestion = LeaveQuestion(unsavedCells: { saves.unsaved }, currentName: { saves.current },
                                           freshName: { "session-4" }, save: { name in
            if saves.fails { throw HostUnavailable(what: "saves of \(name)") }
            saves.names.append(name)
            return "saved session \(name)"
        })
        #expect(repl.run(showBanner: false) == 0)
        return console.recorded
    }

    @Test func nothingUnsavedLeavesWithoutAsking() {
        let s = Saves()
        s.unsaved = []
        #expect(transcript([.line("quit")], s) == "[1] latent> quit\n")
    }

    @Test func nLeavesWithoutSaving() {
        let s = Saves()
        #expect(transcript([.line("quit"), .line("n"), .line("1")], s) == """
            [1] latent> quit
            cells 2–3 are not saved
            save before leaving? y = as session-4, n = no, or a name (Enter: stay): n

            """)
        #expect(s.names.isEmpty)
    }

    @Test func yesSavesUnderTheSessionsNameAndLeaves() {
        let s = Saves()
        s.current = "lecture"
        s.unsaved = [7]
        #expect(transcript([.endOfInput, .line("Y"), .line("1")], s) == """
            [1] latent> 
            cell 7 is not saved (the session was last saved or loaded as lecture)
            save before leaving? y = as lecture, n = no, or a name (Enter: stay): Y
            saved session lecture

            """)
        #expect(s.names == ["lecture"])
    }

    @Test func yesWithoutANameTakesAFreshOne() {
        let s = Saves()
        _ = transcript([.line("exit"), .line("yes")], s)
        #expect(s.names == ["session-4"])
    }

    @Test func aNameSavesUnderIt() {
        let s = Saves()
        s.unsaved = [1, 3, 4]
        let t = transcript([.line("quit"), .line("  week1 ")], s)
        #expect(t.contains("3 cells are not saved\n"))
        #expect(s.names == ["week1"])
    }

    @Test func enterOrCtrlCStaysAndTheNextQuitAsksAgain() {
        let s = Saves()
        #expect(transcript([.line("quit"), .line(""), .line("1 + 1"), .line("quit"), .interrupted, .line("quit"), .line("n")], s) == """
            [1] latent> quit
            cells 2–3 are not saved
            save before leaving? y = as session-4, n = no, or a name (Enter: stay): 
            [1] latent> 1 + 1
            2
            [2] latent> quit
            cells 2–3 are not saved
            save before leaving? y = as session-4, n = no, or a name (Enter: stay): ^C
            [2] latent> quit
            cells 2–3 are not saved
            save before leaving? y = as session-4, n = no, or a name (Enter: stay): n

            """)
    }

    @Test func ctrlDAtTheQuestionLeavesWithoutSaving() {
        let s = Saves()
        let t = transcript([.endOfInput, .endOfInput], s)
        #expect(t.hasSuffix("(Enter: stay): \nleft without saving\n"))
        #expect(s.names.isEmpty)
    }

    @Test func aFailedSaveStays() {
        let s = Saves()
        s.fails = true
        let t = transcript([.line("quit"), .line("x"), .line("7"), .line("quit"), .line("n")], s)
        #expect(t.contains("""
            (Enter: stay): x
            saves of x are not available here
            not saved; still here (save session "name", or quit and answer n to leave without saving)
            [1] latent> 7
            7
            """))
    }

    @Test func aQuitInsideACellIsPartOfIt() {
        let s = Saves()
        // `quit` at `...>` is a line of the cell; only the end of input (Ctrl-D) asks.
        let t = transcript([.line("for i in 0..1 {"), .line("quit"), .interrupted], s)
        #expect(t.hasPrefix("[1] latent> for i in 0..1 {\n...> quit\n...> ^C\n[1] latent> \ncells 2–3 are not saved\n"))
    }
}

/// The line editor's history gets whole cells.
@Suite struct CellHistoryTests {
    @Test func aMultiLineCellIsOneEntry() {
        let console = Console(recordingAsTerminal: false)
        let host = TerminalHost(console: console)
        let editor = LineEditor(scripted: [.line("x = 1"), .line("for i in 0..2 {"), .line("  print(i)"), .line("}"),
                                           .line("if true {"), .line(""), .line(""), .line("x")], echo: console.emit)
        _ = REPL(interpreter: Interpreter(host: host), host: host, editor: editor).run(showBanner: false)
        #expect(editor.scriptedHistory == ["x = 1", "for i in 0..2 {\n  print(i)\n}", "if true {", "x"])
    }

    @Test func aRecalledCellWithNewlinesRunsAsOne() {
        let console = Console(recordingAsTerminal: false)
        let host = TerminalHost(console: console)
        let editor = LineEditor(scripted: [.line("for i in 0..2 {\n  print(i)\n}")], echo: console.emit)
        _ = REPL(interpreter: Interpreter(host: host), host: host, editor: editor).run(showBanner: false)
        #expect(console.recorded.hasSuffix("}\n0\n1\n[2] latent> \n"))
    }
}
