import Tensor

/// Naive loops (Double accumulation) used as an independent oracle for the fast
/// backend's kernels; deliberately written without any reuse of backend code.
enum Oracle {
    static func conv(_ x: [Float], _ w: [Float], _ b: [Float]?, _ g: ConvGeometry) -> [Float] {
        let (N, C, H, W, O) = (g.batch, g.inChannels, g.height, g.width, g.outChannels)
        let (KH, KW, S, P, G) = (g.kernelH, g.kernelW, g.stride, g.padding, g.groups)
        let (OH, OW) = (g.outHeight, g.outWidth)
        let cg = C / G, og = O / G
        var y = [Float](repeating: 0, count: N * O * OH * OW)
        for n in 0..<N { for o in 0..<O { let gr = o / og
            for oh in 0..<OH { for ow in 0..<OW {
                var s: Double = b.map { Double($0[o]) } ?? 0
                for ci in 0..<cg { let c = gr * cg + ci
                    for kh in 0..<KH { let ih = oh * S - P + kh; if ih < 0 || ih >= H { continue }
                        for kw in 0..<KW { let iw = ow * S - P + kw; if iw < 0 || iw >= W { continue }
                            s += Double(x[((n * C + c) * H + ih) * W + iw]) * Double(w[((o * cg + ci) * KH + kh) * KW + kw])
                        } } }
                y[((n * O + o) * OH + oh) * OW + ow] = Float(s)
            } } } }
        return y
    }

    static func convBackwardData(_ gy: [Float], _ w: [Float], _ g: ConvGeometry) -> [Float] {
        let (N, C, H, W, O) = (g.batch, g.inChannels, g.height, g.width, g.outChannels)
        let (KH, KW, S, P, G) = (g.kernelH, g.kernelW, g.stride, g.padding, g.groups)
        let (OH, OW) = (g.outHeight, g.outWidth)
        let cg = C / G, og = O / G
        var dx = [Double](repeating: 0, count: N * C * H * W)
        for n in 0..<N { for o in 0..<O { let gr = o / og
            for oh in 0..<OH { for ow in 0..<OW {
                let d = Double(gy[((n * O + o) * OH + oh) * OW + ow])
                for ci in 0..<cg { let c = gr * cg + ci
                    for kh in 0..<KH { let ih = oh * S - P + kh; if ih < 0 || ih >= H { continue }
                        for kw in 0..<KW { let iw = ow * S - P + kw; if iw < 0 || iw >= W { continue }
                            dx[((n * C + c) * H + ih) * W + iw] += d * Double(w[((o * cg + ci) * KH + kh) * KW + kw])
                        } } }
            } } } }
        return dx.map { Float($0) }
    }

    static func convBackwardWeights(_ gy: [Float], _ x: [Float], _ g: ConvGeometry) -> ([Float], [Float]) {
        let (N, C, H, W, O) = (g.batch, g.inChannels, g.height, g.width, g.outChannels)
        let (KH, KW, S, P, G) = (g.kernelH, g.kernelW, g.stride, g.padding, g.groups)
        let (OH, OW) = (g.outHeight, g.outWidth)
        let cg = C / G, og = O / G
        var dw = [Double](repeating: 0, count: O * cg * KH * KW)
        var db = [Double](repeating: 0, count: O)
        for n in 0..<N { for o in 0..<O { let gr = o / og
            for oh in 0..<OH { for ow in 0..<OW {
                let d = Double(gy[((n * O + o) * OH + oh) * OW + ow])
                db[o] += d
                for ci in 0..<cg { let c = gr * cg + ci
                    for kh in 0..<KH { let ih = oh * S - P + kh; if ih < 0 || ih >= H { continue }
                        for kw in 0..<KW { let iw = ow * S - P + kw; if iw < 0 || iw >= W { continue }
                            dw[((o * cg + ci) * KH + kh) * KW + kw] += d * Double(x[((n * C + c) * H + ih) * W + iw])
                        } } }
            } } } }
        return (dw.map { Float($0) }, db.map { Float($0) })
    }

    static func pool(_ x: [Float], _ g: PoolGeometry) -> [Float] {
        let (NC, H, W, K, S, OH, OW) = (g.batch * g.channels, g.height, g.width, g.kernel, g.stride, g.outHeight, g.outWidth)
        var y = [Float](repeating: 0, count: NC * OH * OW)
        for p in 0..<NC { for oh in 0..<OH { for ow in 0..<OW {
            var m = -Float.infinity; var s: Double = 0
            for kh in 0..<K { for kw in 0..<K {
                let v = x[(p * H + oh * S + kh) * W + ow * S + kw]; m = max(m, v); s += Double(v) } }
            y[(p * OH + oh) * OW + ow] = g.kind == .max ? m : Float(s / Double(K * K))
        } } }
        return y
    }

    static func poolBackward(_ gy: [Float], _ x: [Float], _ g: PoolGeometry) -> [Float] {
        let (NC, H, W, K, S, OH, OW) = (g.batch * g.channels, g.height, g.width, g.kernel, g.stride, g.outHeight, g.outWidth)
        var dx = [Float](repeating: 0, count: NC * H * W)
        for p in 0..<NC { for oh in 0..<OH { for ow in 0..<OW {
            let d = gy[(p * OH + oh) * OW + ow]
            if g.kind == .max {
                var bi = -1; var m = -Float.infinity
                for kh in 0..<K { for kw in 0..<K {
                    let i = (p * H + oh * S + kh) * W + ow * S + kw; if x[i] > m { m = x[i]; bi = i } } }
                dx[bi] += d
            } else {
                for kh in 0..<K { for kw in 0..<K { dx[(p * H + oh * S + kh) * W + ow * S + kw] += d / Float(K * K) } }
            }
        } } }
        return dx
    }

    static func upsample(_ x: [Float], _ s: [Int], _ f: Int) -> [Float] {
        let (NC, H, W) = (s[0] * s[1], s[2], s[3])
        var y = [Float](repeating: 0, count: NC * H * W * f * f)
        for p in 0..<NC { for h in 0..<H * f { for w in 0..<W * f {
            y[(p * H * f + h) * W * f + w] = x[(p * H + h / f) * W + w / f] } } }
        return y
    }

    static func upsampleBackward(_ gy: [Float], _ s: [Int], _ f: Int) -> [Float] {
        let (NC, H, W) = (s[0] * s[1], s[2], s[3])
        var dx = [Float](repeating: 0, count: NC * H * W)
        for p in 0..<NC { for h in 0..<H * f { for w in 0..<W * f {
            dx[(p * H + h / f) * W + w / f] += gy[(p * H * f + h) * W * f + w] } } }
        return dx
    }

    static func activation(_ x: Float, _ a: Activation) -> Float {
        switch a {
        case .relu: return max(x, 0)
        case .leakyRelu(let s): return x > 0 ? x : s * x
        case .sigmoid: return 1 / (1 + Float(Foundation_exp(Double(-x))))
        case .tanh: return Float(Foundation_tanh(Double(x)))
        }
    }

    static func activationGrad(_ x: Float, _ a: Activation) -> Float {
        switch a {
        case .relu: return x > 0 ? 1 : 0
        case .leakyRelu(let s): return x > 0 ? 1 : s
        case .sigmoid: let y = activation(x, a); return y * (1 - y)
        case .tanh: let y = activation(x, a); return 1 - y * y
        }
    }

    static func matmul(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int, ta: Bool, tb: Bool) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n {
            var s: Double = 0
            for p in 0..<k {
                let av = ta ? a[p * m + i] : a[i * k + p]
                let bv = tb ? b[j * k + p] : b[p * n + j]
                s += Double(av) * Double(bv)
            }
            c[i * n + j] = Float(s)
        } }
        return c
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func Foundation_exp(_ x: Double) -> Double { Glibc.exp(x) }
@inline(__always) func Foundation_tanh(_ x: Double) -> Double { Glibc.tanh(x) }
#else
import Darwin
@inline(__always) func Foundation_exp(_ x: Double) -> Double { Darwin.exp(x) }
@inline(__always) func Foundation_tanh(_ x: Double) -> Double { Darwin.tanh(x) }
#endif

/// A tiny deterministic generator for test inputs.
struct TestRNG {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &* 0x9E3779B97F4A7C15 | 1 }
    mutating func next() -> Float {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(state >> 40) / Float(1 << 24) * 2 - 1   // [-1, 1)
    }
    mutating func array(_ n: Int) -> [Float] { (0..<n).map { _ in next() } }
    mutating func tensor(_ shape: [Int]) -> Tensor {
        try! Tensor(shape: shape, scalars: array(shape.reduce(1, *)))
    }
}
