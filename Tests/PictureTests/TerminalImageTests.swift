import Testing
@testable import Picture

/// Exact characters and escape framing of the terminal encodings.
@Suite struct TerminalImageTests {
    let e = "\u{1b}"

    /// 2×3: red blue / green green / white black.
    var colours: Canvas {
        var c = Canvas(width: 2, height: 3)
        c[0, 0] = RGB(255, 0, 0); c[1, 0] = RGB(0, 0, 255)
        c[0, 1] = RGB(0, 255, 0); c[1, 1] = RGB(0, 255, 0)
        c[0, 2] = .white; c[1, 2] = .black
        return c
    }

    @Test func halfBlocksTrueColourEmitsOnlyChanges() {
        let s = TerminalImage.halfBlocks(colours, trueColor: true)
        let expected =
            "\(e)[38;2;255;0;0m\(e)[48;2;0;255;0m▀\(e)[38;2;0;0;255m▀\(e)[0m\n" +
            "\(e)[38;2;255;255;255m\(e)[49m▀\(e)[38;2;0;0;0m▀\(e)[0m\n"
        #expect(s == expected)
    }

    @Test func halfBlocks256UsesTheXtermPalette() {
        let s = TerminalImage.halfBlocks(colours, trueColor: false)
        let expected =
            "\(e)[38;5;196m\(e)[48;5;46m▀\(e)[38;5;21m▀\(e)[0m\n" +
            "\(e)[38;5;231m\(e)[49m▀\(e)[38;5;16m▀\(e)[0m\n"
        #expect(s == expected)
        #expect(TerminalImage.xterm256(RGB.gray(128)) == 244)
    }

    @Test func asciiShadesPairsOfRows() {
        let grays: [[UInt8]] = [[0, 255, 128], [0, 255, 128], [255, 0, 64], [255, 0, 64], [255, 255, 255]]
        var c = Canvas(width: 3, height: 5)
        for (y, row) in grays.enumerated() { for (x, v) in row.enumerated() { c[x, y] = .gray(v) } }
        #expect(TerminalImage.ascii(c) == " @+\n@ :\n@@@\n")
    }

    @Test func textModesShrinkToTheColumnLimit() throws {
        let c = Canvas(width: 200, height: 100, background: .black)
        let s = try TerminalImage.encode(c, as: .ascii, maxColumns: 50)
        let lines = s.split(separator: "\n")
        #expect(lines.count == 13 && lines.allSatisfy { $0.count == 50 })
    }

    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")])
    func base64MatchesRFC4648(_ plain: String, _ encoded: String) {
        #expect(TerminalImage.base64(Array(plain.utf8)) == encoded)
    }

    @Test func kittySmallImageIsOneEscape() {
        #expect(TerminalImage.kitty(pngBytes: [1, 2, 3]) == "\(e)_Ga=T,f=100,q=2,m=0;AQID\(e)\\")
    }

    @Test func kittyChunksAreAtMost4096AndChained() {
        let bytes = (0..<7000).map { UInt8($0 % 251) }
        let s = TerminalImage.kitty(pngBytes: bytes)
        let pieces = s.components(separatedBy: "\(e)\\").dropLast()
        #expect(pieces.count == 3)
        #expect(pieces[0].hasPrefix("\(e)_Ga=T,f=100,q=2,m=1;"))
        #expect(pieces[1].hasPrefix("\(e)_Gm=1;"))
        #expect(pieces[2].hasPrefix("\(e)_Gm=0;"))
        let payloads = pieces.map { String($0.split(separator: ";", maxSplits: 1)[1]) }
        #expect(payloads.map(\.count) == [4096, 4096, 9336 - 8192])
        #expect(payloads.joined() == TerminalImage.base64(bytes))
    }

    @Test func kittyInsideTmuxWrapsEachChunk() {
        let s = TerminalImage.kitty(pngBytes: [1, 2, 3], tmux: true)
        #expect(s == "\(e)Ptmux;\(e)\(e)_Ga=T,f=100,q=2,m=0;AQID\(e)\(e)\\\(e)\\")
    }

    @Test func itermInlineImageFraming() {
        #expect(TerminalImage.iterm(pngBytes: [1, 2, 3]) == "\(e)]1337;File=inline=1;size=3;preserveAspectRatio=1:AQID\u{07}")
    }

    @Test func tmuxWrapDoublesEscapes() {
        #expect(TerminalImage.tmuxWrap("\(e)[c") == "\(e)Ptmux;\(e)\(e)[c\(e)\\")
    }

    @Test func sixelOfOneRedPixel() {
        var c = Canvas(width: 1, height: 1)
        c[0, 0] = RGB(255, 0, 0)
        #expect(TerminalImage.sixel(c) == "\(e)P0;1;0q\"1;1;1;1#0;2;100;0;0#0@-\(e)\\")
    }

    @Test func sixelBandsAndRuns() {
        // 5×7: white with a black bottom row; row 6 starts a second band.
        var c = Canvas(width: 5, height: 7)
        c.fill(x: 0, y: 6, width: 5, height: 1, color: .black)
        let s = TerminalImage.sixel(c)
        #expect(s == "\(e)P0;1;0q\"1;1;5;7#0;2;100;100;100#1;2;0;0;0#0!5~-#1!5@-\(e)\\")
    }

    @Test func quantiseKeepsAtMost256Colours() {
        var c = Canvas(width: 64, height: 64)
        for y in 0..<64 { for x in 0..<64 { c[x, y] = RGB(UInt8(x * 4), UInt8(y * 4), UInt8((x + y) * 2)) } }
        let (palette, indices) = TerminalImage.quantise(c)
        #expect(palette.count <= 256 && palette.count > 16)
        #expect(indices.allSatisfy { Int($0) < palette.count })
    }

    @Test func modeNamesRoundTrip() {
        for m: DisplayMode in [.kitty, .iterm, .sixel, .halfBlocks(trueColor: true), .halfBlocks(trueColor: false), .ascii, .none] {
            #expect(DisplayMode(name: m.description) == m)
        }
        #expect(DisplayMode(name: "bogus") == nil)
    }
}

extension String {
    func components(separatedBy sep: String) -> [String] {
        split(separator: sep, omittingEmptySubsequences: false).map(String.init)
    }
}
