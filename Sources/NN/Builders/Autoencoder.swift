import Tensor

/// Ready-made models. Built layers are initialised from `Random.shared` (PyTorch's
/// default init), so `seed N` before a builder gives the same weights every time.
public enum Builders {
    /// The convolutional autoencoder for 1×28×28 images, exactly `bench/torch_ref.py`'s
    /// `nn.Sequential(encoder(), decoder())` for `latent: 72` (4,385 parameters,
    /// parameter names `0.0.weight` … `1.9.bias` as in its PyTorch state_dict):
    ///
    ///     encoder: conv 3×3 1→16, relu, maxpool, conv 3×3 16→8, relu, maxpool,
    ///              conv 3×3 8→C, sigmoid, maxpool, flatten          → C×3×3
    ///     decoder: unflatten C×3×3, conv 8 pad 2, relu, conv 8 pad 2, relu, upsample ×2,
    ///              conv 16, relu, upsample ×2, conv 1, sigmoid        → 1×28×28
    ///
    /// Other latent sizes: when `latent` is a multiple of 9, the last encoder conv (and
    /// the first decoder conv's input) gets C = latent / 9 channels, so the latent is
    /// still C×3×3. Otherwise C = 8 and a linear bottleneck makes the latent exactly
    /// `latent` values: the encoder ends `flatten, fc 72→latent, sigmoid` and the decoder
    /// starts `fc latent→72, relu, unflatten 8×3×3` (e.g. `latent: 2` for a 2-D map).
    /// Parts: `encoder` and `decoder`, sharing weights with the whole.
    ///
    ///     let ae = try Builders.autoencoder(latent: 72)
    ///     let z = try ae.part("encoder")(image)     // [72]
    ///
    /// Other image shapes (`inputShape` C×H×W): the first conv reads C channels and the
    /// last writes C. Three maxpools take H×W to h×w = ⌊H/8⌋×⌊W/8⌋; the latent is
    /// `latent / (h·w)` channels of h×w when that divides, else 8 channels and the linear
    /// bottleneck. The decoder is the lecture's (two padding-2 convs, then ×2 twice) when
    /// that gives H×W back — 28 and 32 — and otherwise, for multiples of 8, a padding-1
    /// conv and an upsampling ×2 per maxpool. Other sizes are refused with the sizes that work.
    ///
    ///     let colour = try Builders.autoencoder(latent: 72, inputShape: [3, 32, 32])
    public static func autoencoder(latent: Int = 72, inputShape: [Int] = [1, 28, 28]) throws -> Model {
        let enc = try encoder(latent: latent, inputShape: inputShape)
        let dec = try decoder(latent: latent, outputShape: inputShape)
        let ae = try enc.composed(with: dec)
        ae.kind = .autoencoder
        return ae
    }

    /// How the autoencoder fits an image shape: the latent grid and the decoder design.
    struct AutoencoderPlan {
        let channels: Int, height: Int, width: Int
        /// The encoder's grid after three maxpools.
        let gridH: Int, gridW: Int
        /// Channels of the latent grid, and whether a linear bottleneck follows.
        let latentChannels: Int
        let bottleneck: Bool
        /// The lecture's decoder (28 and 32) rather than one upsampling per maxpool.
        let lecture: Bool

        init(latent: Int, shape: [Int]) throws {
            guard latent >= 1, latent <= 4096 else {
                throw NNError("autoencoder: the latent size must be between 1 and 4096, got \(latent)")
            }
            guard shape.count == 3, (1...64).contains(shape[0]), shape[1] >= 1, shape[2] >= 1, shape[1] <= 1024, shape[2] <= 1024 else {
                throw NNError("autoencoder: the input must be [channels 1…64, height, width ≤ 1024], got \(describeShape(shape))")
            }
            (channels, height, width) = (shape[0], shape[1], shape[2])
            let works = "sizes that work: 28, 32 or any multiple of 8 (8, 16, 24, 40, 48, 56, 64, …)"
            if height < 8 || width < 8 {
                var h = height, w = width, k = 0
                while h >= 2 && w >= 2 && k < 3 { h /= 2; w /= 2; k += 1 }
                throw NNError("autoencoder for \(describeDims(shape)) images: maxpool 2×2 number \(k + 1) of 3 gets a \(h)×\(w) feature map, too small to halve; \(works)")
            }
            gridH = height / 8; gridW = width / 8
            func lectureFits(_ n: Int) -> Bool { (n / 8 + 4) * 4 == n }
            lecture = lectureFits(height) && lectureFits(width)
            guard lecture || (height % 8 == 0 && width % 8 == 0) else {
                throw NNError("autoencoder for \(describeDims(shape)) images: the encoder's three maxpools give \(gridH)×\(gridW), and the decoder's upsampling cannot give \(height)×\(width) back; \(works)")
            }
            let cells = gridH * gridW
            bottleneck = latent % cells != 0
            latentChannels = bottleneck ? 8 : latent / cells
        }
    }

    /// The autoencoder's encoder alone: C×H×W → latent (see `autoencoder`).
    ///
    ///     let enc = try Builders.encoder(latent: 72)
    public static func encoder(latent: Int = 72, inputShape: [Int] = [1, 28, 28]) throws -> Model {
        let plan = try AutoencoderPlan(latent: latent, shape: inputShape)
        let c = plan.latentChannels
        var layers: [Layer] = [
            try Conv2d(out: 16, in: plan.channels), ReLU(), try Pool2d(.max, kernel: 2),
            try Conv2d(out: 8, in: 16), ReLU(), try Pool2d(.max, kernel: 2),
            try Conv2d(out: c, in: 8), Sigmoid(), try Pool2d(.max, kernel: 2),
            Flatten(),
        ]
        let flat = c * plan.gridH * plan.gridW
        if plan.bottleneck { layers += [try Linear(out: latent, in: flat), Sigmoid()] }
        let m = try Model(chain: layers, inputShape: inputShape, kind: .other)
        m.name = "encoder"
        return m
    }

    /// The autoencoder's decoder alone: latent → C×H×W (see `autoencoder`).
    ///
    ///     let dec = try Builders.decoder(latent: 72)
    public static func decoder(latent: Int = 72, outputShape: [Int] = [1, 28, 28]) throws -> Model {
        let plan = try AutoencoderPlan(latent: latent, shape: outputShape)
        let c = plan.latentChannels
        var layers: [Layer] = []
        if plan.bottleneck { layers += [try Linear(out: c * plan.gridH * plan.gridW, in: latent), ReLU()] }
        layers.append(try Unflatten([c, plan.gridH, plan.gridW]))
        if plan.lecture {
            layers += [
                try Conv2d(out: 8, padding: 2, in: c), ReLU(),
                try Conv2d(out: 8, padding: 2, in: 8), ReLU(),
                try Upsample(scale: 2),
                try Conv2d(out: 16, in: 8), ReLU(),
                try Upsample(scale: 2),
            ]
        } else {
            layers += [
                try Conv2d(out: 8, in: c), ReLU(),
                try Upsample(scale: 2),
                try Conv2d(out: 8, in: 8), ReLU(),
                try Upsample(scale: 2),
                try Conv2d(out: 16, in: 8), ReLU(),
                try Upsample(scale: 2),
            ]
        }
        layers += [try Conv2d(out: plan.channels, in: 16), Sigmoid()]
        let m = try Model(chain: layers, inputShape: [latent], kind: .other)
        m.name = "decoder"
        return m
    }
}
