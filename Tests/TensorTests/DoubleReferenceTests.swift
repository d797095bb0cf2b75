import Testing
@testable import Tensor

/// Conv and linear against a naive forward written in Double: forward values to
/// 1e-5 and gradients (central differences of the Double forward) to 1e-4,
/// on every backend.
@Suite struct DoubleReferenceTests {
    /// y[n, o, i, j] = b[o] + Σ w[o, c, ky, kx] · x[n, g·cin + c, i·s − p + ky, j·s − p + kx]
    static func conv(_ x: [Double], _ w: [Double], _ b: [Double], _ g: ConvGeometry) -> [Double] {
        let cin = g.inChannels / g.groups, cout = g.outChannels / g.groups
        var y = [Double](repeating: 0, count: g.outputShape.reduce(1, *))
        for n in 0..<g.batch {
            for o in 0..<g.outChannels {
                for i in 0..<g.outHeight {
                    for j in 0..<g.outWidth {
                        var s = b[o]
                        for c in 0..<cin {
                            let ch = (o / cout) * cin + c
                            for ky in 0..<g.kernelH {
                                for kx in 0..<g.kernelW {
                                    let (yy, xx) = (i * g.stride - g.padding + ky, j * g.stride - g.padding + kx)
                                    guard yy >= 0, yy < g.height, xx >= 0, xx < g.width else { continue }
                                    s += w[((o * cin + c) * g.kernelH + ky) * g.kernelW + kx]
                                        * x[((n * g.inChannels + ch) * g.height + yy) * g.width + xx]
                                }
                            }
                        }
                        y[((n * g.outChannels + o) * g.outHeight + i) * g.outWidth + j] = s
                    }
                }
            }
        }
        return y
    }

    /// d/d(inputs[k]) of Σ f(inputs) · seed, by central differences in Double.
    static func numericGradients(_ inputs: [[Double]], seed: [Double], _ f: ([[Double]]) -> [Double]) -> [[Float]] {
        let h = 1e-6
        var xs = inputs
        return inputs.indices.map { k in
            inputs[k].indices.map { i in
                let v = xs[k][i]
                xs[k][i] = v + h
                let up = zip(f(xs), seed).reduce(0) { $0 + $1.0 * $1.1 }
                xs[k][i] = v - h
                let down = zip(f(xs), seed).reduce(0) { $0 + $1.0 * $1.1 }
                xs[k][i] = v
                return Float((up - down) / (2 * h))
            }
        }
    }

    struct ConvCase: Sendable, CustomTestStringConvertible {
        var n = 2, c = 4, h = 7, w = 6, o = 4, k = 3, stride = 1, padding = 1, groups = 1
        var testDescription: String { "n\(n) c\(c) \(h)×\(w) o\(o) k\(k) s\(stride) p\(padding) g\(groups)" }
    }

    static let convCases: [ConvCase] = [
        ConvCase(),
        ConvCase(stride: 2, padding: 0),
        ConvCase(h: 5, w: 5, k: 5, padding: 2),
        ConvCase(k: 1, padding: 0),
        ConvCase(o: 8, groups: 2),
        ConvCase(groups: 4),                       // depthwise
        ConvCase(c: 4, h: 9, w: 9, o: 4, k: 3, stride: 2, padding: 1, groups: 4),
        ConvCase(n: 1, c: 1, h: 6, w: 6, o: 3, k: 3, stride: 3, padding: 2),
    ]

    @Test(arguments: backendNames, convCases)
    func conv2d(backend: String, c: ConvCase) throws {
        let g = ConvGeometry(batch: c.n, inChannels: c.c, height: c.h, width: c.w, outChannels: c.o,
                             kernelH: c.k, kernelW: c.k, stride: c.stride, padding: c.padding, groups: c.groups)
        let xv = noise(g.inputShape.reduce(1, *), seed: 40), wv = noise(g.weightShape.reduce(1, *), seed: 41)
        let bv = noise(c.o, seed: 42)
        let x = param(g.inputShape, xv), w = param(g.weightShape, wv), b = param([c.o], bv)
        let seed = noise(g.outputShape.reduce(1, *), seed: 43)
        let y = try withBackend(backend) { () throws -> Tensor in
            let y = try x.conv2d(weight: w, bias: b, stride: c.stride, padding: c.padding, groups: c.groups)
            try y.backward(seed: tensor(y.shape, seed))
            return y
        }
        let d = [xv, wv, bv].map { $0.map(Double.init) }
        let f = { (v: [[Double]]) in Self.conv(v[0], v[1], v[2], g) }
        #expect(y.shape == g.outputShape)
        expectClose(y.scalars, f(d).map(Float.init), tol: 1e-5, "forward")
        let grads = Self.numericGradients(d, seed: seed.map(Double.init), f)
        for (name, t, expected) in zip3(["x", "weight", "bias"], [x, w, b], grads) {
            expectClose(t.grad?.scalars ?? [], expected, tol: 1e-4, "grad \(name)")
        }
    }

    @Test(arguments: backendNames)
    func linear(backend: String) throws {
        let (n, inF, outF) = (5, 7, 3)
        let xv = noise(n * inF, seed: 44), wv = noise(outF * inF, seed: 45), bv = noise(outF, seed: 46)
        let x = param([n, inF], xv), w = param([outF, inF], wv), b = param([outF], bv)
        let seed = noise(n * outF, seed: 47)
        let y = try withBackend(backend) { () throws -> Tensor in
            let y = try x.linear(weight: w, bias: b)
            try y.backward(seed: tensor(y.shape, seed))
            return y
        }
        let f = { (v: [[Double]]) -> [Double] in
            (0..<(n * outF)).map { k in
                let (i, o) = (k / outF, k % outF)
                return v[2][o] + (0..<inF).reduce(0) { $0 + v[0][i * inF + $1] * v[1][o * inF + $1] }
            }
        }
        let d = [xv, wv, bv].map { $0.map(Double.init) }
        expectClose(y.scalars, f(d).map(Float.init), tol: 1e-5, "forward")
        let grads = Self.numericGradients(d, seed: seed.map(Double.init), f)
        for (name, t, expected) in zip3(["x", "weight", "bias"], [x, w, b], grads) {
            expectClose(t.grad?.scalars ?? [], expected, tol: 1e-4, "grad \(name)")
        }
    }
}

func zip3<A, B, C>(_ a: [A], _ b: [B], _ c: [C]) -> [(A, B, C)] {
    (0..<Swift.min(a.count, b.count, c.count)).map { (a[$0], b[$0], c[$0]) }
}
