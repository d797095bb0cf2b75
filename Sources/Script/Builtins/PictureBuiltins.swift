import Tensor
import NN
import Data
import Picture
import Foundation

/// Pictures as values: each builtin returns a picture (`Figure`) that shows itself as a
/// cell's result, `show` draws and `save p "f.png"` writes (docs/picture-api.md).
///
///     show filters(ae.encoder[0])          # the 16 learnt 3×3 kernels
///     show featuremaps(ae.encoder[0..2](mnist.test[0]))
///     show latentmap(ae.encoder, mnist.test[0..500])
enum PictureBuiltins {
    static func register(_ r: inout [String: Builtin]) {
        func add(_ name: String, _ f: @escaping (inout Arguments) throws -> Value) { r[name] = Builtin(name, f) }
        func picture(_ c: Canvas, _ title: String, notes: [String] = []) -> Value { .picture(Figure(c, title: title, notes: notes)) }
        func batch(_ a: Arguments, _ i: Int) throws -> Tensor {
            let v = try a.require(i, "images")
            if case .dataset = v { return try images(of: Coerce.dataset(v, what: a.function, at: a.span(i)), a, i) }
            if case .datasets = v { return try images(of: Coerce.dataset(v, what: a.function, at: a.span(i)), a, i) }
            return try images(a.tensor(i, "images"), a, i)
        }

        add("grid") { a in
            let columns = try a.optionalInt("columns"), scale = try a.int("scale", default: 2)
            try a.finish(maxPositional: 1)
            return .picture(Figure(try Picture.grid(try batch(a, 0), columns: columns), scale: clampScale(scale), title: "grid"))
        }
        add("filters") { a in
            try a.finish(maxPositional: 1)
            let v = try a.require(0, "conv layer or weight")
            var weight: Tensor
            switch v {
            case .layer(let l):
                guard let w = l.parameters.first(where: { $0.0 == "weight" })?.1.value else {
                    throw RuntimeError("filters: \(l.description) has no weights yet; use it in a model first", at: a.span(0))
                }
                weight = w
            case .model(let m):
                guard let conv = m.nodes.first(where: { $0.layer is Conv2d })?.layer,
                      let w = conv.parameters.first(where: { $0.0 == "weight" })?.1.value else {
                    throw RuntimeError("filters: the model has no shaped conv layer", at: a.span(0))
                }
                weight = w
            default: weight = try a.tensor(0, "weight")
            }
            guard weight.rank == 4, weight.count > 0 else {
                throw RuntimeError("filters: expected conv weights [out, in, kh, kw], got shape \(describeShape(weight.shape))", at: a.span(0))
            }
            return .picture(try Picture.filtersFigure(weight))
        }
        add("featuremaps") { a in
            let columns = try a.optionalInt("columns")
            try a.finish(maxPositional: 1)
            let maps = try a.tensor(0, "feature maps")
            guard (maps.rank == 3 || (maps.rank == 4 && maps.shape[0] == 1)), maps.count > 0 else {
                throw RuntimeError("featuremaps: expected maps [C, H, W] or [1, C, H, W], got shape \(describeShape(maps.shape))", at: a.span(0))
            }
            return .picture(try Picture.featureMapsFigure(maps, columns: columns))
        }
        add("pairs") { a in
            try a.finish(maxPositional: 2)
            return picture(try Picture.pairs(inputs: try batch(a, 0), outputs: try batch(a, 1)), "pairs",
                           notes: ["input (top), output (bottom)"])
        }
        add("row") { a in
            try a.finish(maxPositional: 1)
            if case .list(let items)? = a.value(0) {
                let ts = try items.map { try Coerce.tensor($0, what: "row: an image", at: a.span(0)) }
                guard !ts.isEmpty else { throw RuntimeError("row: no images", at: a.span(0)) }
                return picture(try Picture.row(try images(Tensor.stack(ts, axis: 0), a, 0)), "row")
            }
            return picture(try Picture.row(try batch(a, 0)), "row")
        }
        add("matrix") { a in
            try a.finish(maxPositional: 1)
            let m = try a.tensor(0)
            guard (1...2).contains(m.rank), m.count > 0, m.count <= 4096 else {
                throw RuntimeError("matrix: expected a vector or matrix of at most 4,096 numbers, got shape \(describeShape(m.shape))", at: a.span(0))
            }
            // The numbers as text too: a character terminal cannot draw them legibly.
            let cols = m.rank == 2 ? m.shape[1] : m.count
            let rows = stride(from: 0, to: m.count, by: cols).map { i in
                m.scalars[i..<(i + cols)].map { Printer.number(Double($0)) }.joined(separator: "  ")
            }
            return picture(try Picture.matrix(m), "matrix", notes: rows)
        }
        add("bars") { a in
            try a.finish(maxPositional: 1)
            let p = try a.tensor(0, "probabilities")
            guard (1...1000).contains(p.count) else {
                throw RuntimeError("bars: expected between 1 and 1,000 probabilities, got \(p.count)", at: a.span(0))
            }
            let values = p.scalars.map(Double.init)
            let top = values.indices.max { values[$0] < values[$1] }
            let text = values.enumerated().map { "\($0.offset): " + String(format: "%.2f", $0.element) }.joined(separator: "  ")
            return picture(try Picture.bars(values, highlight: top), "bars", notes: [text])
        }
        add("lossplot") { a in
            try a.finish(maxPositional: 1)
            guard case .model(let m)? = a.value(0) else {
                throw RuntimeError("lossplot: argument 1 must be a trained model", at: a.span(0))
            }
            guard !m.history.isEmpty else { throw RuntimeError("lossplot: the model has not been trained yet", at: a.span(0)) }
            return .picture(try Picture.lossFigure(ModelSupport.lossHistory(m.history)))
        }
        add("latentmap") { a in
            try a.finish(maxPositional: 2)
            guard let encoder = try ModelSupport.asModel(try a.require(0, "encoder")) else {
                throw RuntimeError("latentmap: argument 1 must be an encoder model", at: a.span(0))
            }
            let d = try Coerce.dataset(try a.require(1, "dataset"), what: "latentmap: the data", at: a.span(1))
            guard d.count >= 2, d.count <= 5_000 else {
                throw RuntimeError("latentmap: use between 2 and 5,000 images, e.g. mnist.test[0..1000]", at: a.span(1))
            }
            let (x, labels) = try d.batch(0..<d.count)
            let codes = try Autodiff.withoutGrad { try encoder(x) }
            return .picture(try Picture.latentMapFigure(try codes.reshape([d.count, -1]), labels: labels))
        }
        add("confusion") { a in
            try a.finish(maxPositional: 2)
            guard let m = try ModelSupport.asModel(try a.require(0, "classifier")) else {
                throw RuntimeError("confusion: argument 1 must be a classifier", at: a.span(0))
            }
            let d = try Coerce.dataset(try a.require(1, "dataset"), what: "confusion: the data", at: a.span(1))
            let ev = try Trainer.evaluate(model: m, data: d)
            guard let c = ev.confusion else { throw RuntimeError("confusion: needs a classifier and labelled data", at: a.callSpan) }
            let width = max(3, String(c.joined().max() ?? 0).count)
            func cell(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
            let table = [cell("") + " " + (0..<c.count).map { cell(String($0)) }.joined(separator: " ") + "  ← predicted"]
                + c.enumerated().map { cell(String($0.offset)) + " " + $0.element.map { cell(String($0)) }.joined(separator: " ") }
            return picture(try Picture.confusion(c), "confusion", notes: table + ["rows: true digit"])
        }
    }

    static func images(of d: Dataset, _ a: Arguments, _ i: Int) throws -> Tensor {
        guard d.count >= 1, d.count <= 1_024 else {
            throw RuntimeError("\(a.function): use between 1 and 1,024 images, e.g. \(d.name)[0..64]", at: a.span(i))
        }
        return try d.batch(0..<d.count).images
    }

    /// Picture wants one image [C, H, W] or a batch [N, C, H, W] with 1 or 3 channels
    /// (checked here: a bad shape must be an error, not a trap).
    static func images(_ t: Tensor, _ a: Arguments, _ i: Int) throws -> Tensor {
        let channels = t.rank == 4 ? t.shape[1] : (t.rank == 3 ? t.shape[0] : 0)
        guard (t.rank == 3 || t.rank == 4), channels == 1 || channels == 3, t.count > 0 else {
            throw RuntimeError("\(a.function): expected images [C, H, W] or [N, C, H, W] with 1 or 3 channels, got shape \(describeShape(t.shape))", at: a.span(i))
        }
        return t
    }

    static func clampScale(_ s: Int) -> Int { min(max(s, 1), 16) }
}
