import Tensor

extension TorchVision {
    /// torchvision's `resnet18` exactly: a 7×7/2 conv stem, batch norm, relu, 3×3/2 max
    /// pool (padded), four stages of two basic blocks (64, 128, 256, 512 channels; a
    /// strided 1×1 conv + bn `downsample` where the shape changes), global average pool
    /// and `fc` 512→classes (logits, no softmax). Parameter names are torchvision's
    /// `state_dict` keys: `conv1.weight`, `bn1.running_mean`, `layer2.0.downsample.0.weight`,
    /// `fc.bias`, … (11,689,512 parameters for 1000 classes). Parts: `layer1`…`layer4`, `head` (`fc`).
    /// Any input of at least 3×32×32 works; ImageNet's is 3×224×224.
    ///
    ///     let net = try TorchVision.resnet18()
    ///     try net.loadWeights(from: "/tmp/resnet18.safetensors")
    public static func resnet18(classes: Int = 1000, inputShape: [Int] = [3, 224, 224]) throws -> Model {
        try check("resnet18", classes)
        registerLayers()
        let b = GraphBuilder()
        b.add(try Conv2d(out: 64, kernel: 7, stride: 2, padding: 3, in: inputShape.first ?? 3, bias: false), name: "conv1")
        b.add(try BatchNorm2d(channels: 64), name: "bn1")
        b.add(ReLU(), name: "relu")
        b.add(try PaddedMaxPool2d(kernel: 3, stride: 2, padding: 1), name: "maxpool")
        var inplanes = 64
        for (i, (planes, firstStride)) in [(64, 1), (128, 2), (256, 2), (512, 2)].enumerated() {
            try b.part("layer\(i + 1)") {
                for block in 0..<2 {
                    let stride = block == 0 ? firstStride : 1
                    try b.part(String(block)) {
                        let x = b.last
                        b.add(try Conv2d(out: planes, stride: stride, in: inplanes, bias: false), x, name: "conv1")
                        b.add(try BatchNorm2d(channels: planes), name: "bn1")
                        b.add(ReLU(), name: "relu")
                        b.add(try Conv2d(out: planes, in: planes, bias: false), name: "conv2")
                        let main = b.add(try BatchNorm2d(channels: planes), name: "bn2")
                        var shortcut = x
                        if stride != 1 || inplanes != planes {
                            try b.part("downsample") {
                                b.add(try Conv2d(out: planes, kernel: 1, stride: stride, in: inplanes, bias: false), x, name: "0")
                                shortcut = b.add(try BatchNorm2d(channels: planes), name: "1")
                            }
                        }
                        b.add(Add(), main, shortcut, name: "add")
                        b.add(ReLU(), name: "relu_out")
                    }
                    inplanes = planes
                }
            }
        }
        b.add(GlobalAvgPool(), name: "avgpool")
        b.add(try Linear(out: classes, in: 512), name: "fc")
        let m = try b.model(inputShape: inputShape, kind: .classifier)
        m.name = "resnet18"
        m.parts = (1...4).map { ("layer\($0)", "layer\($0)") } + [("head", "fc")]
        return m
    }
}
