import Testing
@testable import Data
import Tensor

@Suite struct CSVTests {
    @Test func withAndWithoutHeader() throws {
        let dir = try TempDir()
        let body = "5,0,255,10,20\r\n3,1,2,3,4\n\n"
        for text in ["label,p1,p2,p3,p4\n" + body, body] {
            let p = try dir.write("d.csv", text: text)
            let d = try CSVDataset.load(p)
            #expect(d.count == 2)
            #expect(d.imageShape == [1, 2, 2])   // 4 pixels: square
            #expect(d.labels == [5, 3])
            #expect(try d.pixels(at: 0) == [0, 255, 10, 20])
            #expect(d.name == "d.csv")
        }
    }

    @Test func shapesAndLenientNumbers() throws {
        let dir = try TempDir()
        let p = try dir.write("s.csv", text: " 1 , 2.0,\"3\"\n0,4,5\n")
        let d = try CSVDataset.load(p)
        #expect(d.imageShape == [1, 1, 2])
        #expect(try d.pixels(at: 0) == [2, 3])
        let rgb = try dir.write("rgb.csv", text: "1,1,2,3\n")
        #expect(try CSVDataset.load(rgb, imageShape: [3, 1, 1]).imageShape == [3, 1, 1])
    }

    @Test func badRowsNameTheLine() throws {
        let dir = try TempDir()
        let short = try dir.write("short.csv", text: "label,a,b,c,d\n1,0,0,0,0\n2,0,0,0\n")
        #expect(thrown { _ = try CSVDataset.load(short) } == "\(short): line 3: expected 5 fields (label + 4 pixels), found 4")
        let range = try dir.write("range.csv", text: "1,0,0\n2,0,256\n")
        #expect(thrown { _ = try CSVDataset.load(range) } == "\(range): line 2: pixel 2 is 256, expected 0–255")
        let word = try dir.write("word.csv", text: "1,0,0\n2,0,x7\n")
        #expect(thrown { _ = try CSVDataset.load(word) } == "\(word): line 2: field 3 is 'x7', expected an integer")
        let frac = try dir.write("frac.csv", text: "1,0,0.5\n")
        #expect(thrown { _ = try CSVDataset.load(frac) } == "\(frac): line 1: field 3 is '0.5', expected an integer")
        let neg = try dir.write("neg.csv", text: "-1,0,0\n")
        #expect(thrown { _ = try CSVDataset.load(neg) } == "\(neg): line 1: label -1 is negative")
        let shaped = try dir.write("shaped.csv", text: "1,0,0,0\n")
        #expect(thrown { _ = try CSVDataset.load(shaped, imageShape: [1, 2, 2]) }
                == "\(shaped): line 1: expected 5 fields (label + 4 pixels), found 4")
        let empty = try dir.write("empty.csv", text: "label,a\n\n")
        #expect(thrown { _ = try CSVDataset.load(empty) } == "\(empty): has no data lines")
        let lone = try dir.write("lone.csv", text: "3\n")
        #expect(thrown { _ = try CSVDataset.load(lone) } == "\(lone): line 1: expected a label and at least one pixel, found 1 field")
        let emptyField = try dir.write("ef.csv", text: "1,,2\n")
        #expect(thrown { _ = try CSVDataset.load(emptyField) } == "\(emptyField): line 1: field 2 is '', expected an integer")
    }
}
