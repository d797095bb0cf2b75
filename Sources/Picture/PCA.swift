import Tensor

/// Principal component analysis in Double: the directions along which the rows vary most.
/// Found by power iteration on the covariance (formed explicitly when D ≤ 256, applied
/// implicitly as Xᵀ(Xv) otherwise), deflating each found axis from the next.
///
///     let pca = try PCA.fit(codes)              // codes [N, 72]
///     let xy = pca.project(rows)               // [[pc1, pc2], …]
public struct PCA: Equatable, Sendable {
    /// The mean row, subtracted before projecting.
    public let mean: [Double]
    /// Unit principal axes, largest variance first; each sign is fixed so that its
    /// largest-magnitude component is positive (results are reproducible).
    public let axes: [[Double]]
    /// The variance of the data along each axis (eigenvalues of the covariance).
    public let variances: [Double]

    /// Fits `components` axes to rows of equal length (N ≥ 2 rows, D ≥ 1 columns).
    public static func fit(_ rows: [[Double]], components: Int = 2) throws -> PCA {
        guard rows.count >= 2 else { throw PictureError("pca", "needs at least 2 points, got \(rows.count)") }
        let d = rows[0].count
        guard d >= 1, rows.allSatisfy({ $0.count == d }) else {
            throw PictureError("pca", "rows must all have the same positive length")
        }
        return fit(flat: rows.flatMap { $0 }, n: rows.count, d: d, components: components)
    }

    /// Fits a [N, D] tensor.
    public static func fit(_ t: Tensor, components: Int = 2) throws -> PCA {
        guard t.rank == 2, t.shape[0] >= 2, t.shape[1] >= 1 else {
            throw PictureError("pca", "expected points [N, D] with N ≥ 2, got \(describeShape(t.shape))")
        }
        let (n, d) = (t.shape[0], t.shape[1])
        let s = t.scalars
        // Only the rows the fit uses are widened to Double (60,000 × 784 would be 376 MB).
        let rows = n > maxFitRows ? (0..<maxFitRows).map { min(n - 1, Int(Double($0) * Double(n) / Double(maxFitRows))) } : Array(0..<n)
        var flat = [Double]()
        flat.reserveCapacity(rows.count * d)
        for i in rows { for j in 0..<d { flat.append(Double(s[i * d + j])) } }
        return fit(flat: flat, n: rows.count, d: d, components: components)
    }

    /// Rows used to find the axes: a map of 60,000 points needs no more than this many
    /// (evenly strided, deterministic) to place its axes; every row is still projected.
    public static let maxFitRows = 4000

    static func fit(flat: [Double], n: Int, d: Int, components: Int) -> PCA {
        if n > maxFitRows {
            let stride = Double(n) / Double(maxFitRows)
            var sample = [Double]()
            sample.reserveCapacity(maxFitRows * d)
            for k in 0..<maxFitRows {
                let i = min(n - 1, Int(Double(k) * stride))
                sample += flat[(i * d)..<((i + 1) * d)]
            }
            return fit(flat: sample, n: maxFitRows, d: d, components: components)
        }
        var mean = [Double](repeating: 0, count: d)
        var x = flat.map { $0.isFinite ? $0 : 0 }
        for i in 0..<n { for j in 0..<d { mean[j] += x[i * d + j] } }
        for j in 0..<d { mean[j] /= Double(n) }
        for i in 0..<n { for j in 0..<d { x[i * d + j] -= mean[j] } }

        let cov: [Double]? = d <= 256 ? covariance(x, n: n, d: d) : nil
        func apply(_ v: [Double]) -> [Double] {
            if let cov {
                return (0..<d).map { i in var s = 0.0; for j in 0..<d { s += cov[i * d + j] * v[j] }; return s }
            }
            var out = [Double](repeating: 0, count: d)
            x.withUnsafeBufferPointer { xp in
                v.withUnsafeBufferPointer { vp in
                    out.withUnsafeMutableBufferPointer { op in
                        for i in 0..<n {
                            let row = i * d
                            var s = 0.0
                            for j in 0..<d { s += xp[row + j] * vp[j] }
                            if s != 0 { for j in 0..<d { op[j] += xp[row + j] * s } }
                        }
                    }
                }
            }
            return out.map { $0 / Double(n - 1) }
        }

        var axes: [[Double]] = [], variances: [Double] = []
        for k in 0..<min(max(1, components), d) {
            // A deterministic start that is unlikely to be orthogonal to the top axis.
            var v = (0..<d).map { 1 + 0.01 * Double(($0 * 7 + k * 13) % 17) }
            v = normalised(orthogonalised(v, axes))
            var lambda = 0.0
            for _ in 0..<500 {
                let w = orthogonalised(apply(v), axes)
                let norm = dot(w, w).squareRoot()
                guard norm > 1e-300 else { lambda = 0; break }
                let next = w.map { $0 / norm }
                let change = zip(next, v).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                v = next
                lambda = norm
                if change < 1e-22 { break }
            }
            if let big = v.max(by: { abs($0) < abs($1) }), big < 0 { v = v.map { -$0 } }
            axes.append(v)
            variances.append(lambda)
        }
        return PCA(mean: mean, axes: axes, variances: variances)
    }

    /// Coordinates of each row along the axes.
    public func project(_ rows: [[Double]]) -> [[Double]] {
        rows.map { row in
            axes.map { axis in
                var s = 0.0
                for j in 0..<min(row.count, axis.count) { s += (row[j] - mean[j]) * axis[j] }
                return s
            }
        }
    }

    /// Coordinates of each row of a [N, D] tensor along the axes.
    public func project(_ t: Tensor) throws -> [[Double]] {
        guard t.rank == 2, t.shape[1] == mean.count else {
            throw PictureError("pca", "expected points [N, \(mean.count)], got \(describeShape(t.shape))")
        }
        let s = t.scalars, d = mean.count
        return (0..<t.shape[0]).map { i in
            axes.map { axis in
                var sum = 0.0
                for j in 0..<d { sum += (Double(s[i * d + j]) - mean[j]) * axis[j] }
                return sum
            }
        }
    }

    static func covariance(_ x: [Double], n: Int, d: Int) -> [Double] {
        var c = [Double](repeating: 0, count: d * d)
        x.withUnsafeBufferPointer { xp in
            for i in 0..<n {
                let row = i * d
                for a in 0..<d where xp[row + a] != 0 {
                    let xa = xp[row + a]
                    for b in a..<d { c[a * d + b] += xa * xp[row + b] }
                }
            }
        }
        for a in 0..<d { for b in a..<d { c[a * d + b] /= Double(n - 1); c[b * d + a] = c[a * d + b] } }
        return c
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    static func normalised(_ v: [Double]) -> [Double] {
        let n = dot(v, v).squareRoot()
        return n > 0 ? v.map { $0 / n } : v
    }

    /// v minus its components along each (unit) axis already found.
    static func orthogonalised(_ v: [Double], _ axes: [[Double]]) -> [Double] {
        var v = v
        for a in axes {
            let p = dot(v, a)
            for j in v.indices { v[j] -= p * a[j] }
        }
        return v
    }
}
