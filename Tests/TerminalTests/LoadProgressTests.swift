// The line a long `folder(...)` load draws: in place on a terminal, nothing off one.
import Testing
@testable import Terminal

@Suite struct LoadProgressTests {
    @Test func lineText() {
        #expect(LoadProgress.line("loading pictures", done: 25_000, total: 50_000, elapsed: 3.2)
                == "loading pictures  ██████████░░░░░░░░░░ 25,000/50,000  0:03  Ctrl-C stops")
        #expect(LoadProgress.line("loading pictures", done: 50_000, total: 50_000, elapsed: 6)
                == "loading pictures  ████████████████████ 50,000/50,000  0:06")
    }

    @Test func drawnInPlaceOnATerminalOnly() {
        let terminal = Console(recordingAsTerminal: true)
        var t = 0.0
        let p = LoadProgress(console: terminal)
        p.now = { t }
        p.update("loading x", done: 0, total: 2)
        t = 0.01
        p.update("loading x", done: 1, total: 2)     // too soon to redraw
        t = 1
        p.update("loading x", done: 2, total: 2)
        #expect(terminal.recorded == "\rloading x  ░░░░░░░░░░░░░░░░░░░░ 0/2  0:00  Ctrl-C stops\u{1B}[K"
                + "\rloading x  ████████████████████ 2/2  0:01\u{1B}[K\n")
        let file = Console(recordingAsTerminal: false)
        let q = LoadProgress(console: file)
        q.update("loading x", done: 0, total: 1)
        q.update("loading x", done: 1, total: 1)
        #expect(file.recorded == "")
    }
}
