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
    static let declarations: [Declaration] = [
        Declaration("explore", .pictures, summary: "the latent space, live: arrows move, Enter takes the point",
                    details: ["the test codes' PCA map with a cursor, the decoded image beside it redrawn at every",
                              "move, [ and ] for other principal directions; without a terminal, a grid of decoded points"],
                    params: [.arg("model", .model), .arg("data", .dataset, optional: true)],
                    examples: ["ae = autoencoder(latent: 8); z = explore ae", "ae = autoencoder(latent: 8); explore(ae, mnist.test[0..100])"],
                    command: .plain, methodOf: [.model]) { c in
            let m = try c.model("model")
            guard m.partNames.contains("encoder"), m.partNames.contains("decoder") else {
                throw RuntimeError("explore: argument 1 must be an autoencoder with .encoder and .decoder parts, e.g. explore ae", at: c.span("model"))
            }
            let data: Dataset
            if c.has("data") {
                data = try c.dataset("data")
            } else if let mnist = c.interpreter.constants["mnist"] {
                guard case .datasets(let pair) = mnist else { throw RuntimeError("explore: mnist is not available", at: c.callSpan) }
                let test = try pair.test()
                data = try test.slice(0..<min(1000, test.count))
            } else {
                throw RuntimeError("explore: give the images to map, e.g. explore(ae, mnist.test[0..1000])", at: c.callSpan)
            }
            guard data.count >= 2, data.count <= 10_000 else {
                throw RuntimeError("explore: use between 2 and 10,000 images, e.g. mnist.test[0..1000]", at: c.span("data"))
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
                throw RuntimeError(e.description, at: c.callSpan)
            }
            switch c.host.explore(explorer) {
            case .chosen(let z): return .tensor(z)
            case .left: return .none
            case .unavailable: return .picture(try explorer.grid())
            }
        },
    ]
}
