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
    public static func autoencoder(latent: Int = 72) throws -> Model {
        let enc = try encoder(latent: latent)
        let dec = try decoder(latent: latent)
        let ae = try enc.composed(with: dec)
        ae.kind = .autoencoder
        return ae
    }

    /// The autoencoder's encoder alone: 1×28×28 → latent (see `autoencoder`).
    ///
    ///     let enc = try Builders.encoder(latent: 72)
    public static func encoder(latent: Int = 72) throws -> Model {
        let c = try latentChannels(latent)
        var layers: [Layer] = [
            try Conv2d(out: 16, in: 1), ReLU(), try Pool2d(.max, kernel: 2),
            try Conv2d(out: 8, in: 16), ReLU(), try Pool2d(.max, kernel: 2),
            try Conv2d(out: c, in: 8), Sigmoid(), try Pool2d(.max, kernel: 2),
            Flatten(),
        ]
        if latent % 9 != 0 { layers += [try Linear(out: latent, in: 72), Sigmoid()] }
        let m = try Model(chain: layers, inputShape: [1, 28, 28], kind: .other)
        m.name = "encoder"
        return m
    }

    /// The autoencoder's decoder alone: latent → 1×28×28 (see `autoencoder`).
    ///
    ///     let dec = try Builders.decoder(latent: 72)
    public static func decoder(latent: Int = 72) throws -> Model {
        let c = try latentChannels(latent)
        var layers: [Layer] = []
        if latent % 9 != 0 { layers += [try Linear(out: 72, in: latent), ReLU()] }
        layers += [
            try Unflatten([c, 3, 3]),
            try Conv2d(out: 8, padding: 2, in: c), ReLU(),
            try Conv2d(out: 8, padding: 2, in: 8), ReLU(),
            try Upsample(scale: 2),
            try Conv2d(out: 16, in: 8), ReLU(),
            try Upsample(scale: 2),
            try Conv2d(out: 1, in: 16), Sigmoid(),
        ]
        let m = try Model(chain: layers, inputShape: [latent], kind: .other)
        m.name = "decoder"
        return m
    }

    private static func latentChannels(_ latent: Int) throws -> Int {
        guard latent >= 1, latent <= 4096 else {
            throw NNError("autoencoder: the latent size must be between 1 and 4096, got \(latent)")
        }
        return latent % 9 == 0 ? latent / 9 : 8
    }
}
