import Tensor

/// Corrupted copies of images for the denoising autoencoder: the model reads the
/// corrupted image and learns to give back the clean one. Values stay in 0…1.
/// Random draws come from `Random.shared`, so `seed N` repeats them.
///
///     let noisy = try Corruption.gaussian(x, std: 0.3)
///     let holed = try Corruption.mask(x, size: 10)
public enum Corruption {
    /// How `noise` corrupts: additive Gaussian noise of standard deviation `amount`
    /// (clamped to 0…1), or salt and pepper — a fraction `amount` of the pixels set
    /// to 0 or 1 at random.
    public enum Kind: String, CaseIterable, Sendable {
        case gaussian
        case saltAndPepper = "saltpepper"
    }

    public static func noise(_ x: Tensor, _ amount: Float, kind: Kind = .gaussian) throws -> Tensor {
        switch kind {
        case .gaussian: return try gaussian(x, std: amount)
        case .saltAndPepper: return try saltAndPepper(x, fraction: amount)
        }
    }

    public static func gaussian(_ x: Tensor, std: Float) throws -> Tensor {
        guard std.isFinite, std >= 0, std <= 10 else {
            throw NNError("noise: the standard deviation must be between 0 and 10, got \(std)")
        }
        let v = x.scalars
        var out = [Float](repeating: 0, count: v.count)
        var rng = Random.shared
        defer { Random.shared = rng }
        for i in 0..<v.count { out[i] = min(1, max(0, v[i] + std * rng.normal())) }
        return try Tensor(shape: x.shape, scalars: out)
    }

    public static func saltAndPepper(_ x: Tensor, fraction: Float) throws -> Tensor {
        guard fraction.isFinite, fraction >= 0, fraction <= 1 else {
            throw NNError("noise: the fraction of pixels must be between 0 and 1, got \(fraction)")
        }
        var out = x.scalars
        var rng = Random.shared
        defer { Random.shared = rng }
        for i in 0..<out.count where rng.uniform() < fraction {
            out[i] = rng.uniform() < 0.5 ? 0 : 1
        }
        return try Tensor(shape: x.shape, scalars: out)
    }

    /// Occlusion: a `size`×`size` square of every image set to `value` (0, black),
    /// at `at` = [row, column] of its top-left corner, else at a random place
    /// inside the image, drawn for each image. Images are [H, W], [C, H, W] or
    /// batches [N, C, H, W].
    public static func mask(_ x: Tensor, size: Int, at corner: (Int, Int)? = nil, value: Float = 0) throws -> Tensor {
        guard x.rank >= 2, x.rank <= 4 else {
            throw NNError("mask: expected an image [H, W], [C, H, W] or a batch [N, C, H, W], got \(describeShape(x.shape))")
        }
        let h = x.shape[x.rank - 2], w = x.shape[x.rank - 1]
        guard size >= 1, size <= min(h, w) else {
            throw NNError("mask: the square must be 1 to \(min(h, w)) pixels for \(h)×\(w) images, got \(size)")
        }
        if let (r, c) = corner, r < 0 || c < 0 || r + size > h || c + size > w {
            throw NNError("mask: a \(size)×\(size) square at [\(r), \(c)] does not fit in \(h)×\(w) images")
        }
        let planes = x.count / (h * w)
        let perImage = x.rank == 4 ? x.shape[1] : 1
        var out = x.scalars
        var rng = Random.shared
        defer { Random.shared = rng }
        var r0 = 0, c0 = 0
        for p in 0..<planes {
            if p % perImage == 0 {
                if let (r, c) = corner { (r0, c0) = (r, c) } else {
                    r0 = Int(rng.uniform() * Float(h - size + 1)) % (h - size + 1)
                    c0 = Int(rng.uniform() * Float(w - size + 1)) % (w - size + 1)
                }
            }
            for r in r0..<(r0 + size) {
                for c in c0..<(c0 + size) { out[p * h * w + r * w + c] = value }
            }
        }
        return try Tensor(shape: x.shape, scalars: out)
    }
}
