import Tensor
import NN
import Data
import Picture

/// `explore ae` — the latent space, live: the test codes' PCA map with a cursor the arrow
/// keys move, the decoder's image for the point under it redrawn at every move, `[` / `]`
/// for other principal directions, Enter to take the point (`z = explore ae`), q to leave.
/// Without a terminal (a script's log, the notebook) it returns a grid of decoded points.
///
///     z = explore ae                      # 1,000 test digits on the map
///     z = explore(ae, mnist.test[0..3000])
enum ExploreBuiltins {
    static func register(_ r: inout [String: Builtin]) {
        r["explore"] = Builtin("explore") { a in
            try a.finish(maxPositional: 2)
            guard case .model(let m)? = a.value(0), m.partNames.contains("encoder"), m.partNames.contains("decoder") else {
                throw RuntimeError("explore: argument 1 must be an autoencoder with .encoder and .decoder parts, e.g. explore ae", at: a.span(0))
            }
            let data: Dataset
            if let v = a.value(1) {
                data = try Coerce.dataset(v, what: "explore: the data", at: a.span(1))
            } else if let mnist = a.interpreter.constants["mnist"] {
                guard case .datasets(let pair) = mnist else { throw RuntimeError("explore: mnist is not available", at: a.callSpan) }
                let test = try pair.test()
                data = try test.slice(0..<min(1000, test.count))
            } else {
                throw RuntimeError("explore: give the images to map, e.g. explore(ae, mnist.test[0..1000])", at: a.callSpan)
            }
            guard data.count >= 2, data.count <= 10_000 else {
                throw RuntimeError("explore: use between 2 and 10,000 images, e.g. mnist.test[0..1000]", at: a.span(1))
            }
            let encoder = try m.part("encoder"), decoder = try m.part("decoder")
            let (x, labels) = try data.batch(0..<data.count)
            let codes = try Autodiff.withoutGrad { try encoder(x) }
            let sample = Array(codes.shape.dropFirst())
            let explorer: LatentExplorer
            do {
                explorer = try LatentExplorer(codes: try codes.reshape([data.count, -1]), labels: labels.isEmpty ? [Int](repeating: 0, count: data.count) : labels,
                                           codeShape: sample) { z in
                    try Autodiff.withoutGrad { try decoder(z) }
                }
            } catch let e as PictureError {
                throw RuntimeError(e.description, at: a.callSpan)
            }
            switch a.host.explore(explorer) {
            case .chosen(let z): return .tensor(z)
            case .left: return .none
            case .unavailable: return .picture(try explorer.grid())
            }
        }
    }
}
