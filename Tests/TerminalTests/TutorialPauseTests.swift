// A tutorial run at the REPL pauses between its steps and reads the answer with
// the REPL's own line editor (TerminalHost conforms to TutorialPausing).
import Testing
import Script
@testable import Terminal

@Suite struct TutorialPauseTests {
    @Test func enterGoesOnAndQStopsWithTheVariablesKept() {
        let console = Console(recordingAsTerminal: false)
        let host = TerminalHost(console: console)
        host.imageRenderer = nil
        let interpreter = Interpreter(host: host)
        let editor = LineEditor(scripted: [.line("tutorial(1)"), .line(""), .line("q"), .line("t1.x.shape")], echo: console.emit)
        #expect(REPL(interpreter: interpreter, host: host, editor: editor).run(showBanner: false) == 0)
        let t = console.recorded
        // Step 1 ends with a pause; Enter runs step 2, which ends with the next pause; q stops.
        #expect(t.contains("── Enter: step 2 · q: stop here (its variables stay in t1)\n"))
        #expect(t.contains("── Enter: step 3 · q: stop here (its variables stay in t1)\n"))
        #expect(!t.contains("── Enter: step 4"))
        // Step 3 (p = fc(100)) never ran; step 2's x is kept in t1.
        #expect(!t.contains("p.parameters"))
        #expect(t.hasSuffix("[2] latent> t1.x.shape\n[1, 28, 28]\n[3] latent> \n"))
    }
}
