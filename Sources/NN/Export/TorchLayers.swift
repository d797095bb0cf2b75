/// Each layer kind as the PyTorch module that computes the same thing, written as
/// one Python expression (`nn.Conv2d(1, 16, 3, padding=1)`). PyTorch's defaults are
/// left out so the line reads like hand-written code.
enum TorchLayers {
    /// Helper modules the generated file defines when a model uses them (latent layers
    /// torch.nn has no single module for), by class name, in the order they are written.
    static let helpers: [(name: String, code: String)] = [
        ("Add", """
        class Add(nn.Module):
            \"\"\"Sums its inputs: a residual connection (latent's add).\"\"\"
            def forward(self, *xs):
                y = xs[0]
                for x in xs[1:]:
                    y = y + x
                return y
        """),
        ("Concat", """
        class Concat(nn.Module):
            \"\"\"Concatenates its inputs along the channels (latent's concat).\"\"\"
            def forward(self, *xs):
                return torch.cat(xs, dim=1)
        """),
        ("Gaussian", """
        class Gaussian(nn.Module):
            \"\"\"The VAE's latent (latent's gaussian): z = mu + exp(logvar / 2) * eps while training,
            z = mu in eval mode; self.kl is the batch's KL divergence from N(0, I), for the ELBO.\"\"\"
            def __init__(self, beta=1.0):
                super().__init__()
                self.beta = beta
                self.kl = None

            def forward(self, mu, logvar):
                self.kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / mu.shape[0]
                if not self.training:
                    return mu
                return mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        """),
        ("GlobalAvgPool", """
        class GlobalAvgPool(nn.Module):
            \"\"\"Averages each channel over the image: [N, C, H, W] → [N, C] (latent's global avgpool).\"\"\"
            def forward(self, x):
                return x.mean(dim=(2, 3))
        """),
    ]

    /// The Python expression building `layer`, and the helper class it needs (if any).
    static func module(_ layer: Layer) throws -> (code: String, helper: String?) {
        func unshaped() -> NNError {
            NNError("export: \(layer.description) does not know its input size yet; run the model on an input (or fit it) first")
        }
        switch layer {
        case let c as Conv2d:
            guard let inC = c.inChannels else { throw unshaped() }
            var s = "nn.Conv2d(\(inC), \(c.outChannels), \(c.kernel)"
            if c.stride != 1 { s += ", stride=\(c.stride)" }
            if c.padding != 0 { s += ", padding=\(c.padding)" }
            if c.groups != 1 { s += ", groups=\(c.groups)" }
            if !c.hasBias { s += ", bias=False" }
            return (s + ")", nil)
        case let l as Linear:
            guard let inF = l.inFeatures else { throw unshaped() }
            return ("nn.Linear(\(inF), \(l.outFeatures)\(l.hasBias ? "" : ", bias=False"))", nil)
        case let b as BatchNorm2d:
            guard let ch = b.channels else { throw unshaped() }
            var s = "nn.BatchNorm2d(\(ch)"
            if b.eps != 1e-5 { s += ", eps=\(python(b.eps))" }
            if b.momentum != 0.1 { s += ", momentum=\(python(b.momentum))" }
            return (s + ")", nil)
        case let p as Pool2d:
            let name = p.mode == .max ? "nn.MaxPool2d" : "nn.AvgPool2d"
            return ("\(name)(\(p.kernel)\(p.stride != p.kernel ? ", stride=\(p.stride)" : ""))", nil)
        case let p as PaddedMaxPool2d:
            return ("nn.MaxPool2d(\(p.kernel), stride=\(p.stride), padding=\(p.padding))", nil)
        case is GlobalAvgPool: return ("GlobalAvgPool()", "GlobalAvgPool")
        case let u as Upsample: return ("nn.Upsample(scale_factor=\(u.scale), mode=\"nearest\")", nil)
        case is ReLU: return ("nn.ReLU()", nil)
        case is ReLU6: return ("nn.ReLU6()", nil)
        case let l as LeakyReLU: return ("nn.LeakyReLU(\(python(l.slope)))", nil)
        case is Sigmoid: return ("nn.Sigmoid()", nil)
        case is Tanh: return ("nn.Tanh()", nil)
        case is Softmax: return ("nn.Softmax(dim=1)", nil)
        case is Flatten: return ("nn.Flatten()", nil)
        case let u as Unflatten:
            let dims = u.sizes.map(String.init).joined(separator: ", ") + (u.sizes.count == 1 ? "," : "")
            return ("nn.Unflatten(1, (\(dims)))", nil)
        case is Identity: return ("nn.Identity()", nil)
        case let d as Dropout: return ("nn.Dropout(\(python(d.p)))", nil)
        case is Add: return ("Add()", "Add")
        case is Concat: return ("Concat()", "Concat")
        case let g as Gaussian: return (g.beta == 1 ? "Gaussian()" : "Gaussian(beta=\(python(g.beta)))", "Gaussian")
        default:
            throw NNError("export: \(layer.callName) (\(layer.kind)) has no PyTorch counterpart in the exporter")
        }
    }

    /// A Float as Python reads it back to the same Float (`0.1`, `1e-05`).
    static func python(_ x: Float) -> String {
        let s = "\(x)"
        return s.contains(".") || s.contains("e") || s.contains("n") ? s : s + ".0"
    }
}
