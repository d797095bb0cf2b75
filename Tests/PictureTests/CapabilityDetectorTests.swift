import Testing
import Foundation
@testable import Picture

/// A terminal that answers with scripted chunks, or waits out the timeout when it has nothing to say.
final class FakeTerminal: TerminalChannel {
    var written: [UInt8] = []
    var replies: [String]
    var reads = 0

    init(replies: [String] = []) { self.replies = replies }

    func write(_ bytes: [UInt8]) { written += bytes }

    func read(timeoutMilliseconds: Int) -> [UInt8] {
        reads += 1
        if replies.isEmpty {
            usleep(UInt32(max(0, timeoutMilliseconds)) * 1000)
            return []
        }
        return Array(replies.removeFirst().utf8)
    }

    var writtenText: String { String(decoding: written, as: UTF8.self) }
}

@Suite struct CapabilityDetectorTests {
    let e = "\u{1b}"

    @Test func kittyAnswersItsGraphicsQuery() {
        let tty = FakeTerminal(replies: ["\(e)_Gi=31;OK\(e)\\", "\(e)[?62;22c"])
        let d = CapabilityDetector.detect(channel: tty, environment: ["TERM": "xterm-kitty"])
        #expect(d.mode == .kitty && !d.tmux)
        #expect(tty.writtenText == "\(e)_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\(e)\\\(e)[c")
    }

    @Test func deviceAttributesWithFourMeanSixel() {
        let tty = FakeTerminal(replies: ["\(e)[?63;1;2;", "4;6;9;15;22c"])
        let d = CapabilityDetector.detect(channel: tty, environment: ["TERM": "xterm-256color"])
        #expect(d.mode == .sixel)
        #expect(tty.reads == 2)
    }

    @Test func deviceAttributesWithoutSixelFallBackToColourBlocks() {
        let tty = FakeTerminal(replies: ["\(e)[?62;22c"])
        let env = ["TERM": "xterm-256color", "COLORTERM": "truecolor", "KITTY_WINDOW_ID": "1"]
        // The terminal answered but not to kitty: an inherited KITTY_WINDOW_ID (ssh) is not trusted.
        #expect(CapabilityDetector.detect(channel: tty, environment: env).mode == .halfBlocks(trueColor: true))
    }

    @Test func silentTerminalTimesOutQuicklyAndUsesTheEnvironment() {
        let tty = FakeTerminal()
        let start = Date()
        let d = CapabilityDetector.detect(channel: tty, environment: ["TERM": "xterm-256color"], timeoutMilliseconds: 100)
        let elapsed = Date().timeIntervalSince(start)
        #expect(d.mode == .halfBlocks(trueColor: false))
        #expect(elapsed >= 0.09 && elapsed < 0.5)
    }

    @Test(arguments: [
        (["TERM_PROGRAM": "iTerm.app", "TERM": "xterm-256color"], DisplayMode.iterm),
        (["KITTY_WINDOW_ID": "3", "TERM": "xterm-kitty"], .kitty),
        (["COLORTERM": "truecolor", "TERM": "xterm"], .halfBlocks(trueColor: true)),
        (["TERM": "screen-256color"], .halfBlocks(trueColor: false)),
        (["TERM": ""], .ascii),
        (["TERM": "dumb"], .ascii),
        (["LATENT_IMAGES": "sixel", "TERM": "dumb"], .sixel),
    ])
    func environmentFallbacks(_ env: [String: String], _ mode: DisplayMode) {
        #expect(CapabilityDetector.detect(channel: nil, environment: env).mode == mode)
    }

    @Test func insideTmuxTheKittyQueryGoesThroughPassthrough() {
        let tty = FakeTerminal(replies: ["\(e)_Gi=31;OK\(e)\\\(e)[?62;22c"])
        let d = CapabilityDetector.detect(channel: tty, environment: ["TMUX": "/tmp/tmux-0/default,1,0", "TERM": "tmux-256color"])
        #expect(d == Detection(mode: .kitty, tmux: true, reason: "terminal answered the kitty graphics query"))
        #expect(tty.writtenText == "\(e)Ptmux;\(e)\(e)_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\(e)\(e)\\\(e)\\\(e)[c")
    }

    @Test func insideTmuxWithoutAnswersFallsBackToHalfBlocks() {
        let env = ["TMUX": "/tmp/x", "TERM": "tmux-256color", "COLORTERM": "truecolor",
                   "TERM_PROGRAM": "iTerm.app", "KITTY_WINDOW_ID": "1"]
        let d = CapabilityDetector.detect(channel: FakeTerminal(), environment: env, timeoutMilliseconds: 20)
        #expect(d.mode == .halfBlocks(trueColor: true) && d.tmux)
    }

    @Test func overrideSkipsTheQuery() {
        let tty = FakeTerminal()
        let d = CapabilityDetector.detect(channel: tty, environment: ["LATENT_IMAGES": "ascii"])
        #expect(d.mode == .ascii && tty.written.isEmpty)
    }

    @Test func parseIgnoresUnrelatedInput() {
        let r = CapabilityDetector.parse(Array("abc\(e)[?1;2c".utf8))
        #expect(r == TerminalReply(kitty: false, deviceAttributes: [1, 2]))
        #expect(CapabilityDetector.parse(Array("\(e)[?6x".utf8)).deviceAttributes == nil)
    }
}
