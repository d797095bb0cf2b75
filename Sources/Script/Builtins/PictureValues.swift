import Tensor
import Data
import Picture

/// The one route from a value to a picture: `show x`, `save x "f.png"` and a picture
/// builtin's result all become a `Figure` here (Picture's `Figure(tensor:)` decides how a
/// tensor looks, with its one value-range rule).
enum Pictures {
    /// The most images `show` puts in one grid (a whole dataset is almost always a mistake).
    static let maxShown = 64

    static func figure(of v: Value, scale: Int? = nil, span: SourceSpan) throws -> Figure {
        do {
            switch v {
            case .picture(let f): return rescaled(f, scale)
            case .tensor(let t):
                if t.rank == 4 && t.shape[0] > maxShown { return try Figure(tensor: t.slice(0..<maxShown), scale: scale) }
                return try Figure(tensor: t, scale: scale)
            case .dataset, .datasets:
                let d = try Coerce.dataset(v, what: "show", at: span)
                guard d.count > 0 else { throw RuntimeError("show: the dataset is empty", at: span) }
                return try Figure(tensor: d.batch(0..<min(d.count, maxShown)).images, scale: scale)
            case .list(let items):
                let ts = try items.prefix(maxShown).map { try Coerce.tensor($0, what: "show: an item", at: span) }
                guard let first = ts.first else { throw RuntimeError("show: nothing to show", at: span) }
                guard ts.allSatisfy({ $0.shape == first.shape }) else {
                    throw RuntimeError("show: images of different shapes cannot share a grid", at: span)
                }
                let images = try ts.map { $0.rank == 2 ? try $0.reshape([1] + $0.shape) : $0 }
                guard images[0].rank == 3 else { throw RuntimeError("show: expected images [C, H, W]", at: span) }
                return try Figure(tensor: Tensor.stack(images, axis: 0), scale: scale)
            default:
                throw RuntimeError("show: cannot picture \(Operators.article(v.typeName)); show takes images, batches and datasets", at: span)
            }
        } catch let e as PictureError {
            throw RuntimeError(e.description, at: span)
        }
    }

    /// The figure with another enlargement (`save p "f.png" scale 2`); nil keeps its own.
    static func rescaled(_ f: Figure, _ scale: Int?) -> Figure {
        guard let scale else { return f }
        return Figure(f.base, scale: scale, title: f.title, plot: f.plot, notes: f.notes)
    }
}
