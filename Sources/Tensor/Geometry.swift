/// The validated geometry of a 2-D convolution; ops compute it, backends use it
/// (and the fast backend keys its primitive cache on it).
public struct ConvGeometry: Hashable, Sendable {
    public var batch: Int, inChannels: Int, height: Int, width: Int
    public var outChannels: Int, kernelH: Int, kernelW: Int
    public var stride: Int, padding: Int, groups: Int
    public var outHeight: Int { (height + 2 * padding - kernelH) / stride + 1 }
    public var outWidth: Int { (width + 2 * padding - kernelW) / stride + 1 }
    public var inputShape: [Int] { [batch, inChannels, height, width] }
    public var weightShape: [Int] { [outChannels, inChannels / groups, kernelH, kernelW] }
    public var outputShape: [Int] { [batch, outChannels, outHeight, outWidth] }

    public init(batch: Int, inChannels: Int, height: Int, width: Int, outChannels: Int,
                kernelH: Int, kernelW: Int, stride: Int, padding: Int, groups: Int) {
        self.batch = batch; self.inChannels = inChannels; self.height = height; self.width = width
        self.outChannels = outChannels; self.kernelH = kernelH; self.kernelW = kernelW
        self.stride = stride; self.padding = padding; self.groups = groups
    }
}

/// The validated geometry of a 2-D pooling window (no padding, floor mode, as PyTorch's default).
public struct PoolGeometry: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case max, average }
    public var kind: Kind
    public var batch: Int, channels: Int, height: Int, width: Int
    public var kernel: Int, stride: Int
    public var outHeight: Int { (height - kernel) / stride + 1 }
    public var outWidth: Int { (width - kernel) / stride + 1 }
    public var inputShape: [Int] { [batch, channels, height, width] }
    public var outputShape: [Int] { [batch, channels, outHeight, outWidth] }

    public init(kind: Kind, batch: Int, channels: Int, height: Int, width: Int, kernel: Int, stride: Int) {
        self.kind = kind; self.batch = batch; self.channels = channels
        self.height = height; self.width = width; self.kernel = kernel; self.stride = stride
    }
}

/// Pointwise activations a backend computes (forward from x, backward from x or y).
public enum Activation: Hashable, Sendable {
    case relu
    case leakyRelu(slope: Float)
    case sigmoid
    case tanh
}
