import Testing
import Tensor
@testable import Picture

@Suite struct PCATests {
    /// Points spread along (1, 2)/√5 with a little spread across it: the first axis is
    /// (1, 2)/√5 ≈ (0.4472, 0.8944) and the second (−2, 1)/√5 up to sign (we fix it positive).
    @Test func findsTheDirectionOfLargestVariance() throws {
        var rows: [[Double]] = []
        for i in -10...10 {
            let t = Double(i), s = i % 2 == 0 ? 0.1 : -0.1
            rows.append([3 + t - 2 * s, -1 + 2 * t + s])
        }
        let pca = try PCA.fit(rows)
        #expect(abs(pca.axes[0][0] - 1 / 5.0.squareRoot()) < 1e-9)
        #expect(abs(pca.axes[0][1] - 2 / 5.0.squareRoot()) < 1e-9)
        #expect(abs(abs(pca.axes[1][0]) - 2 / 5.0.squareRoot()) < 1e-6)
        // 11 even and 10 odd offsets: the mean is off the line by 0.1/21 across it.
        #expect(abs(pca.mean[0] - (3 - 0.2 / 21)) < 1e-12 && abs(pca.mean[1] - (-1 + 0.1 / 21)) < 1e-12)
        #expect(pca.variances[0] > 100 * pca.variances[1])
        // The first coordinate of the point at t = 10 is its distance along the axis: 10·√5 − small.
        let p = pca.project([[3 + 10 - 0.2, -1 + 20 + 0.1]])
        #expect(abs(p[0][0] - (10 * 5.0.squareRoot())) < 0.1)
    }

    /// Axis-aligned variances 9, 4, 1 in 3-D: axes are the unit vectors in that order.
    @Test func ordersAxesByVarianceWithExactEigenvalues() throws {
        let rows: [[Double]] = [[3, 0, 0], [-3, 0, 0], [0, 2, 0], [0, -2, 0], [0, 0, 1], [0, 0, -1]]
        let pca = try PCA.fit(rows, components: 3)
        let expected: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        for (a, e) in zip(pca.axes, expected) {
            #expect(zip(a, e).allSatisfy { abs($0 - $1) < 1e-9 })
        }
        // Sample covariance (n − 1 = 5): 18/5, 8/5, 2/5.
        #expect(zip(pca.variances, [3.6, 1.6, 0.4]).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    /// More than 256 dimensions takes the implicit Xᵀ(Xv) path; it must agree.
    @Test func wideDataUsesTheImplicitPathAndAgrees() throws {
        let d = 300
        var rows: [[Double]] = []
        for i in 0..<12 {
            var r = [Double](repeating: 0, count: d)
            r[7] = Double(i) * 2        // dominant direction: unit vector e7
            r[100] = Double(i % 3)      // a weaker one
            rows.append(r)
        }
        let pca = try PCA.fit(Tensor(shape: [12, d], scalars: rows.flatMap { $0.map(Float.init) }))
        #expect(abs(pca.axes[0][7]) > 0.99)
        #expect(pca.axes[0][7] > 0)
    }

    @Test func needsTwoPointsOfOneLength() {
        #expect(throws: PictureError.self) { try PCA.fit([[1, 2]]) }
        #expect(throws: PictureError.self) { try PCA.fit([[1, 2], [1]]) }
    }

    @Test func latentMapProjectsCodesAndColoursDigits() throws {
        var s: [Float] = []
        for i in 0..<20 { s += [Float(i), Float(i) * 0.5, Float(i % 2)] }
        let codes = try Tensor(shape: [20, 3], scalars: s)
        let c = try Picture.latentMap(codes, labels: (0..<20).map { $0 % 10 })
        #expect(c.pixels.contains(ColorMap.category(9)))
        #expect(throws: PictureError.self) { try Picture.latentMap(codes, labels: [1, 2]) }
    }
}
