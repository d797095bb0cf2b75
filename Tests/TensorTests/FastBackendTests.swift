import Testing
@testable import Tensor

/// The fast (oneDNN) backend against naive loops, forward and backward, on plain
/// and blocked inputs; plus a chain whose intermediates stay blocked.
@Suite("FastBackend", .serialized)
struct FastBackendTests {
    let fast = FastBackend.shared
    /// The project's oracle; the naive loops in FastOracle.swift are a second, independent one.
    let ref = ReferenceBackend.shared

    func expectClose(_ got: [Float], _ want: [Float], _ what: String, tol: Float = 1e-4,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == want.count, "\(what): count \(got.count) vs \(want.count)", sourceLocation: sourceLocation)
        guard got.count == want.count else { return }
        var maxDiff: Float = 0, scale: Float = 1e-6
        for (a, b) in zip(got, want) { maxDiff = max(maxDiff, abs(a - b)); scale = max(scale, abs(b)) }
        #expect(maxDiff <= tol * scale, "\(what): max diff \(maxDiff), scale \(scale)", sourceLocation: sourceLocation)
    }

    /// A random input in the blocked layout a convolution produces (conv with a
    /// 1x1 identity kernel), so kernels also see non-plain inputs.
    func blocked(_ shape: [Int], _ rng: inout TestRNG) -> (Tensor, [Float]) {
        let c = shape[1]
        let x = rng.tensor(shape)
        let vals = x.scalars
        var eye = [Float](repeating: 0, count: c * c)
        for i in 0..<c { eye[i * c + i] = 1 }
        let w = try! Tensor(shape: [c, c, 1, 1], scalars: eye)
        let g = ConvGeometry(batch: shape[0], inChannels: c, height: shape[2], width: shape[3], outChannels: c,
                             kernelH: 1, kernelW: 1, stride: 1, padding: 0, groups: 1)
        let y = fast.conv2d(x, weight: w, bias: nil, g)
        return (y, vals)
    }

    static let convCases: [ConvGeometry] = [
        .init(batch: 2, inChannels: 3, height: 9, width: 9, outChannels: 5, kernelH: 1, kernelW: 1, stride: 1, padding: 0, groups: 1),
        .init(batch: 2, inChannels: 3, height: 9, width: 8, outChannels: 5, kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 1),
        .init(batch: 2, inChannels: 4, height: 9, width: 9, outChannels: 6, kernelH: 3, kernelW: 3, stride: 2, padding: 1, groups: 1),
        .init(batch: 2, inChannels: 8, height: 3, width: 3, outChannels: 8, kernelH: 3, kernelW: 3, stride: 1, padding: 2, groups: 1),
        .init(batch: 2, inChannels: 8, height: 7, width: 7, outChannels: 8, kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 8),
        .init(batch: 2, inChannels: 4, height: 6, width: 6, outChannels: 6, kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 2),
        .init(batch: 3, inChannels: 1, height: 28, width: 28, outChannels: 16, kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 1),
        .init(batch: 3, inChannels: 16, height: 14, width: 14, outChannels: 8, kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 1),
        .init(batch: 3, inChannels: 16, height: 28, width: 28, outChannels: 1, kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 1),
        .init(batch: 2, inChannels: 3, height: 8, width: 8, outChannels: 4, kernelH: 5, kernelW: 5, stride: 1, padding: 2, groups: 1),
        .init(batch: 2, inChannels: 8, height: 9, width: 7, outChannels: 1, kernelH: 3, kernelW: 3, stride: 1, padding: 2, groups: 1),
        .init(batch: 2, inChannels: 32, height: 6, width: 6, outChannels: 1, kernelH: 5, kernelW: 3, stride: 1, padding: 0, groups: 1),
        .init(batch: 2, inChannels: 3, height: 6, width: 6, outChannels: 1, kernelH: 3, kernelW: 3, stride: 2, padding: 1, groups: 1),
    ]

    @Test("conv2d forward, backward data and weights", arguments: convCases)
    func conv(_ g: ConvGeometry) {
        var rng = TestRNG(UInt64(g.inChannels * 31 + g.outChannels * 7 + g.stride + g.padding * 5 + g.groups * 11))
        let x = rng.tensor(g.inputShape), w = rng.tensor(g.weightShape), b = rng.tensor([g.outChannels])
        let xv = x.scalars, wv = w.scalars, bv = b.scalars
        let y = fast.conv2d(x, weight: w, bias: b, g)
        #expect(y.shape == g.outputShape)
        expectClose(y.scalars, Oracle.conv(xv, wv, bv, g), "conv fwd \(g)")
        expectClose(y.scalars, ref.conv2d(x, weight: w, bias: b, g).scalars, "conv fwd vs reference \(g)")
        let yNoBias = fast.conv2d(x, weight: w, bias: nil, g)
        expectClose(yNoBias.scalars, Oracle.conv(xv, wv, nil, g), "conv fwd no bias")

        let gy = rng.tensor(g.outputShape)
        let gyv = gy.scalars
        let dx = fast.conv2dBackwardData(gy, weight: w, g)
        #expect(dx.shape == g.inputShape)
        expectClose(dx.scalars, Oracle.convBackwardData(gyv, wv, g), "conv bwd data \(g)")
        expectClose(dx.scalars, ref.conv2dBackwardData(gy, weight: w, g).scalars, "conv bwd data vs reference \(g)")
        let (dw, db) = fast.conv2dBackwardWeights(gy, x: x, g, withBias: true)
        let (wantW, wantB) = Oracle.convBackwardWeights(gyv, xv, g)
        #expect(dw.shape == g.weightShape)
        expectClose(dw.scalars, wantW, "conv bwd weights \(g)")
        expectClose(db?.scalars ?? [], wantB, "conv bwd bias \(g)")
        let (rw, rb) = ref.conv2dBackwardWeights(gy, x: x, g, withBias: true)
        expectClose(dw.scalars, rw.scalars, "conv bwd weights vs reference \(g)")
        expectClose(db?.scalars ?? [], rb?.scalars ?? [], "conv bwd bias vs reference \(g)")
        let (_, noBias) = fast.conv2dBackwardWeights(gy, x: x, g, withBias: false)
        #expect(noBias == nil)
    }

    @Test("conv2d on a blocked input with a blocked gradient")
    func convBlocked() {
        var rng = TestRNG(5)
        let g = ConvGeometry(batch: 2, inChannels: 16, height: 10, width: 10, outChannels: 8,
                             kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 1)
        let (x, xv) = blocked(g.inputShape, &rng)
        #expect(!x.storage.isPlain)
        let w = rng.tensor(g.weightShape), wv = w.scalars
        let y = fast.conv2d(x, weight: w, bias: nil, g)
        #expect(!y.storage.isPlain)
        expectClose(y.scalars, Oracle.conv(xv, wv, nil, g), "conv fwd blocked")
        let (gy, gyv) = blocked(g.outputShape, &rng)
        let dx = fast.conv2dBackwardData(gy, weight: w, g)
        expectClose(dx.scalars, Oracle.convBackwardData(gyv, wv, g), "conv bwd data blocked")
        let (dw, _) = fast.conv2dBackwardWeights(gy, x: x, g, withBias: false)
        expectClose(dw.scalars, Oracle.convBackwardWeights(gyv, xv, g).0, "conv bwd weights blocked")
    }

    static let poolCases: [PoolGeometry] = [
        .init(kind: .max, batch: 2, channels: 16, height: 8, width: 8, kernel: 2, stride: 2),
        .init(kind: .max, batch: 2, channels: 8, height: 7, width: 7, kernel: 2, stride: 2),
        .init(kind: .max, batch: 2, channels: 3, height: 9, width: 9, kernel: 3, stride: 2),
        .init(kind: .average, batch: 2, channels: 16, height: 8, width: 8, kernel: 2, stride: 2),
        .init(kind: .average, batch: 2, channels: 5, height: 7, width: 7, kernel: 3, stride: 1),
    ]

    @Test("pooling forward and backward, plain and blocked", arguments: poolCases, [false, true])
    func pool(_ g: PoolGeometry, _ useBlocked: Bool) {
        var rng = TestRNG(UInt64(g.channels * 3 + g.kernel))
        let (x, xv) = useBlocked ? blocked(g.inputShape, &rng) : { let t = rng.tensor(g.inputShape); return (t, t.scalars) }()
        let y = fast.pool2d(x, g)
        #expect(y.shape == g.outputShape)
        #expect(y.storage.isPlain == x.storage.isPlain)
        let gy = rng.tensor(g.outputShape), gyv = gy.scalars
        let dx = fast.pool2dBackward(gy, x: x, y: y, g)
        expectClose(dx.scalars, Oracle.poolBackward(gyv, xv, g), "pool bwd \(g)")
        expectClose(y.scalars, Oracle.pool(xv, g), "pool fwd \(g)")
        let rx = try! Tensor(shape: g.inputShape, scalars: xv)
        let ry = ref.pool2d(rx, g)
        expectClose(y.scalars, ry.scalars, "pool fwd vs reference \(g)")
        expectClose(dx.scalars, ref.pool2dBackward(gy, x: rx, y: ry, g).scalars, "pool bwd vs reference \(g)")
        // y was read (converted to plain, workspace gone): backward still works.
        let dx2 = fast.pool2dBackward(gy, x: x, y: y, g)
        expectClose(dx2.scalars, Oracle.poolBackward(gyv, xv, g), "pool bwd after y read \(g)")
    }

    @Test("nearest upsampling forward and backward", arguments: [2, 3], [false, true])
    func upsample(_ scale: Int, _ useBlocked: Bool) {
        var rng = TestRNG(UInt64(scale))
        let shape = [2, 8, 5, 4]
        let (x, xv) = useBlocked ? blocked(shape, &rng) : { let t = rng.tensor(shape); return (t, t.scalars) }()
        let y = fast.upsampleNearest(x, scale: scale)
        #expect(y.shape == [2, 8, 5 * scale, 4 * scale])
        #expect(y.storage.isPlain == x.storage.isPlain)
        expectClose(y.scalars, Oracle.upsample(xv, shape, scale), "upsample fwd")
        let outShape = [2, 8, 5 * scale, 4 * scale]
        let (gy, gyv) = useBlocked ? blocked(outShape, &rng) : { let t = rng.tensor(outShape); return (t, t.scalars) }()
        let dx = fast.upsampleNearestBackward(gy, scale: scale)
        #expect(dx.shape == shape)
        expectClose(dx.scalars, Oracle.upsampleBackward(gyv, shape, scale), "upsample bwd")
        expectClose(y.scalars, ref.upsampleNearest(try! Tensor(shape: shape, scalars: xv), scale: scale).scalars, "upsample fwd vs reference")
        expectClose(dx.scalars, ref.upsampleNearestBackward(try! Tensor(shape: outShape, scalars: gyv), scale: scale).scalars,
                    "upsample bwd vs reference")
    }

    static let activations: [Activation] = [.relu, .leakyRelu(slope: 0.1), .sigmoid, .tanh]

    @Test("activations forward and backward", arguments: activations, [false, true])
    func activation(_ a: Activation, _ useBlocked: Bool) {
        var rng = TestRNG(9)
        let shape = [2, 8, 5, 5]
        let (x, xv) = useBlocked ? blocked(shape, &rng) : { let t = rng.tensor(shape); return (t, t.scalars.map { $0 * 3 }) }()
        let xin = useBlocked ? x : try! Tensor(shape: shape, scalars: xv)
        let y = fast.activation(xin, a)
        #expect(y.storage.isPlain == xin.storage.isPlain)
        let gy = rng.tensor(shape), gyv = gy.scalars
        let dx = fast.activationBackward(gy, x: xin, y: y, a)
        expectClose(dx.scalars, zip(xv, gyv).map { Oracle.activationGrad($0, a) * $1 }, "\(a) bwd")
        expectClose(y.scalars, xv.map { Oracle.activation($0, a) }, "\(a) fwd")
        let rx = try! Tensor(shape: shape, scalars: xv), ry = ref.activation(rx, a)
        expectClose(y.scalars, ry.scalars, "\(a) fwd vs reference")
        expectClose(dx.scalars, ref.activationBackward(gy, x: rx, y: ry, a).scalars, "\(a) bwd vs reference")
        // Rank-2 (dense layers).
        let z = rng.tensor([3, 7]), zv = z.scalars
        expectClose(fast.activation(z, a).scalars, zv.map { Oracle.activation($0, a) }, "\(a) fwd 2-D")
    }

    @Test("sigmoid on a channel-padded blocked layout, then a conv")
    func paddedSigmoid() {
        var rng = TestRNG(29)
        let shape = [2, 5, 6, 6]
        let (x, xv) = blocked(shape, &rng)
        let y = fast.activation(x, .sigmoid)
        let g = ConvGeometry(batch: 2, inChannels: 5, height: 6, width: 6, outChannels: 7,
                             kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 1)
        let w = rng.tensor(g.weightShape), wv = w.scalars
        let z = fast.conv2d(y, weight: w, bias: nil, g)
        let sv = xv.map { Oracle.activation($0, .sigmoid) }
        expectClose(z.scalars, Oracle.conv(sv, wv, nil, g), "conv after padded sigmoid (\(FastBackend.layoutName(y)))")
        let gz = rng.tensor(g.outputShape), gzv = gz.scalars
        let (dw, _) = fast.conv2dBackwardWeights(gz, x: y, g, withBias: false)
        expectClose(dw.scalars, Oracle.convBackwardWeights(gzv, sv, g).0, "bwd weights after padded sigmoid")
        expectClose(y.scalars, sv, "padded sigmoid values")
    }

    @Test("matmul with transposes", arguments: [false, true], [false, true])
    func matmul(_ ta: Bool, _ tb: Bool) {
        var rng = TestRNG(13)
        let (m, k, n) = (5, 7, 3)
        let a = rng.tensor(ta ? [k, m] : [m, k]), b = rng.tensor(tb ? [n, k] : [k, n])
        let c = fast.matmul(a, b, transposeA: ta, transposeB: tb)
        #expect(c.shape == [m, n])
        expectClose(c.scalars, Oracle.matmul(a.scalars, b.scalars, m: m, k: k, n: n, ta: ta, tb: tb), "matmul \(ta) \(tb)")
        expectClose(c.scalars, ref.matmul(a, b, transposeA: ta, transposeB: tb).scalars, "matmul vs reference \(ta) \(tb)")
    }

    @Test("add: plain, blocked, mixed")
    func add() {
        var rng = TestRNG(17)
        let shape = [2, 8, 4, 4]
        let (a, av) = blocked(shape, &rng)
        let b = rng.tensor(shape), bv = b.scalars
        let want = zip(av, bv).map { $0 + $1 }
        let mixed = fast.add(a, b)
        #expect(!mixed.storage.isPlain)
        expectClose(mixed.scalars, want, "blocked + plain")
        expectClose(fast.add(b, a).scalars, want, "plain + blocked")
        let p = try! Tensor(shape: shape, scalars: av)
        expectClose(fast.add(p, b).scalars, want, "plain + plain")
        let (c, cv) = blocked(shape, &rng)
        expectClose(fast.add(c, a.storage.isPlain ? a : a).scalars, zip(cv, av).map { $0 + $1 }, "blocked + blocked")
    }

    @Test("conv→relu→maxpool→conv keeps intermediates blocked and matches")
    func chain() {
        var rng = TestRNG(21)
        let g1 = ConvGeometry(batch: 4, inChannels: 3, height: 12, width: 12, outChannels: 16,
                              kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 1)
        let pg = PoolGeometry(kind: .max, batch: 4, channels: 16, height: 12, width: 12, kernel: 2, stride: 2)
        let g2 = ConvGeometry(batch: 4, inChannels: 16, height: 6, width: 6, outChannels: 8,
                              kernelH: 3, kernelW: 3, stride: 1, padding: 1, groups: 1)
        let x = rng.tensor(g1.inputShape), w1 = rng.tensor(g1.weightShape), b1 = rng.tensor([16])
        let w2 = rng.tensor(g2.weightShape), b2 = rng.tensor([8])
        let h1 = fast.conv2d(x, weight: w1, bias: b1, g1)
        let a1 = fast.activation(h1, .relu)
        let p1 = fast.pool2d(a1, pg)
        let y = fast.conv2d(p1, weight: w2, bias: b2, g2)
        for (t, name) in [(h1, "conv1"), (a1, "relu"), (p1, "maxpool")] {
            #expect(!t.storage.isPlain, "\(name) output should stay in a blocked layout, is \(FastBackend.layoutName(t))")
        }
        // Backward through the chain; gradients stay blocked too.
        let gy = rng.tensor(g2.outputShape), gyv = gy.scalars
        let dp1 = fast.conv2dBackwardData(gy, weight: w2, g2)
        let (dw2, _) = fast.conv2dBackwardWeights(gy, x: p1, g2, withBias: true)
        let da1 = fast.pool2dBackward(dp1, x: a1, y: p1, pg)
        let dh1 = fast.activationBackward(da1, x: h1, y: a1, .relu)
        for (t, name) in [(dp1, "conv2 dx"), (da1, "pool dx"), (dh1, "relu dx")] {
            #expect(!t.storage.isPlain, "\(name) should stay blocked, is \(FastBackend.layoutName(t))")
        }
        let (dw1, db1) = fast.conv2dBackwardWeights(dh1, x: x, g1, withBias: true)

        // Oracle.
        let xv = x.scalars, w1v = w1.scalars, w2v = w2.scalars
        let oh1 = Oracle.conv(xv, w1v, b1.scalars, g1)
        let oa1 = oh1.map { max($0, 0) }
        let op1 = Oracle.pool(oa1, pg)
        let oy = Oracle.conv(op1, w2v, b2.scalars, g2)
        expectClose(y.scalars, oy, "chain output")
        let odp1 = Oracle.convBackwardData(gyv, w2v, g2)
        let odw2 = Oracle.convBackwardWeights(gyv, op1, g2).0
        let oda1 = Oracle.poolBackward(odp1, oa1, pg)
        let odh1 = zip(oh1, oda1).map { $0 > 0 ? $1 : 0 }
        let (odw1, odb1) = Oracle.convBackwardWeights(odh1, xv, g1)
        expectClose(dw2.scalars, odw2, "chain dw2")
        expectClose(dw1.scalars, odw1, "chain dw1")
        expectClose(db1?.scalars ?? [], odb1, "chain db1")
        expectClose(p1.scalars, op1, "chain pool output")

        // The same chain on the reference backend.
        let rh1 = ref.conv2d(x, weight: w1, bias: b1, g1), ra1 = ref.activation(rh1, .relu), rp1 = ref.pool2d(ra1, pg)
        let ry = ref.conv2d(rp1, weight: w2, bias: b2, g2)
        expectClose(y.scalars, ry.scalars, "chain output vs reference")
        let rdp1 = ref.conv2dBackwardData(gy, weight: w2, g2)
        let rdh1 = ref.activationBackward(ref.pool2dBackward(rdp1, x: ra1, y: rp1, pg), x: rh1, y: ra1, .relu)
        expectClose(dw1.scalars, ref.conv2dBackwardWeights(rdh1, x: x, g1, withBias: true).weight.scalars, "chain dw1 vs reference")
    }

    @Test("fast is listed among the backends without registration")
    func registered() {
        #expect(Backend.available["fast"] != nil)
        #expect(FastBackend.registerIfAvailable())
        #expect(Backend.available["fast"] === FastBackend.shared)
    }
}
