import Foundation

/// Plain, readable Swift loops: the teaching version and the test oracle.
///
/// Every kernel reads its inputs through `Tensor.plain` (so it also accepts tensors
/// another backend left in a foreign layout) and returns plain tensors. The
/// convolution kernels are in `ReferenceConv.swift`; this file has the rest.
///
///     try Backend.use("reference")
///     let y = try x.conv2d(weight: w, bias: b, padding: 1)
public final class ReferenceBackend: ComputeBackend {
    nonisolated(unsafe) public static let shared = ReferenceBackend()
    public let name = "reference"

    // MARK: Pooling

    public func pool2d(_ x: Tensor, _ g: PoolGeometry) -> Tensor {
        let y = Tensor.empty(g.outputShape)
        let src = x.plain, dst = y.storage.pointer
        let (oh, ow, k, s) = (g.outHeight, g.outWidth, g.kernel, g.stride)
        let area = Float(k * k)
        for plane in 0..<(g.batch * g.channels) {
            let xp = src + plane * g.height * g.width
            let yp = dst + plane * oh * ow
            for i in 0..<oh {
                for j in 0..<ow {
                    let corner = xp + (i * s) * g.width + j * s
                    switch g.kind {
                    case .max:
                        var m = -Float.infinity
                        for di in 0..<k {
                            for dj in 0..<k {
                                let v = corner[di * g.width + dj]
                                if v > m || v.isNaN { m = v }     // NaN propagates, as in PyTorch
                            }
                        }
                        yp[i * ow + j] = m
                    case .average:
                        var total: Float = 0
                        for di in 0..<k { for dj in 0..<k { total += corner[di * g.width + dj] } }
                        yp[i * ow + j] = total / area
                    }
                }
            }
        }
        return y
    }

    /// Max pooling sends each output's gradient to the first maximum of its window
    /// (as PyTorch does); average pooling spreads it evenly over the window.
    public func pool2dBackward(_ gy: Tensor, x: Tensor, y: Tensor, _ g: PoolGeometry) -> Tensor {
        let gx = Tensor.empty(g.inputShape)
        let src = x.plain, gyp = gy.plain, dst = gx.storage.pointer
        let (oh, ow, k, s) = (g.outHeight, g.outWidth, g.kernel, g.stride)
        let area = Float(k * k)
        for plane in 0..<(g.batch * g.channels) {
            let xp = src + plane * g.height * g.width
            let gxp = dst + plane * g.height * g.width
            let gp = gyp + plane * oh * ow
            for i in 0..<oh {
                for j in 0..<ow {
                    let base = (i * s) * g.width + j * s
                    let gv = gp[i * ow + j]
                    switch g.kind {
                    case .max:
                        var best = base, m = -Float.infinity
                        for di in 0..<k {
                            for dj in 0..<k where !m.isNaN {
                                let v = xp[base + di * g.width + dj]
                                if v > m || v.isNaN { m = v; best = base + di * g.width + dj }
                            }
                        }
                        gxp[best] += gv
                    case .average:
                        for di in 0..<k { for dj in 0..<k { gxp[base + di * g.width + dj] += gv / area } }
                    }
                }
            }
        }
        return gx
    }

    // MARK: Upsampling

    public func upsampleNearest(_ x: Tensor, scale: Int) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let y = Tensor.empty([n, c, h * scale, w * scale])
        let src = x.plain, dst = y.storage.pointer
        let ow = w * scale
        for plane in 0..<(n * c) {
            let xp = src + plane * h * w, yp = dst + plane * h * scale * ow
            for i in 0..<(h * scale) {
                let row = xp + (i / scale) * w, out = yp + i * ow
                for j in 0..<ow { out[j] = row[j / scale] }
            }
        }
        return y
    }

    public func upsampleNearestBackward(_ gy: Tensor, scale: Int) -> Tensor {
        let (n, c, oh, ow) = (gy.shape[0], gy.shape[1], gy.shape[2], gy.shape[3])
        let (h, w) = (oh / scale, ow / scale)
        let gx = Tensor.empty([n, c, h, w])
        let src = gy.plain, dst = gx.storage.pointer
        for plane in 0..<(n * c) {
            let gp = src + plane * oh * ow, xp = dst + plane * h * w
            for i in 0..<oh {
                let row = xp + (i / scale) * w, gr = gp + i * ow
                for j in 0..<ow { row[j / scale] += gr[j] }
            }
        }
        return gx
    }

    // MARK: Activations

    public func activation(_ x: Tensor, _ a: Activation) -> Tensor {
        let y = Tensor.empty(x.shape)
        let src = x.plain, dst = y.storage.pointer
        let n = x.count
        switch a {
        case .relu:
            for i in 0..<n { dst[i] = src[i] < 0 ? 0 : src[i] }   // NaN stays NaN
        case .leakyRelu(let slope):
            for i in 0..<n { dst[i] = src[i] > 0 ? src[i] : slope * src[i] }
        case .sigmoid:
            for i in 0..<n { dst[i] = 1 / (1 + Foundation.exp(-src[i])) }
        case .tanh:
            for i in 0..<n { dst[i] = Foundation.tanh(src[i]) }
        }
        return y
    }

    public func activationBackward(_ gy: Tensor, x: Tensor, y: Tensor, _ a: Activation) -> Tensor {
        let gx = Tensor.empty(x.shape)
        let g = gy.plain, dst = gx.storage.pointer
        let n = x.count
        switch a {
        case .relu:
            let xs = x.plain
            for i in 0..<n { dst[i] = xs[i] > 0 ? g[i] : 0 }
        case .leakyRelu(let slope):
            let xs = x.plain
            for i in 0..<n { dst[i] = xs[i] > 0 ? g[i] : slope * g[i] }
        case .sigmoid:
            let ys = y.plain
            for i in 0..<n { dst[i] = g[i] * ys[i] * (1 - ys[i]) }
        case .tanh:
            let ys = y.plain
            for i in 0..<n { dst[i] = g[i] * (1 - ys[i] * ys[i]) }
        }
        return gx
    }

    // MARK: Matrix product and addition

    /// op(a) [m, k] × op(b) [k, n], in the cache-friendly i-p-j order over
    /// row-major copies (transposed operands are copied once first).
    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let n = transposeB ? b.shape[0] : b.shape[1]
        let c = Tensor.empty([m, n])
        let ta = transposeA ? Self.transposed(a.plain, rows: k, cols: m) : nil
        let tb = transposeB ? Self.transposed(b.plain, rows: n, cols: k) : nil
        defer { ta?.deallocate(); tb?.deallocate() }
        let ap = UnsafePointer(ta ?? a.plain), bp = UnsafePointer(tb ?? b.plain)
        let cp = c.storage.pointer
        for i in 0..<m {
            let crow = cp + i * n
            for p in 0..<k {
                let av = ap[i * k + p]
                let brow = bp + p * n
                for j in 0..<n { crow[j] += av * brow[j] }
            }
        }
        return c
    }

    /// A fresh buffer holding the transpose of a row-major [rows, cols] matrix.
    private static func transposed(_ p: UnsafeMutablePointer<Float>, rows: Int, cols: Int) -> UnsafeMutablePointer<Float> {
        let t = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(rows * cols, 1))
        for r in 0..<rows { for c in 0..<cols { t[c * rows + r] = p[r * cols + c] } }
        return t
    }

    public func add(_ a: Tensor, _ b: Tensor) -> Tensor {
        let c = Tensor.empty(a.shape)
        let ap = a.plain, bp = b.plain, cp = c.storage.pointer
        for i in 0..<a.count { cp[i] = ap[i] + bp[i] }
        return c
    }
}
