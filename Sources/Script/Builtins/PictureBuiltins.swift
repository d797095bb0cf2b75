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
    /// Images to draw: one [C, H, W], a batch [N, C, H, W] or a dataset slice.
    static let images = Kind.one([.tensor, .dataset])
    static let columns = Parameter.label("columns", .int, default: .none, in: 1...1024)

    static let declarations: [Declaration] = [
        Declaration("show", .pictures, summary: "draws an image, a batch, a dataset slice or a picture",
                    params: [.arg("value", .any, about: "what to show"), .label("caption", .string, default: ""),
                             .label("scale", .int, default: .none, in: 1...64)],
                    examples: ["show mnist.test[0]", "show mnist.test[0..16] caption \"the first digits\"", "mnist.test[0..4].show()"],
                    command: .plain, methodOf: [.dataset]) { c in
            let figure = try Pictures.figure(of: c.value("value") ?? .none, scale: try c.optionalInt("scale"), span: c.span("value"))
            c.host.showPicture(figure, caption: try c.string("caption"))
            return .none
        },
        Declaration("grid", .pictures, summary: "images side by side, as a picture to show or save",
                    params: [.arg("images", images), columns, .label("scale", .int, default: 2, in: 1...16)],
                    examples: ["grid(mnist.test[0..16])", "grid(mnist.test[0..8], columns: 4, scale: 3)"]) { c in
            .picture(Figure(try Picture.grid(try batch(c, "images"), columns: try c.optionalInt("columns")),
                            scale: try c.int("scale"), title: "grid"))
        },
        Declaration("filters", .pictures, summary: "the learnt kernels of a conv layer, one cell each",
                    params: [.arg("layer", .one([.layer, .model, .tensor]), about: "conv layer or weight")],
                    examples: ["ae = autoencoder(latent: 8); filters(ae.encoder[0])", "filters(randn(8, 1, 3, 3))"]) { c in
            .picture(try Picture.filtersFigure(try convWeight(c)))
        },
        Declaration("featuremaps", .pictures, summary: "each channel of a layer's output [C, H, W], one cell each",
                    params: [.arg("maps", .tensor), columns],
                    examples: ["ae = autoencoder(latent: 8); featuremaps(ae.encoder[0..2](mnist.test[0]))"]) { c in
            let maps = try c.tensor("maps")
            guard (maps.rank == 3 || (maps.rank == 4 && maps.shape[0] == 1)), maps.count > 0 else {
                throw RuntimeError("featuremaps: expected maps [C, H, W] or [1, C, H, W], got shape \(describeShape(maps.shape))", at: c.span("maps"))
            }
            return .picture(try Picture.featureMapsFigure(maps, columns: try c.optionalInt("columns")))
        },
        Declaration("pairs", .pictures, summary: "inputs above their reconstructions",
                    params: [.arg("inputs", images), .arg("outputs", images)],
                    examples: ["ae = autoencoder(latent: 8); x = images(mnist.test[0..8]); pairs(x, ae(x))"]) { c in
            picture(try Picture.pairs(inputs: try batch(c, "inputs"), outputs: try batch(c, "outputs")), "pairs",
                    notes: ["input (top), output (bottom)"])
        },
        Declaration("row", .pictures, summary: "images in one strip (an interpolation)",
                    params: [.arg("images", .one([.tensor, .dataset, .list]))],
                    examples: ["row([mnist.test[0], mnist.test[1], mnist.test[2]])", "row(mnist.test[0..5])"]) { c in
            if case .list(let items)? = c.value("images") {
                let ts = try items.map { try Coerce.tensor($0, what: "row: an image", at: c.span("images")) }
                guard !ts.isEmpty else { throw RuntimeError("row: no images", at: c.span("images")) }
                return picture(try Picture.row(try checked(Tensor.stack(ts, axis: 0), c, "images")), "row")
            }
            return picture(try Picture.row(try batch(c, "images")), "row")
        },
        Declaration("matrix", .pictures, summary: "numbers drawn in cells (the pooling and upsampling examples)",
                    params: [.arg("values", .tensor)], examples: ["matrix(tensor([[1, 2], [3, 4]]))"]) { c in
            let m = try c.tensor("values")
            guard (1...2).contains(m.rank), m.count > 0, m.count <= 4096 else {
                throw RuntimeError("matrix: expected a vector or matrix of at most 4,096 numbers, got shape \(describeShape(m.shape))", at: c.span("values"))
            }
            // The numbers as text too: a character terminal cannot draw them legibly.
            let cols = m.rank == 2 ? m.shape[1] : m.count
            let rows = stride(from: 0, to: m.count, by: cols).map { i in
                m.scalars[i..<(i + cols)].map { Printer.number(Double($0)) }.joined(separator: "  ")
            }
            return picture(try Picture.matrix(m), "matrix", notes: rows)
        },
        Declaration("bars", .pictures, summary: "class probabilities as bars, the largest highlighted",
                    params: [.arg("probabilities", .tensor)], examples: ["bars(softmax(tensor([1, 2, 3])))"]) { c in
            let p = try c.tensor("probabilities")
            guard (1...1000).contains(p.count) else {
                throw RuntimeError("bars: expected between 1 and 1,000 probabilities, got \(p.count)", at: c.span("probabilities"))
            }
            let values = p.scalars.map(Double.init)
            let top = values.indices.max { values[$0] < values[$1] }
            let text = values.enumerated().map { "\($0.offset): " + String(format: "%.2f", $0.element) }.joined(separator: "  ")
            return picture(try Picture.bars(values, highlight: top), "bars", notes: [text])
        },
        Declaration("lossplot", .pictures, summary: "training and validation loss per epoch of a trained model",
                    params: [.arg("model", .model)],
                    examples: ["m = autoencoder(latent: 8); fit m mnist.test[0..32] epochs 1 batch 16; lossplot(m)"]) { c in
            let m = try c.model("model")
            guard !m.history.isEmpty else { throw RuntimeError("lossplot: the model has not been trained yet", at: c.span("model")) }
            return .picture(try Picture.lossFigure(ModelSupport.lossHistory(m.history)))
        },
        Declaration("latentmap", .pictures, summary: "the latent space in 2-D (PCA), coloured by digit",
                    params: [.arg("encoder", .model), .arg("data", .dataset)],
                    examples: ["ae = autoencoder(latent: 8); latentmap(ae.encoder, mnist.test[0..100])"]) { c in
            let encoder = try c.model("encoder"), d = try c.dataset("data")
            guard d.count >= 2, d.count <= 5_000 else {
                throw RuntimeError("latentmap: use between 2 and 5,000 images, e.g. mnist.test[0..1000]", at: c.span("data"))
            }
            let (x, labels) = try d.batch(0..<d.count)
            let codes = try Autodiff.withoutGrad { try encoder(x) }
            return .picture(try Picture.latentMapFigure(try codes.reshape([d.count, -1]), labels: labels))
        },
        Declaration("confusion", .pictures, summary: "which digits a classifier mistakes for which",
                    params: [.arg("classifier", .model), .arg("data", .dataset)],
                    examples: ["clf = flatten + fc(10) + softmax; confusion(clf, mnist.test[0..50])"]) { c in
            let ev = try Trainer.evaluate(model: try c.model("classifier"), data: try c.dataset("data"))
            guard let m = ev.confusion else { throw RuntimeError("confusion: needs a classifier and labelled data", at: c.callSpan) }
            let width = max(3, String(m.joined().max() ?? 0).count)
            func cell(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
            let table = [cell("") + " " + (0..<m.count).map { cell(String($0)) }.joined(separator: " ") + "  ← predicted"]
                + m.enumerated().map { cell(String($0.offset)) + " " + $0.element.map { cell(String($0)) }.joined(separator: " ") }
            return picture(try Picture.confusion(m), "confusion", notes: table + ["rows: true digit"])
        },
    ]

    static func picture(_ c: Canvas, _ title: String, notes: [String] = []) -> Value {
        .picture(Figure(c, title: title, notes: notes))
    }

    /// The weights [out, in, kh, kw] of a conv layer, of a model's first conv, or given as a tensor.
    static func convWeight(_ c: Call) throws -> Tensor {
        let weight: Tensor
        switch c.value("layer") {
        case .layer(let l)?:
            guard let w = l.parameters.first(where: { $0.0 == "weight" })?.1.value else {
                throw RuntimeError("filters: \(l.description) has no weights yet; use it in a model first", at: c.span("layer"))
            }
            weight = w
        case .model(let m)?:
            guard let conv = m.nodes.first(where: { $0.layer is Conv2d })?.layer,
                  let w = conv.parameters.first(where: { $0.0 == "weight" })?.1.value else {
                throw RuntimeError("filters: the model has no shaped conv layer", at: c.span("layer"))
            }
            weight = w
        default: weight = try c.tensor("layer")
        }
        guard weight.rank == 4, weight.count > 0 else {
            throw RuntimeError("filters: expected conv weights [out, in, kh, kw], got shape \(describeShape(weight.shape))", at: c.span("layer"))
        }
        return weight
    }

    /// The images of parameter `name`: a tensor as it is, a dataset's first images.
    static func batch(_ c: Call, _ name: String) throws -> Tensor {
        switch c.value(name) {
        case .dataset?, .datasets?:
            let d = try c.dataset(name)
            guard d.count >= 1, d.count <= 1_024 else {
                throw RuntimeError("\(c.function): use between 1 and 1,024 images, e.g. \(d.name)[0..64]", at: c.span(name))
            }
            return try d.batch(0..<d.count).images
        default: return try checked(try c.tensor(name), c, name)
        }
    }

    /// Picture wants one image [C, H, W] or a batch [N, C, H, W] with 1 or 3 channels
    /// (checked here: a bad shape must be an error, not a trap).
    static func checked(_ t: Tensor, _ c: Call, _ name: String) throws -> Tensor {
        let channels = t.rank == 4 ? t.shape[1] : (t.rank == 3 ? t.shape[0] : 0)
        guard (t.rank == 3 || t.rank == 4), channels == 1 || channels == 3, t.count > 0 else {
            throw RuntimeError("\(c.function): expected images [C, H, W] or [N, C, H, W] with 1 or 3 channels, got shape \(describeShape(t.shape))", at: c.span(name))
        }
        return t
    }
}
