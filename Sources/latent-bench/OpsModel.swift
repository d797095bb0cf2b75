import Tensor
#if canImport(Glibc)
import Glibc
#endif

/// The same autoencoder written with the Tensor op API and autodiff (the path the
/// REPL uses): ops record their backward, `loss.backward()` fills `.grad`.
final class OpsAutoencoder {
    let weights: [Tensor], biases: [Tensor]
    private var adam: Adam

    init(seed: UInt64 = 0) {
        var rng = SplitMix(seed)
        var ws: [Tensor] = [], bs: [Tensor] = []
        for (cin, cout, _, _) in Autoencoder.spec {
            let bound = 1 / Float(cin * 9).squareRoot()
            let w = try! Tensor(shape: [cout, cin, 3, 3], scalars: (0..<(cout * cin * 9)).map { _ in rng.uniform(-bound, bound) })
            let b = try! Tensor(shape: [cout], scalars: (0..<cout).map { _ in rng.uniform(-bound, bound) })
            w.requiresGrad = true; b.requiresGrad = true
            ws.append(w); bs.append(b)
        }
        weights = ws; biases = bs
        adam = Adam(params: zip(ws, bs).flatMap { [$0, $1] })
    }

    func loss(_ x: Tensor) throws -> Tensor {
        func conv(_ i: Int, _ h: Tensor) throws -> Tensor {
            try h.conv2d(weight: weights[i], bias: biases[i], padding: Autoencoder.spec[i].2)
        }
        var h = try conv(0, x).relu().maxPool2d(kernel: 2)
        h = try conv(1, h).relu().maxPool2d(kernel: 2)
        h = try conv(2, h).sigmoid().maxPool2d(kernel: 2).flatten()          // [N, 72]
        h = try h.unflatten(dim: 1, sizes: [8, 3, 3])
        h = try conv(3, h).relu()
        h = try conv(4, h).relu().upsampleNearest(scale: 2)
        h = try conv(5, h).relu().upsampleNearest(scale: 2)
        h = try conv(6, h).sigmoid()
        return try h.binaryCrossEntropy(x)
    }

    @discardableResult
    func step(_ x: Tensor) throws -> Float {
        for p in adam.params { p.grad = nil }
        let l = try loss(x)
        try l.backward()
        let grads = try adam.params.map { p -> Tensor in
            if let g = p.grad { return g }
            return try Tensor(zeros: p.shape)
        }
        adam.step(grads)
        return l.item
    }
}
