import Testing
@testable import Picture

@Suite struct PlotTests {
    @Test func niceTicksCoverTheRangeInRoundSteps() {
        let t = Ticks(lo: 0.093, hi: 0.21, count: 6)
        #expect(abs(t.step - 0.02) < 1e-12)
        #expect(t.lo == 0.093 && t.hi == 0.21)
        #expect(zip(t.values, [0.10, 0.12, 0.14, 0.16, 0.18, 0.20]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(t.label(0.12) == "0.12")
        #expect(Ticks(lo: 0, hi: 0.001, count: 6).label(0.0002) == "0.0002")
        #expect(Ticks(lo: 1, hi: 5, count: 5).values == [1, 2, 3, 4, 5])
        #expect(Ticks(lo: 0.98, hi: 2.02, count: 8, minStep: 1).values == [1, 2])
    }

    @Test func lossCurvesDrawBothSeriesInTheirColours() throws {
        let c = try Picture.lossCurves(train: [0.3, 0.2, 0.15, 0.12], validation: [0.32, 0.22, 0.18, 0.16])
        #expect(c.width == 640 && c.height == 400)
        #expect(c.pixels.contains(ColorMap.category(0)))
        #expect(c.pixels.contains(ColorMap.category(1)))
    }

    @Test func plotsSkipNaNAndRejectNothingToDraw() throws {
        _ = try Picture.lossCurves(train: [.nan, 1, .infinity, 0.5])
        #expect(throws: PictureError.self) { try Picture.lossCurves(train: [.nan]) }
        #expect(throws: PictureError.self) { try Picture.lineplot([Series(name: "x", values: [1])], width: 5) }
    }

    @Test func scatterColoursEachClass() throws {
        let pts = (0..<10).map { (Double($0), Double($0 * $0)) }
        let c = try Picture.scatter(pts, labels: Array(0..<10))
        for k in 0..<10 { #expect(c.pixels.contains(ColorMap.category(k))) }
        #expect(throws: PictureError.self) { try Picture.scatter(pts, labels: [1]) }
    }

    @Test func confusionCountsAndHeatMap() throws {
        let m = Picture.confusionCounts(predicted: [0, 1, 1, 2, 9], actual: [0, 1, 2, 2, 1], classes: 3)
        #expect(m == [[1, 0, 0], [0, 1, 0], [0, 1, 1]])
        let c = try Picture.confusion(m)
        #expect(c.pixels.contains(ColorMap.blues(1)))
        #expect(throws: PictureError.self) { try Picture.confusion([[1, 2]]) }
    }

    @Test func barsHighlightOneClass() throws {
        let c = try Picture.bars([0.1, 0.7, 0.2], highlight: 1)
        #expect(c.pixels.contains(ColorMap.category(1)))
        #expect(throws: PictureError.self) { try Picture.bars([0.5], labels: ["a", "b"]) }
    }

    @Test func brailleLineAndTextPlot() throws {
        var b = BrailleCanvas(columns: 2, rows: 1)
        b.line(x0: 0, y0: 0, x1: 3, y1: 3)
        // A diagonal: dots (0,0) (1,1) in the first cell = bits 1+0x10, (2,2) (3,3) = 0x04+0x80.
        #expect(b.lines(color: false) == ["\u{2811}\u{2884}"])
        let text = try Picture.lineplotText([Series(name: "train", values: [3, 2, 1])], columns: 10, rows: 3, color: false)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("3 ┤"))
        #expect(lines[2].hasPrefix("1 ┤"))
        #expect(lines[3] == "  └──────────")
        #expect(text.contains("── train"))
    }
}
