import Tensor
#if canImport(Glibc)
import Glibc
#endif

/// The reference autoencoder of bench/torch_ref.py, written directly against a
/// ComputeBackend: forward, hand-written backward, BCE loss and Adam(lr 1e-3).
/// (No dependency on the op layer or NN module, so it measures the kernels.)
final class Autoencoder {
    struct ConvLayer {
        let g: ConvGeometry
        let weight: Tensor
        let bias: Tensor
    }

    let batch: Int
    let convs: [ConvLayer]
    let pools: [PoolGeometry]
    private var adam: Adam

    /// Layer shapes: (in, out, padding, input spatial size).
    static let spec: [(Int, Int, Int, Int)] = [
        (1, 16, 1, 28), (16, 8, 1, 14), (8, 8, 1, 7),       // encoder
        (8, 8, 2, 3), (8, 8, 2, 5), (8, 16, 1, 14), (16, 1, 1, 28),  // decoder
    ]
    static let names = ["enc.conv1 1→16 28²", "enc.conv2 16→8 14²", "enc.conv3 8→8 7²",
                        "dec.conv1 8→8 3²→5²", "dec.conv2 8→8 5²→7²", "dec.conv3 8→16 14²", "dec.conv4 16→1 28²"]

    init(batch: Int, seed: UInt64 = 0) {
        self.batch = batch
        var rng = SplitMix(seed)
        convs = Autoencoder.spec.map { (cin, cout, p, hw) in
            let g = ConvGeometry(batch: batch, inChannels: cin, height: hw, width: hw, outChannels: cout,
                                 kernelH: 3, kernelW: 3, stride: 1, padding: p, groups: 1)
            // PyTorch's default init: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
            let bound = 1 / Float(cin * 9).squareRoot()
            let w = try! Tensor(shape: g.weightShape, scalars: (0..<(cout * cin * 9)).map { _ in rng.uniform(-bound, bound) })
            let b = try! Tensor(shape: [cout], scalars: (0..<cout).map { _ in rng.uniform(-bound, bound) })
            w.requiresGrad = true; b.requiresGrad = true
            return ConvLayer(g: g, weight: w, bias: b)
        }
        pools = [(16, 28), (8, 14), (8, 7)].map { (c, hw) in
            PoolGeometry(kind: .max, batch: batch, channels: c, height: hw, width: hw, kernel: 2, stride: 2)
        }
        adam = Adam(params: convs.flatMap { [$0.weight, $0.bias] })
    }

    var parameterCount: Int { convs.reduce(0) { $0 + $1.weight.count + $1.bias.count } }

    /// Every intermediate of one forward pass (kept for the backward pass).
    struct Trace {
        var x: Tensor
        var c: [Tensor] = []     // conv outputs
        var a: [Tensor] = []     // activation outputs
        var p: [Tensor] = []     // pool outputs
        var u: [Tensor] = []     // upsample outputs
        var out: Tensor { a[6] }
        /// The input each conv saw.
        var convInputs: [Tensor] { [x, p[0], p[1], p[2], a[3], u[0], u[1]] }
    }

    func forward(_ x: Tensor, _ be: ComputeBackend) -> Trace {
        var t = Trace(x: x)
        func conv(_ i: Int, _ input: Tensor) -> Tensor {
            let y = be.conv2d(input, weight: convs[i].weight, bias: convs[i].bias, convs[i].g)
            t.c.append(y)
            return y
        }
        func act(_ v: Tensor, _ a: Activation) -> Tensor { let y = be.activation(v, a); t.a.append(y); return y }
        func pool(_ i: Int, _ v: Tensor) -> Tensor { let y = be.pool2d(v, pools[i]); t.p.append(y); return y }
        func up(_ v: Tensor) -> Tensor { let y = be.upsampleNearest(v, scale: 2); t.u.append(y); return y }
        var h = pool(0, act(conv(0, x), .relu))
        h = pool(1, act(conv(1, h), .relu))
        h = pool(2, act(conv(2, h), .sigmoid))
        // flatten → 72 → unflatten (8, 3, 3): the same values, layout untouched.
        h = act(conv(3, h), .relu)
        h = up(act(conv(4, h), .relu))
        h = up(act(conv(5, h), .relu))
        _ = act(conv(6, h), .sigmoid)
        return t
    }

    /// Binary cross-entropy (mean; log clamped at -100 like PyTorch) and its gradient.
    static func bce(_ p: Tensor, _ target: Tensor) -> (Float, Tensor) {
        let n = p.count
        let pp = p.plain, tp = target.plain
        let g = Tensor.empty(p.shape)
        let gp = g.plain
        var loss: Double = 0
        let inv = 1 / Float(n)
        for i in 0..<n {
            let pi = pp[i], ti = tp[i]
            loss -= Double(ti * max(logf(pi), -100) + (1 - ti) * max(logf(1 - pi), -100))
            gp[i] = (pi - ti) / max((1 - pi) * pi, 1e-12) * inv
        }
        return (Float(loss / Double(n)), g)
    }

    /// Gradients of every parameter, in `convs` order (weight, bias).
    func backward(_ t: Trace, _ gOut: Tensor, _ be: ComputeBackend) -> [(Tensor, Tensor)] {
        var grads = [(Tensor, Tensor)?](repeating: nil, count: 7)
        let ins = t.convInputs
        func convBack(_ i: Int, _ gy: Tensor, needInput: Bool = true) -> Tensor? {
            let (dw, db) = be.conv2dBackwardWeights(gy, x: ins[i], convs[i].g, withBias: true)
            grads[i] = (dw, db!)
            return needInput ? be.conv2dBackwardData(gy, weight: convs[i].weight, convs[i].g) : nil
        }
        var g = be.activationBackward(gOut, x: t.c[6], y: t.a[6], .sigmoid)
        g = convBack(6, g)!
        g = be.upsampleNearestBackward(g, scale: 2)
        g = be.activationBackward(g, x: t.c[5], y: t.a[5], .relu)
        g = convBack(5, g)!
        g = be.upsampleNearestBackward(g, scale: 2)
        g = be.activationBackward(g, x: t.c[4], y: t.a[4], .relu)
        g = convBack(4, g)!
        g = be.activationBackward(g, x: t.c[3], y: t.a[3], .relu)
        g = convBack(3, g)!
        g = be.pool2dBackward(g, x: t.a[2], y: t.p[2], pools[2])
        g = be.activationBackward(g, x: t.c[2], y: t.a[2], .sigmoid)
        g = convBack(2, g)!
        g = be.pool2dBackward(g, x: t.a[1], y: t.p[1], pools[1])
        g = be.activationBackward(g, x: t.c[1], y: t.a[1], .relu)
        g = convBack(1, g)!
        g = be.pool2dBackward(g, x: t.a[0], y: t.p[0], pools[0])
        g = be.activationBackward(g, x: t.c[0], y: t.a[0], .relu)
        _ = convBack(0, g, needInput: false)
        return grads.map { $0! }
    }

    /// One training step: forward, loss, backward, Adam. Returns the loss.
    @discardableResult
    func step(_ x: Tensor, _ be: ComputeBackend) -> Float {
        let t = forward(x, be)
        let (loss, gOut) = Autoencoder.bce(t.out, x)
        let grads = backward(t, gOut, be)
        adam.step(grads.flatMap { [$0.0, $0.1] })
        return loss
    }
}

/// Adam(lr 1e-3, betas 0.9/0.999, eps 1e-8), as torch.optim.Adam.
struct Adam {
    let params: [Tensor]
    var m: [[Float]], v: [[Float]]
    var t = 0
    let lr: Float = 1e-3, b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8

    init(params: [Tensor]) {
        self.params = params
        m = params.map { [Float](repeating: 0, count: $0.count) }
        v = m
    }

    mutating func step(_ grads: [Tensor]) {
        t += 1
        let bc1 = 1 - powf(b1, Float(t)), bc2 = 1 - powf(b2, Float(t))
        for (i, p) in params.enumerated() {
            let pp = p.plain, gp = grads[i].plain
            let n = p.count
            m[i].withUnsafeMutableBufferPointer { mb in
                v[i].withUnsafeMutableBufferPointer { vb in
                    for j in 0..<n {
                        let g = gp[j]
                        mb[j] = b1 * mb[j] + (1 - b1) * g
                        vb[j] = b2 * vb[j] + (1 - b2) * g * g
                        pp[j] -= lr * (mb[j] / bc1) / ((vb[j] / bc2).squareRoot() + eps)
                    }
                }
            }
        }
    }
}

/// Deterministic numbers for weights and synthetic images.
struct SplitMix {
    var s: UInt64
    init(_ seed: UInt64) { s = seed }
    mutating func next() -> UInt64 {
        s &+= 0x9E3779B97F4A7C15
        var z = s
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ lo: Float, _ hi: Float) -> Float {
        lo + (hi - lo) * Float(next() >> 40) / Float(1 << 24)
    }
}
