import Testing
import Tensor
@testable import Picture

@Suite struct TensorPictureTests {
    @Test func imageAutoRangeKeepsUnitValuesAndStretchesOthers() throws {
        let unit = try Picture.image(Tensor(shape: [1, 1, 2], scalars: [0.5, 1]))
        #expect(unit.pixels == [RGB.gray(128), RGB.gray(255)])
        let wide = try Picture.image(Tensor(shape: [1, 3], scalars: [-2, 0, 2]))
        #expect(wide.pixels == [RGB.gray(0), RGB.gray(128), RGB.gray(255)])
        let flat = try Picture.image(Tensor(shape: [2, 2], scalars: [5, 5, 5, 5]))
        #expect(flat.pixels.allSatisfy { $0 == RGB.gray(128) })
    }

    @Test func colourImagesUseThreeChannels() throws {
        let t = try Tensor(shape: [3, 1, 1], scalars: [1, 0, 0.2])
        #expect(try Picture.image(t, scale: 2).pixels == Array(repeating: RGB(255, 0, 51), count: 4))
    }

    @Test(arguments: [[2, 5, 5, 5], [5], [4, 28, 28], [0, 3]])
    func wrongImageShapesThrowNamingTheShape(_ shape: [Int]) throws {
        let t = try Tensor(zeros: shape)
        let error = #expect(throws: PictureError.self) { try Picture.image(t) }
        #expect(error?.description.contains(describeShape(shape)) == true)
    }

    @Test func filtersUseASymmetricDivergingMap() throws {
        let w = try Tensor(shape: [2, 1, 1, 2], scalars: [-1, 0, 1, 0.5])
        let c = try Picture.filters(w, scale: 1, gap: 1)
        // One input channel: the two filters sit side by side in a square-ish grid.
        #expect(c.width == 2 * 2 + 1 && c.height == 1)
        #expect(c[0, 0] == ColorMap.diverging(-1))
        #expect(c[1, 0] == ColorMap.diverging(0))
        #expect(c[3, 0] == ColorMap.diverging(1))
        #expect(c[0, 0].b > c[0, 0].r && c[3, 0].r > c[3, 0].b)
    }

    @Test func pairsNeedMatchingShapes() throws {
        let a = try Tensor(zeros: [3, 1, 4, 4]), b = try Tensor(zeros: [2, 1, 4, 4])
        let error = #expect(throws: PictureError.self) { try Picture.pairs(inputs: a, outputs: b) }
        #expect(error?.description == "pairs: inputs [3, 1, 4, 4] and outputs [2, 1, 4, 4] differ")
        let ok = try Picture.pairs(inputs: a, outputs: a, scale: 1, gap: 1)
        #expect(ok.height == 4 + 2 + 4)
    }

    @Test func aTensorBecomesOneFigureForEachShape() throws {
        // A 28×28 digit is enlarged ×8 (under 64 pixels), a 100×100 image stays 1:1.
        let digit = try Figure(tensor: Tensor(zeros: [1, 28, 28]))
        #expect((digit.base.width, digit.scale, digit.width, digit.height) == (28, 8, 224, 224))
        #expect(try Figure(tensor: Tensor(zeros: [1, 100, 100])).width == 100)
        #expect(try Figure(tensor: Tensor(zeros: [1, 28, 28]), scale: 1).width == 28)
        #expect(try Figure(tensor: Tensor(zeros: [72])).width == 9 * 12)
        // Feature maps: numbered tiles with a colour bar beside them.
        let maps = try Figure(tensor: Tensor(zeros: [16, 7, 7]))
        #expect(maps.title == "feature maps" && maps.notes.count == 1)
        #expect(try Figure(tensor: Tensor(zeros: [8, 1, 28, 28])).description == "picture 352×352")
        #expect(throws: PictureError.self) { try Figure(tensor: Tensor(scalar: 1)) }
        #expect(throws: PictureError.self) { try Picture.grid(Tensor(zeros: [5000, 1, 2, 2])) }
    }

    @Test func fontDrawsDigitsInsideTheirBox() {
        var c = Canvas(width: 12, height: 7)
        c.text("1", x: 0, y: 0, color: .black)
        // The glyph "1": a vertical stem in column 2 and a foot across columns 1…3.
        #expect(c[2, 3] == .black && c[1, 6] == .black && c[3, 6] == .black)
        #expect(c[0, 3] == .white && c[4, 3] == .white)
        #expect(Canvas.textWidth("loss") == 23)
    }
}

@Suite struct MatrixPictureTests {
    @Test func matrixWritesEachValueInItsCell() throws {
        let c = try Picture.matrix(Tensor(shape: [1, 2, 2], scalars: [1, 2, 3, 4]))
        #expect(c.width == 2 * 28 + 1 && c.height == 2 * 28 + 1)
        // The smallest value is the darkest cell, the largest the lightest.
        #expect(c[3, 3].luminance < c[31, 31].luminance)
        #expect(throws: PictureError.self) { try Picture.matrix(Tensor(zeros: [2, 2, 2])) }
        #expect(throws: PictureError.self) { try Picture.matrix(Tensor(zeros: [100, 100])) }
    }
}

@Suite struct AbsurdSizeTests {
    @Test func hugeRequestsThrowInsteadOfAllocating() throws {
        let digits = try Tensor(zeros: [4000, 1, 28, 28])
        #expect(throws: PictureError.self) { try Picture.grid(digits, scale: 8) }
        #expect(throws: PictureError.self) { try Picture.image(Tensor(zeros: [28, 28]), scale: 1000) }
        #expect(throws: PictureError.self) { try Picture.featureMaps(Tensor(zeros: [16, 28, 28]), scale: 0) }
        #expect(throws: PictureError.self) { try Picture.lossCurves(train: [1, 2], width: 100_000) }
        let c = Canvas(width: 100_000, height: 100_000)
        #expect(c.width <= Canvas.maxSide && c.width * c.height <= Canvas.maxPixels)
        #expect(Canvas(width: 28, height: 28).scaled(by: 1_000_000).width <= Canvas.maxSide)
    }
}

@Suite struct NoTrapTests {
    @Test(arguments: [[Int](), [5], [1, 2, 3, 4, 5]])
    func rowsAndPairsOfOddRanksThrow(_ shape: [Int]) throws {
        let t = shape.isEmpty ? Tensor(scalar: 1) : try Tensor(zeros: shape)
        #expect(throws: PictureError.self) { try Picture.row(t) }
        #expect(throws: PictureError.self) { try Picture.pairs(inputs: t, outputs: t) }
        if t.rank != 1 { #expect(throws: PictureError.self) { try Figure(tensor: t) } }   // a vector is a heat strip
        #expect(throws: PictureError.self) { try Picture.featureMaps(t) }
        #expect(throws: PictureError.self) { try Picture.filters(t) }
    }

    @Test func nonFiniteValuesDrawWithoutTrapping() throws {
        let t = try Tensor(shape: [1, 2, 2], scalars: [.nan, .infinity, -.infinity, 0.5])
        _ = try Picture.image(t)
        _ = try Picture.featureMaps(t)
        _ = try Picture.matrix(t)
        _ = try Picture.vector(t.reshape([4]))
        _ = try Picture.bars([.nan, 0.5, .infinity])
        _ = try Picture.lineplot([Series(name: "a", values: [1, .nan, 3]), Series(name: "b", values: [1e300, -1e300])])
        _ = try Picture.scatter([(0, 0), (.nan, 1), (1e308, -1e308)], labels: [0, 1, 2])
        _ = try Picture.latentMap(Tensor(shape: [3, 2], scalars: [.nan, 1, 2, .infinity, 0, 0]), labels: [0, 1, 2])
        #expect(BrailleCanvas(columns: 2, rows: 2).character(column: 9, row: -1) == " ")
    }
}
