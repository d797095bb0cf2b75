import Testing
@testable import Data
import Tensor

/// A small synthetic dataset: image i is 1×2×3 with pixel k = (10·i + k) mod 256,
/// label i mod 3, so every expected value can be written down by hand.
func tinyDataset(count: Int = 12) throws -> Dataset {
    var bytes: [UInt8] = []
    for i in 0..<count { for k in 0..<6 { bytes.append(UInt8((10 * i + k) % 256)) } }
    return try Dataset(name: "tiny", images: bytes, imageShape: [1, 2, 3], labels: (0..<count).map { $0 % 3 })
}

@Suite struct DatasetTests {
    @Test func imageAndLabel() throws {
        let d = try tinyDataset()
        #expect(d.count == 12)
        #expect(d.imageShape == [1, 2, 3])
        #expect(d.classes == 3)
        let x = try d.image(at: 2)
        #expect(x.shape == [1, 2, 3])
        #expect(x.scalars == [20, 21, 22, 23, 24, 25].map { Float($0) / 255 })
        #expect(try d.label(at: 4) == 1)
        #expect(thrown { _ = try d.image(at: 12) } == "tiny: index 12 is out of range (0..<12)")
        #expect(thrown { _ = try d.label(at: -1) } == "tiny: index -1 is out of range (0..<12)")
    }

    @Test func batchConversionValues() throws {
        let d = try tinyDataset()
        let (x, y) = try d.batch([3, 0, 3])
        #expect(x.shape == [3, 1, 2, 3])
        let expected: [Int] = [30, 31, 32, 33, 34, 35, 0, 1, 2, 3, 4, 5, 30, 31, 32, 33, 34, 35]
        #expect(x.scalars == expected.map { Float($0) / 255 })
        #expect(y == [0, 0, 0])
        let (r, ry) = try d.batch(1..<3)
        #expect(r.shape == [2, 1, 2, 3])
        let expectedRange: [Float] = (Array(10...15) + Array(20...25)).map { Float($0) / 255 }
        #expect(r.scalars == expectedRange)
        #expect(ry == [1, 2])
        #expect(thrown { _ = try d.batch([0, 99]) } == "tiny: index 99 is out of range (0..<12)")
        #expect(thrown { _ = try d.batch(10..<13) } == "tiny: range 10..<13 is out of range (0..<12)")
        // 0 and 255 map exactly to the ends of [0, 1].
        let ends = try Dataset(name: "ends", images: [0, 255], imageShape: [1, 1, 2], labels: nil)
        #expect(try ends.batch(0..<1).images.scalars == [0, 1])
        #expect(try ends.batch(0..<1).labels == [])
    }

    @Test func sliceAndSubsetShareBytes() throws {
        let d = try tinyDataset()
        let s = try d.slice(4..<8)
        #expect(s.count == 4)
        #expect(s.store === d.store)
        #expect(try s.image(at: 0).scalars == (40...45).map { Float($0) / 255 })
        #expect(s.labels == [1, 2, 0, 1])
        let ss = try s.slice(1..<3)          // a slice of a slice is rows 5..<7
        #expect(try ss.pixels(at: 0) == [50, 51, 52, 53, 54, 55])
        let sub = try d.subset([11, 0])
        #expect(sub.store === d.store)
        #expect(try sub.pixels(at: 0) == [110, 111, 112, 113, 114, 115])
        #expect(sub.labels == [2, 0])
        let subOfSub = try sub.subset([1])
        #expect(try subOfSub.pixels(at: 0) == [0, 1, 2, 3, 4, 5])
        #expect(thrown { _ = try d.slice(5..<13) } == "tiny: range 5..<13 is out of range (0..<12)")
        #expect(thrown { _ = try d.subset([3, 12]) } == "tiny: index 12 is out of range (0..<12)")
    }

    @Test func sourceRowsTraceBackToTheLoadedDataset() throws {
        let d = try tinyDataset()
        let piece = try d.slice(2..<10).filter(labels: [1]).shuffled(seed: 3)
        #expect(piece.sharesSource(with: d))
        #expect(piece.sourceRows.sorted() == [4, 7])
        #expect(try d.slice(3..<5).sourceRows == [3, 4])
        #expect(!(try tinyDataset()).sharesSource(with: d))
    }

    @Test func filterByLabel() throws {
        let d = try tinyDataset()
        let f = try d.filter(labels: [0, 2])
        #expect(f.count == 8)
        #expect(f.labels == [0, 2, 0, 2, 0, 2, 0, 2])
        #expect(f.classes == 3)
        #expect(try f.pixels(at: 1) == [20, 21, 22, 23, 24, 25])
        #expect(f.description == "tiny (labels 0, 2): 8 images 1×2×3, labels 0, 2")
        let r = try d.filter(labels: [1, 2], relabel: true)
        #expect(r.labels == [0, 1, 0, 1, 0, 1, 0, 1])
        #expect(r.classes == 2)
        let unlabelled = try Dataset(name: "u", images: [1, 2], imageShape: [1, 1, 1], labels: nil)
        #expect(thrown { _ = try unlabelled.filter(labels: [0]) } == "u: has no labels, so it cannot be filtered by label")
        #expect(unlabelled.description == "u: 2 images 1×1×1, no labels")
    }

    @Test func shuffleIsDeterministicPerSeed() throws {
        let d = try tinyDataset()
        let a = d.shuffled(seed: 7), b = d.shuffled(seed: 7), c = d.shuffled(seed: 8)
        #expect(a.rows == b.rows)
        #expect(a.rows != c.rows)
        #expect(a.rows!.sorted() == Array(0..<12))
        #expect(a.labels == a.rows!.map { $0 % 3 })
        var g1 = RandomGenerator(seed: 3), g2 = RandomGenerator(seed: 3)
        #expect(d.shuffled(using: &g1).rows == d.shuffled(using: &g2).rows)
        // Fixed expectation: guards against the algorithm changing silently.
        #expect(Dataset.permutation(5, using: &g1).sorted() == [0, 1, 2, 3, 4])
    }

    @Test func splitWithSeed() throws {
        let d = try tinyDataset()
        let (a, b) = try d.split(fraction: 0.75, seed: 1)
        #expect(a.count == 9 && b.count == 3)
        #expect(Set(a.rows! + b.rows!) == Set(0..<12))
        let (a2, b2) = try d.split(fraction: 0.75, seed: 1)
        #expect(a.rows == a2.rows && b.rows == b2.rows)
        #expect(try d.split(fraction: 0.75, seed: 2).0.rows != a.rows)
        #expect(thrown { _ = try d.split(fraction: 1.5, seed: 0) } == "tiny: split fraction must be between 0 and 1, got 1.5")
    }

    @Test func samplesAndPerClassTake() throws {
        let d = try tinyDataset()
        let s = try d.sample(5, seed: 9)
        #expect(s.count == 5 && Set(s.rows!).count == 5)
        #expect(try d.sample(5, seed: 9).rows == s.rows)
        #expect(thrown { _ = try d.sample(13, seed: 0) } == "tiny: cannot sample 13 of 12 images")
        let t = try d.take(perClass: 2, seed: 4)
        #expect(t.count == 6)
        #expect(t.classCounts == [2, 2, 2])
        #expect(try d.take(perClass: 2, seed: 4).rows == t.rows)
        #expect(thrown { _ = try d.take(perClass: 5, seed: 0) } == "tiny: class 0 has only 4 images, 5 requested")
    }

    @Test func batchesCoverAnEpoch() throws {
        let d = try tinyDataset()
        let seq = try d.batches(size: 5)
        #expect(seq.count == 3)
        #expect(Array(seq).map { $0.images.shape[0] } == [5, 5, 2])
        var g = RandomGenerator(seed: 1)
        let shuffled = Array(try d.batches(size: 5, shuffle: &g, dropLast: true))
        #expect(shuffled.count == 2)
        #expect(thrown { _ = try d.batches(size: 0) } == "tiny: batch size must be positive, got 0")
        let oneHot = try d.oneHot([2, 0])
        #expect(oneHot.shape == [2, 3] && oneHot.scalars == [0, 0, 1, 1, 0, 0])
    }

    @Test func badConstruction() {
        #expect(thrown { _ = try Dataset(name: "x", images: [1, 2, 3], imageShape: [1, 1, 2], labels: nil) }
                == "x: 3 bytes are not a whole number of 1×1×2 images")
        #expect(thrown { _ = try Dataset(name: "x", images: [1, 2], imageShape: [1, 1, 1], labels: [0]) }
                == "x: 1 labels for 2 images")
        #expect(thrown { _ = try Dataset(name: "x", images: [1], imageShape: [1, 1], labels: nil) }
                == "x: image shape must be [C, H, W] with positive sizes, got [1, 1]")
    }
}
