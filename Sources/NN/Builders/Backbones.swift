import Tensor

/// The lecture's backbones, sized for small images (MNIST's 1×28×28 by default).
/// Each is a classifier with parts `backbone` (features) and `head` (fc … softmax), so
/// transfer learning is `try m.part("backbone")` plus a new head. They keep each
/// family's idea, not its ImageNet size.
extension Builders {
    /// VGG: blocks of two 3×3 convs + relu, then maxpool, doubling the width each block;
    /// head fc 128, relu, dropout 0.5, fc classes, softmax.
    ///
    ///     let m = try Builders.vgg()        // 1×28×28 → 10
    public static func vgg(classes: Int = 10, inputShape: [Int] = [1, 28, 28], width: Int = 16, blocks: Int = 3) throws -> Model {
        try checkBackbone("vgg", classes, inputShape, width)
        guard (1...6).contains(blocks) else { throw NNError("vgg: blocks must be between 1 and 6, got \(blocks)") }
        let b = GraphBuilder()
        try b.part("backbone") {
            for k in 0..<blocks {
                b.add(try Conv2d(out: width << k)); b.add(ReLU())
                b.add(try Conv2d(out: width << k)); b.add(ReLU())
                b.add(try Pool2d(.max, kernel: 2))
            }
            b.add(Flatten())
        }
        try head(b, classes, hidden: 128)
        return try finish(b, inputShape, "vgg", minimum: 1 << blocks)
    }

    /// AlexNet: a wide 5×5 first conv, then 3×3 convs, three maxpools; a dropout-fc head.
    ///
    ///     let m = try Builders.alexnet()
    public static func alexnet(classes: Int = 10, inputShape: [Int] = [1, 28, 28], width: Int = 32) throws -> Model {
        try checkBackbone("alexnet", classes, inputShape, width)
        let b = GraphBuilder()
        try b.part("backbone") {
            b.add(try Conv2d(out: width, kernel: 5)); b.add(ReLU()); b.add(try Pool2d(.max, kernel: 2))
            b.add(try Conv2d(out: width * 2)); b.add(ReLU()); b.add(try Pool2d(.max, kernel: 2))
            b.add(try Conv2d(out: width * 3)); b.add(ReLU())
            b.add(try Conv2d(out: width * 3)); b.add(ReLU())
            b.add(try Conv2d(out: width * 2)); b.add(ReLU()); b.add(try Pool2d(.max, kernel: 2))
            b.add(Flatten())
        }
        try head(b, classes, hidden: 256, dropoutFirst: true)
        return try finish(b, inputShape, "alexnet", minimum: 8)
    }

    /// ResNet: a conv-batchnorm-relu stem, then basic residual blocks
    /// (conv-bn-relu-conv-bn, plus the input — through a strided 1×1 conv + bn when the
    /// shape changes — then relu), one stage per width, global average pool, fc, softmax.
    ///
    ///     let m = try Builders.resnet(blocksPerStage: 2)
    public static func resnet(classes: Int = 10, inputShape: [Int] = [1, 28, 28], width: Int = 16,
                              stages: Int = 3, blocksPerStage: Int = 1) throws -> Model {
        try checkBackbone("resnet", classes, inputShape, width)
        guard (1...5).contains(stages), (1...8).contains(blocksPerStage) else {
            throw NNError("resnet: stages must be 1…5 and blocks per stage 1…8, got \(stages) and \(blocksPerStage)")
        }
        let b = GraphBuilder()
        try b.part("backbone") {
            b.add(try Conv2d(out: width, bias: false)); b.add(try BatchNorm2d()); b.add(ReLU())
            var channels = width
            for s in 0..<stages {
                for k in 0..<blocksPerStage {
                    let out = width << s
                    let stride = (s > 0 && k == 0) ? 2 : 1
                    let x = b.last
                    b.add(try Conv2d(out: out, stride: stride, bias: false), x); b.add(try BatchNorm2d()); b.add(ReLU())
                    b.add(try Conv2d(out: out, bias: false)); let main = b.add(try BatchNorm2d())
                    var shortcut = x
                    if stride != 1 || channels != out {
                        b.add(try Conv2d(out: out, kernel: 1, stride: stride, bias: false), x)
                        shortcut = b.add(try BatchNorm2d())
                    }
                    b.add(Add(), main, shortcut); b.add(ReLU())
                    channels = out
                }
            }
            b.add(GlobalAvgPool())
        }
        try b.part("head") { b.add(try Linear(out: classes)); b.add(Softmax()) }
        return try finish(b, inputShape, "resnet")
    }

    /// MobileNet: depthwise-separable blocks — a 3×3 depthwise conv (groups = channels)
    /// then a 1×1 pointwise conv, each with batch norm and relu — striding to shrink.
    ///
    ///     let m = try Builders.mobilenet()
    public static func mobilenet(classes: Int = 10, inputShape: [Int] = [1, 28, 28], width: Int = 16) throws -> Model {
        try checkBackbone("mobilenet", classes, inputShape, width)
        let b = GraphBuilder()
        try b.part("backbone") {
            b.add(try Conv2d(out: width, bias: false)); b.add(try BatchNorm2d()); b.add(ReLU())
            var channels = width
            for (out, stride) in [(width * 2, 1), (width * 4, 2), (width * 4, 1), (width * 8, 2)] {
                b.add(try Conv2d(out: channels, stride: stride, in: channels, bias: false, groups: channels))
                b.add(try BatchNorm2d()); b.add(ReLU())
                b.add(try Conv2d(out: out, kernel: 1, bias: false)); b.add(try BatchNorm2d()); b.add(ReLU())
                channels = out
            }
            b.add(GlobalAvgPool())
        }
        try b.part("head") { b.add(try Linear(out: classes)); b.add(Softmax()) }
        return try finish(b, inputShape, "mobilenet")
    }

    /// Inception: modules of parallel branches — 1×1; 1×1 then 3×3; 1×1 then 5×5 —
    /// concatenated along the channels. (GoogLeNet's fourth, pooling branch needs a
    /// padded 3×3 max pool, which the pooling op does not offer; it is left out.)
    ///
    ///     let m = try Builders.inception()
    public static func inception(classes: Int = 10, inputShape: [Int] = [1, 28, 28], width: Int = 16) throws -> Model {
        try checkBackbone("inception", classes, inputShape, width)
        let b = GraphBuilder()
        func module(_ w: Int) throws {
            let x = b.last
            let one = b.add(try Conv2d(out: w, kernel: 1), x); b.add(ReLU(), one)
            let r1 = b.last
            b.add(try Conv2d(out: w / 2 + 1, kernel: 1), x); b.add(ReLU()); b.add(try Conv2d(out: w)); b.add(ReLU())
            let r3 = b.last
            b.add(try Conv2d(out: w / 4 + 1, kernel: 1), x); b.add(ReLU()); b.add(try Conv2d(out: w / 2, kernel: 5)); b.add(ReLU())
            let r5 = b.last
            b.add(Concat(), r1, r3, r5)
        }
        try b.part("backbone") {
            b.add(try Conv2d(out: width)); b.add(ReLU()); b.add(try Pool2d(.max, kernel: 2))
            try module(width)
            b.add(try Pool2d(.max, kernel: 2))
            try module(width * 2)
            b.add(GlobalAvgPool())
        }
        try b.part("head") { b.add(try Linear(out: classes)); b.add(Softmax()) }
        return try finish(b, inputShape, "inception", minimum: 4)
    }

    /// U-Net: an encoder (two 3×3 convs per level, maxpool between), a bottleneck, and a
    /// decoder that upsamples, concatenates the encoder's features of the same size
    /// (the skip connections) and convolves; a 1×1 conv and sigmoid give an image of the
    /// input's shape (trained like an autoencoder; BCE). Parts: `encoder`, `decoder`.
    /// Height and width must be divisible by 2^levels.
    ///
    ///     let m = try Builders.unet()       // 1×28×28 → 1×28×28
    public static func unet(inputShape: [Int] = [1, 28, 28], width: Int = 16, levels: Int = 2) throws -> Model {
        try checkBackbone("unet", 2, inputShape, width)
        guard (1...4).contains(levels) else { throw NNError("unet: levels must be between 1 and 4, got \(levels)") }
        guard inputShape[1] % (1 << levels) == 0, inputShape[2] % (1 << levels) == 0 else {
            throw NNError("unet: height and width must be divisible by \(1 << levels) for \(levels) levels, got \(describeDims(inputShape))")
        }
        let b = GraphBuilder()
        var skips: [GraphBuilder.Ref] = []
        try b.part("encoder") {
            for k in 0..<levels {
                if k > 0 { b.add(try Pool2d(.max, kernel: 2)) }
                b.add(try Conv2d(out: width << k)); b.add(ReLU()); b.add(try Conv2d(out: width << k)); skips.append(b.add(ReLU()))
            }
            b.add(try Pool2d(.max, kernel: 2))
            b.add(try Conv2d(out: width << levels)); b.add(ReLU()); b.add(try Conv2d(out: width << levels)); b.add(ReLU())
        }
        try b.part("decoder") {
            for k in (0..<levels).reversed() {
                b.add(try Upsample(scale: 2)); let up = b.add(try Conv2d(out: width << k))
                b.add(Concat(), up, skips[k])
                b.add(try Conv2d(out: width << k)); b.add(ReLU()); b.add(try Conv2d(out: width << k)); b.add(ReLU())
            }
            b.add(try Conv2d(out: inputShape[0], kernel: 1)); b.add(Sigmoid())
        }
        let m = try finish(b, inputShape, "unet", minimum: 1 << levels)
        m.kind = .autoencoder
        return m
    }

    private static func head(_ b: GraphBuilder, _ classes: Int, hidden: Int, dropoutFirst: Bool = false) throws {
        try b.part("head") {
            if dropoutFirst { b.add(try Dropout(p: 0.5)) }
            b.add(try Linear(out: hidden)); b.add(ReLU()); b.add(try Dropout(p: 0.5))
            b.add(try Linear(out: classes)); b.add(Softmax())
        }
    }

    private static func checkBackbone(_ name: String, _ classes: Int, _ shape: [Int], _ width: Int) throws {
        guard classes >= 2, classes <= 100_000 else {
            throw NNError("\(name): the number of classes must be between 2 and 100,000, got \(classes)")
        }
        guard shape.count == 3, shape.allSatisfy({ $0 >= 1 }), shape[0] <= 64, shape[1] <= 1024, shape[2] <= 1024 else {
            throw NNError("\(name): the input shape must be [channels ≤ 64, height ≤ 1024, width ≤ 1024], got \(describeShape(shape))")
        }
        guard width >= 1, width <= 512 else { throw NNError("\(name): width must be between 1 and 512, got \(width)") }
    }

    /// Shapes the graph; a size that does not fit names the layer, the shape it got
    /// and (`minimum`: the side its poolings need) which sizes work.
    private static func finish(_ b: GraphBuilder, _ shape: [Int], _ name: String, minimum: Int = 1) throws -> Model {
        do {
            let m = try b.model(inputShape: shape)
            m.name = name
            return m
        } catch let e as NNError {
            let hint = minimum > 1 ? "; \(name) needs images of at least \(minimum)×\(minimum)" : ""
            throw NNError("\(name) for \(describeDims(shape)) images: \(e.message)\(hint)")
        }
    }
}
