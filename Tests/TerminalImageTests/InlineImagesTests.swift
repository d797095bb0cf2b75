import Testing
import Picture
import Tensor
@testable import Terminal

@Suite struct InlineImagesTests {
    static func mode(_ m: DisplayMode) -> Detection { Detection(mode: m, tmux: false, reason: "test") }

    @Test func asciiDrawsSmallWithTheCaptionBelow() throws {
        var out = ""
        let t = try Tensor(shape: [1, 2, 2], scalars: [0, 1, 1, 0])
        InlineImages.show(try Figure(tensor: t), caption: "x", detection: Self.mode(.ascii), write: { out += $0 })
        // 2×2 enlarged 8× → 16×16 pixels → 8 text lines of 16 characters, then the caption.
        let lines = out.split(separator: "\n")
        #expect(lines.count == 9 && lines.last == "x")
        #expect(lines[0] == "        @@@@@@@@")
    }

    @Test func noDisplayWritesTheShape() throws {
        var out = ""
        InlineImages.show(try Figure(tensor: Tensor(zeros: [1, 28, 28])), caption: "a digit", detection: Self.mode(.none), write: { out += $0 })
        #expect(out == "[picture 224×224] a digit\n")
    }

    @Test func kittyWritesPNGEscapesAndANewline() throws {
        var out = ""
        InlineImages.show(try Figure(tensor: Tensor(zeros: [28, 28])), detection: Self.mode(.kitty), write: { out += $0 })
        #expect(out.hasPrefix("\u{1b}_Ga=T,f=100,q=2,m="))
        #expect(out.hasSuffix("\u{1b}\\\n"))
    }

    @Test func undrawableShapesAreReportedNotTrapped() throws {
        let e = #expect(throws: PictureError.self) { try Figure(tensor: Tensor(zeros: [2, 3, 4, 5, 6])) }
        #expect(e?.description.hasPrefix("show: cannot draw a tensor of shape [2, 3, 4, 5, 6]") == true)
    }

    @Test func textTerminalsGetPlotWordsAsText() {
        var out = ""
        InlineImages.showLinePlot([Series(name: "train", values: [0.3, 0.2, 0.1])], title: "loss", xLabel: "epoch", columns: 60,
                                  detection: Self.mode(.ascii), write: { out += $0 })
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].drop { $0 == " " } == "loss")
        #expect(lines.contains { $0.hasPrefix("0.30 ┤") })
        #expect(lines.contains { $0.drop { $0 == " " } == "epoch" })
        #expect(lines.contains("* train"))
        #expect(!out.contains("\u{1b}"))
        out = ""
        InlineImages.showScatter([(0, 0), (1, 1)], labels: [3, 4], columns: 40,
                                 detection: Self.mode(.halfBlocks(trueColor: true)), write: { out += $0 })
        #expect(out.contains("\u{1b}[38;2;214;39;40m"))   // digit 3 in tab10 red
    }

    @Test func consoleRendererHonoursAnExplicitChoiceInAPipe() throws {
        let console = Console(recordingAsTerminal: false)
        InlineImages.show(try Figure(tensor: Tensor(zeros: [1, 4, 4])), caption: "c", on: console)
        // Not a terminal and nothing chosen (unless LATENT_IMAGES is set around the tests).
        if InlineImages.explicitChoice == nil { #expect(console.recorded == "[picture 32×32] c\n") }
    }
}
