// Progress lines, pinned character for character: what a person sees during
// `fit`, and what a log file gets (one plain line per epoch).
import Testing
@testable import Terminal

@Suite struct ProgressFormatTests {
    @Test(arguments: [
        (0.0, 4, "░░░░"), (1.0, 4, "████"), (0.5, 4, "██░░"),
        (0.5, 20, "██████████░░░░░░░░░░"),
        (1.0 / 32, 4, "▏░░░"),          // 1/8 of a cell
        (0.99, 20, "███████████████████▊"),
        (-1.0, 3, "░░░"), (2.0, 3, "███"), (Double.nan, 2, "░░"),
    ])
    func bar(fraction: Double, width: Int, expected: String) {
        #expect(ProgressFormat.bar(fraction: fraction, width: width) == expected)
    }

    @Test(arguments: [
        (0.0, "0 img/s"), (850.4, "850 img/s"), (12_345.0, "12.3k img/s"), (999.6, "1.0k img/s"),
        (1_234_567.0, "1.23M img/s"), (Double.infinity, "– img/s"),
    ])
    func rate(perSecond: Double, expected: String) {
        #expect(ProgressFormat.rate(perSecond) == expected)
    }

    @Test(arguments: [
        (0.0, "0:00"), (5.4, "0:05"), (65.0, "1:05"), (754.0, "12:34"), (3723.0, "1:02:03"),
        (Double.nan, "–:––"),
    ])
    func duration(seconds: Double, expected: String) {
        #expect(ProgressFormat.duration(seconds) == expected)
    }

    @Test(arguments: [
        (0.10434, "0.1043"), (2.302585, "2.3026"), (0.0, "0.0000"), (-0.5, "-0.5000"),
        (0.00001234, "1.23e-05"), (123_456.0, "1.23e+05"), (Double.nan, "nan"), (Double.infinity, "inf"),
    ])
    func number(value: Double, expected: String) {
        #expect(ProgressFormat.number(value) == expected)
    }

    @Test func finishedEpochLine() {
        let s = ProgressState(epoch: 1, epochs: 5, batch: 469, batches: 469, images: 60_000, elapsed: 4.9,
                              loss: 0.10434, validationLoss: 0.09811, isFinished: true)
        #expect(ProgressFormat.line(s)
                == "epoch 1/5  ████████████████████ 469/469  12.2k img/s  loss 0.1043  val 0.0981  0:05")
    }

    @Test func runningEpochLineShowsETA() {
        let s = ProgressState(epoch: 2, epochs: 5, batch: 47, batches: 469, images: 47 * 128, elapsed: 0.5,
                              loss: 0.2)
        // 47 batches in 0.5 s → 422 more take ≈ 4.49 s.
        #expect(ProgressFormat.line(s)
                == "epoch 2/5  ██░░░░░░░░░░░░░░░░░░  47/469  12.0k img/s  loss 0.2000  eta 0:04")
    }

    @Test func classifierLineShowsAccuracy() {
        let s = ProgressState(epoch: 3, epochs: 3, batch: 10, batches: 10, images: 1000, elapsed: 2,
                              loss: 0.05, accuracy: 0.9781, validationLoss: 0.07, validationAccuracy: 0.97,
                              isFinished: true)
        #expect(ProgressFormat.line(s)
                == "epoch 3/3  ████████████████████ 10/10  500 img/s  loss 0.0500  acc 97.8%  val 0.0700  val acc 97.0%  0:02")
    }

    @Test func narrowTerminalDropsTrailingPieces() {
        let s = ProgressState(epoch: 1, epochs: 5, batch: 469, batches: 469, images: 60_000, elapsed: 4.9,
                              loss: 0.10434, validationLoss: 0.09811, isFinished: true)
        #expect(ProgressFormat.line(s, maxColumns: 50) == "epoch 1/5  ████████████████████ 469/469")
        #expect(ProgressFormat.line(s, maxColumns: 64)
                == "epoch 1/5  ████████████████████ 469/469  12.2k img/s")
    }
}
