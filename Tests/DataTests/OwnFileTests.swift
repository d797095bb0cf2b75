import Foundation
import Testing
@testable import Data
import Tensor

/// CSV and IDX files of a person's own, and datasets made from tensors: label
/// columns, class limits and value ranges, with exact messages.
@Suite struct OwnFileTests {
    @Test func csvLabelColumnByName() throws {
        let dir = try TempDir()
        let f = try dir.write("d.csv", text: "p1,p2,digit,p3,p4\n1,2,7,3,4\n5,6,1,7,8\n")
        let d = try CSVDataset.load(f, label: "digit")
        #expect(d.labels == [7, 1])
        #expect(d.imageShape == [1, 2, 2])
        #expect(try d.pixels(at: 1) == [5, 6, 7, 8])
        // A column called "label" is found without being named.
        let g = try dir.write("g.csv", text: "a,b,Label\n1,2,3\n")
        #expect(try CSVDataset.load(g).labels == [3])
        #expect(thrown { _ = try CSVDataset.load(f, label: "class") }
                == "\(f): line 1: no column named \"class\" in the header (p1, p2, digit, p3, p4)")
        let bare = try dir.write("bare.csv", text: "1,2,3\n")
        #expect(thrown { _ = try CSVDataset.load(bare, label: "digit") }
                == "\(bare): line 1: label: \"digit\" needs a header line naming the columns, and this file has none (its first line is numbers)")
        let shaped = try dir.write("s.csv", text: "label,a,b,c,d,e,f\n0,1,2,3,4,5,6\n")
        #expect(try CSVDataset.load(shaped, imageShape: [1, 2, 3]).imageShape == [1, 2, 3])
        #expect(try CSVDataset.load(shaped).imageShape == [1, 1, 6])
    }

    @Test func csvLabelsAreBounded() throws {
        let dir = try TempDir()
        let f = try dir.write("d.csv", text: "0,1\n2,3\n9,4\n")
        #expect(thrown { _ = try CSVDataset.load(f, classes: 3) } == "\(f): line 3: label 9 is not one of the 3 classes (0–2)")
        #expect(try CSVDataset.load(f, classes: 10).classes == 10)
        let huge = try dir.write("h.csv", text: "0,1\n2147483647,3\n")
        #expect(thrown { _ = try CSVDataset.load(huge) } == "\(huge): line 2: label 2,147,483,647 is beyond the largest class number 99,999")
        #expect(thrown { _ = try CSVDataset.load(f, imageShape: [1, 1 << 20, 1 << 20]) }
                == "\(f): image shape must be [C, H, W] with sizes 1…65,536 and at most 16,777,216 pixels, got [1, 1048576, 1048576]")
        let word = try dir.write("w.csv", text: "0,1\n1,two\n")
        #expect(thrown { _ = try CSVDataset.load(word) } == "\(word): line 2: field 2 is 'two', expected an integer")
    }

    @Test func idxCountsAndLabels() throws {
        let dir = try TempDir()
        let img = try dir.write("img", idxBytes(dims: [3, 1, 2], payload: [1, 2, 3, 4, 5, 6]))
        let lab = try dir.write("lab", idxBytes(dims: [3], payload: [0, 4, 1]))
        #expect(try IDX.load(images: img, labels: lab, name: "x").summary == "x: 3 images 1×1×2, 5 classes: 0 1, 1 1, 2 0, 3 0, 4 1")
        #expect(thrown { _ = try IDX.load(images: img, labels: lab, classes: 3) } == "\(lab): byte 9: label 4 of image 1 is not one of the 3 classes (0–2)")
        let two = try dir.write("two", idxBytes(dims: [2], payload: [0, 1]))
        #expect(thrown { _ = try IDX.load(images: img, labels: two) } == "\(two): byte 4: has 2 labels but \(img) has 3 images")
        let big = try dir.write("big", idxBytes(type: 0x0C, dims: [3], payload: [0, 0, 0, 1, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 2]))
        #expect(thrown { _ = try IDX.load(images: img, labels: big) } == "\(big): byte 12: label 2,147,483,647 of image 1 is beyond the largest class number 99,999")
        let none = try dir.write("none", idxBytes(dims: [0, 2, 2], payload: []))
        #expect(thrown { _ = try IDX.load(images: none, labels: nil) } == "\(none): byte 4: has no images (the count is 0)")
    }

    @Test func datasetsFromTensors() throws {
        let x = try Tensor(shape: [2, 1, 1, 2], scalars: [0, 1, 0.5, 0.2])
        let d = try Dataset(name: "t", tensor: x, labels: [1, 0])
        #expect(try d.pixels(at: 0) == [0, 255])
        #expect(try d.pixels(at: 1) == [128, 51])     // round(127.5) = 128, round(51) = 51
        #expect(d.summary == "t: 2 images 1×1×2, 2 classes: 0 1, 1 1")
        #expect(try Dataset(name: "t", tensor: Tensor(shape: [2, 3, 4], scalars: [Float](repeating: 0, count: 24)), labels: nil).imageShape == [1, 3, 4])
        #expect(thrown { _ = try Dataset(name: "t", tensor: Tensor(shape: [1, 2], scalars: [0, 255]), labels: nil) }
                == "t: value 255.0 at position 1 is outside 0…1; images are stored as bytes 0–255, so scale them first (e.g. x / 255)")
        #expect(thrown { _ = try Dataset(name: "t", tensor: Tensor(shape: [1, 1], scalars: [.nan]), labels: nil) }
                == "t: value nan at position 0 is outside 0…1; images are stored as bytes 0–255, so scale them first (e.g. x / 255)")
        #expect(thrown { _ = try Dataset(name: "t", tensor: x, labels: [1, 5], classes: 3) } == "t: label 5 of image 1 is not one of the 3 classes (0–2)")
        #expect(thrown { _ = try Dataset(name: "t", tensor: Tensor(shape: [4], scalars: [0, 0, 0, 0]), labels: nil) }
                == "t: images must be [N, C, H, W], [N, H, W] or [N, D], got a tensor of shape [4]")
        #expect(thrown { _ = try Dataset(name: "t", tensor: x, labels: [1, 100_000]) }
                == "t: label 100,000 of image 1 is beyond the largest class number 99,999")
    }
}
