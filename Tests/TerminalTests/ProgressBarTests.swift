// The progress bar as an observer: exactly one plain line per epoch off a
// terminal, in-place redraws (and a final newline) on one.
import Testing
@testable import Terminal

@Suite struct ProgressBarTests {
    /// A bar on a recording console with a clock the test moves.
    final class Fixture {
        var time = 100.0
        let console: Console
        let bar: ProgressBar
        init(terminal: Bool) {
            console = Console(recordingAsTerminal: terminal)
            bar = ProgressBar(console: console)
            bar.now = { [unowned self] in self.time }
        }
        func epoch(_ e: Int, of epochs: Int, batches: Int, finish: Bool = true) {
            bar.start(epoch: e, epochs: epochs, batches: batches)
            for b in 1...batches {
                time += 1
                bar.advance(batch: b, images: b * 100, loss: 1.0 / Double(b))
            }
            if finish { bar.finish(validationLoss: 0.25) }
        }
    }

    @Test func plainOutputIsOneLinePerEpoch() {
        let f = Fixture(terminal: false)
        f.epoch(1, of: 2, batches: 4)
        f.epoch(2, of: 2, batches: 4)
        #expect(f.console.recorded == """
            epoch 1/2  ████████████████████ 4/4  100 img/s  loss 0.2500  val 0.2500  0:04
            epoch 2/2  ████████████████████ 4/4  100 img/s  loss 0.2500  val 0.2500  0:04

            """)
        #expect(!f.console.recorded.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func plainOutputShowsWhereAnInterruptedEpochStopped() {
        let f = Fixture(terminal: false)
        f.epoch(1, of: 3, batches: 4, finish: false)
        f.bar.abandon()
        f.bar.abandon()  // twice is harmless
        #expect(f.console.recorded == "epoch 1/3  ████████████████████ 4/4  100 img/s  loss 0.2500  0:04  stopped\n")
    }

    @Test func terminalOutputRedrawsInPlaceAndEndsTheLine() {
        let f = Fixture(terminal: true)
        f.epoch(1, of: 1, batches: 2)
        let r = f.console.recorded
        #expect(r.hasPrefix("\repoch 1/1  ░░░░░░░░░░░░░░░░░░░░ 0/2\u{1B}[K"))
        #expect(r.contains("\repoch 1/1  ██████████░░░░░░░░░░ 1/2  100 img/s  loss 1.0000  eta 0:01\u{1B}[K"))
        #expect(r.hasSuffix("\repoch 1/1  ████████████████████ 2/2  100 img/s  loss 0.5000  val 0.2500  0:02\u{1B}[K\n"))
        #expect(r.filter { $0 == "\n" }.count == 1)
    }

    @Test func ordinaryOutputEndsAnOpenProgressLine() {
        let console = Console(recordingAsTerminal: true)
        console.redraw("working")
        console.write("done")
        console.closeLine()
        #expect(console.recorded == "\rworking\u{1B}[K\ndone\n")
    }
}
