import Foundation
import Tensor

/// The latent space, live (`explore ae`): the test set's codes projected on two principal
/// directions, a cursor the arrow keys move, and at every move the decoder's image for
/// the point under the cursor — the lecture's "every point of the latent space decodes to
/// some image" at a keystroke. Pure state and pictures: the Terminal module reads the
/// keys and draws the frames; without a terminal `grid()` is drawn instead.
///
///     let x = try LatentExplorer(codes: codes, labels: labels, decode: { try decoder($0) })
///     x.handle(.right); let frame = try x.frame(mapWidth: 64, mapHeight: 48)
public final class LatentExplorer {
    public enum Key: Equatable, Sendable { case left, right, up, down, previousPair, nextPair, enter, quit, other }
    public enum Action: Equatable, Sendable { case redraw, choose, leave, ignore }

    /// Code [D] → image [C, H, W] or [H, W], values 0…1.
    public typealias Decoder = (Tensor) throws -> Tensor

    let pca: PCA
    let projected: [[Double]]     // every code's coordinates along the principal directions
    let labels: [Int]
    let decode: Decoder
    let codeShape: [Int]
    /// The cursor's coordinates along each principal direction (all of them, not only the two shown).
    public private(set) var coordinates: [Double]
    /// The first of the two principal directions the map shows (0: PC1 and PC2).
    public private(set) var pair = 0
    /// One arrow press moves this fraction of the shown directions' spread.
    let stepFraction = 0.05

    /// `codes` [N, D] (N ≥ 2, D ≥ 2) with their labels; `decode` maps a code shaped like one
    /// row (`codeShape`, default [D]) to an image.
    public init(codes: Tensor, labels: [Int], codeShape: [Int]? = nil, decode: @escaping Decoder) throws {
        guard codes.rank == 2, codes.shape[0] >= 2, codes.shape[1] >= 2 else {
            throw PictureError("explore", "expected codes [N, D] with N ≥ 2 and D ≥ 2, got \(describeShape(codes.shape))")
        }
        guard labels.count == codes.shape[0] else {
            throw PictureError("explore", "codes \(describeShape(codes.shape)) but \(labels.count) labels")
        }
        let d = codes.shape[1]
        pca = try PCA.fit(codes, components: min(d, 8))
        projected = try pca.project(codes)
        self.labels = labels
        self.decode = decode
        self.codeShape = codeShape ?? [d]
        coordinates = [Double](repeating: 0, count: pca.axes.count)   // the mean code
    }

    /// How many principal directions can be stepped through (`[` / `]`).
    public var directions: Int { pca.axes.count }

    /// The spread (standard deviation) of the codes along direction `k`.
    func spread(_ k: Int) -> Double { max(1e-6, pca.variances[k].squareRoot()) }

    /// Reacts to a key: arrows move the cursor, `[` / `]` show other principal directions.
    @discardableResult
    public func handle(_ key: Key) -> Action {
        let (a, b) = (pair, pair + 1)
        switch key {
        case .left: coordinates[a] -= stepFraction * 8 * spread(a)
        case .right: coordinates[a] += stepFraction * 8 * spread(a)
        case .up: coordinates[b] += stepFraction * 8 * spread(b)
        case .down: coordinates[b] -= stepFraction * 8 * spread(b)
        case .previousPair:
            guard pair > 0 else { return .ignore }
            pair -= 1
        case .nextPair:
            guard pair + 2 < directions else { return .ignore }
            pair += 1
        case .enter: return .choose
        case .quit: return .leave
        case .other: return .ignore
        }
        return .redraw
    }

    /// The code under the cursor: the mean plus each coordinate times its direction, shaped like a code.
    public func point() throws -> Tensor {
        var z = pca.mean
        for (k, c) in coordinates.enumerated() where c != 0 {
            for i in z.indices { z[i] += c * pca.axes[k][i] }
        }
        return try Tensor(shape: codeShape, scalars: z.map(Float.init))
    }

    /// The decoder's image for the cursor's point.
    public func image() throws -> Tensor { try decode(point()) }

    /// One line saying where the cursor is and which keys do what.
    public var status: String {
        let (a, b) = (pair, pair + 1)
        func c(_ k: Int) -> String { String(format: "%+.2f", coordinates[k]) }
        return "PC\(a + 1) \(c(a))  PC\(b + 1) \(c(b))  ·  ←→↑↓ move  [ ] other directions (\(directions))  Enter: take this point  q: leave"
    }

    /// The map (codes on the shown pair of directions, coloured by label, the cursor as a
    /// cross) with the decoded image beside it, `mapWidth`×`mapHeight` pixels for the map.
    /// `imageScale` enlarges the decoded image (default: as tall as the map).
    public func frame(mapWidth: Int, mapHeight: Int, imageScale: Int? = nil) throws -> Canvas {
        let w = max(16, mapWidth), h = max(16, mapHeight)
        let (a, b) = (pair, pair + 1)
        let xs = projected.map { $0[a] }, ys = projected.map { $0[b] }
        let xr = range(xs + [coordinates[a]]), yr = range(ys + [coordinates[b]])
        func px(_ v: Double) -> Int { Int(((v - xr.0) / (xr.1 - xr.0) * Double(w - 1)).rounded()) }
        func py(_ v: Double) -> Int { h - 1 - Int(((v - yr.0) / (yr.1 - yr.0) * Double(h - 1)).rounded()) }
        var map = Canvas(width: w, height: h)
        map.stroke(x: 0, y: 0, width: w, height: h, color: RGB.gray(180))
        let dot = w >= 200 ? 3 : 1
        for i in projected.indices {
            map.fill(x: px(xs[i]) - dot / 2, y: py(ys[i]) - dot / 2, width: dot, height: dot, color: ColorMap.category(labels[i]))
        }
        let cx = px(coordinates[a]), cy = py(coordinates[b]), arm = max(3, w / 20), t = w >= 200 ? 3 : 1
        map.fill(x: cx - arm, y: cy - t / 2, width: 2 * arm + 1, height: t, color: .black)
        map.fill(x: cx - t / 2, y: cy - arm, width: t, height: 2 * arm + 1, color: .black)
        // The decoded image, as tall as the map (whole-pixel enlargement, at least 1).
        let img = try Figure(tensor: image(), scale: 1).base
        let k = imageScale ?? max(1, h / max(1, img.height))
        let picture = img.scaled(by: k)
        var out = Canvas(width: w + 4 + picture.width, height: max(h, picture.height))
        out.draw(map, x: 0, y: 0)
        out.draw(picture, x: w + 4, y: 0)
        return out
    }

    /// What a notebook or a plain output gets instead: decoded images on a `side`×`side`
    /// lattice over ±2 spreads of PC1 (left → right) and PC2 (bottom → top).
    public func grid(side: Int = 7) throws -> Figure {
        let n = max(2, min(side, 15))
        var images: [Tensor] = []
        let saved = coordinates
        defer { coordinates = saved }
        for row in 0..<n {
            for col in 0..<n {
                coordinates = [Double](repeating: 0, count: directions)
                coordinates[0] = (Double(col) / Double(n - 1) * 4 - 2) * spread(0)
                coordinates[1] = (2 - Double(row) / Double(n - 1) * 4) * spread(1)
                var im = try image()
                if im.rank == 2 { im = try im.reshape([1] + im.shape) }
                images.append(im)
            }
        }
        let canvas = try Picture.grid(images, columns: n, scale: 1, gap: 1)
        return Figure(canvas, scale: Figure.defaultScale(height: canvas.height / n, width: canvas.width / n) / 2,
                      title: "latent space",
                      notes: ["decoded points: PC1 from −2σ (left) to +2σ (right), PC2 from +2σ (top) to −2σ (bottom)"])
    }

    func range(_ v: [Double]) -> (Double, Double) {
        let finite = v.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let pad = max(1e-9, (hi - lo) * 0.05)
        return (lo - pad, hi + pad)
    }
}
