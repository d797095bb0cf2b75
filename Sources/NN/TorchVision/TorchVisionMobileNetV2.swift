import Tensor

extension TorchVision {
    /// torchvision's `mobilenet_v2` exactly (width 1.0): `features` — a 3×3/2 conv-bn-relu6
    /// stem, 17 inverted residual blocks (1×1 expansion, 3×3 depthwise, 1×1 linear
    /// projection; `x + block(x)` when stride 1 and the channels agree), a 1×1 conv to
    /// 1280 — then global average pool and `classifier` (dropout 0.2, fc 1280→classes,
    /// logits). Names are torchvision's `state_dict` keys (`features.1.conv.0.0.weight`,
    /// `features.18.1.running_var`, `classifier.1.weight`; 3,504,872 parameters for 1000
    /// classes). Parts: `backbone` (= `features`), `head` (= `classifier`).
    ///
    ///     let net = try TorchVision.mobilenetV2()
    public static func mobilenetV2(classes: Int = 1000, inputShape: [Int] = [3, 224, 224]) throws -> Model {
        try check("mobilenet_v2", classes)
        registerLayers()
        let b = GraphBuilder()
        func convBNReLU6(_ inC: Int, _ outC: Int, kernel: Int, stride: Int = 1, groups: Int = 1) throws {
            b.add(try Conv2d(out: outC, kernel: kernel, stride: stride, padding: (kernel - 1) / 2, in: inC, bias: false, groups: groups), name: "0")
            b.add(try BatchNorm2d(channels: outC), name: "1")
            b.add(ReLU6(), name: "2")
        }
        // (expansion t, channels c, repeats n, first stride s), torchvision's table.
        let settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
        try b.part("features") {
            var inC = 32
            try b.part("0") { try convBNReLU6(inputShape.first ?? 3, 32, kernel: 3, stride: 2) }
            var index = 1
            for (t, c, n, s) in settings {
                for r in 0..<n {
                    let stride = r == 0 ? s : 1, hidden = inC * t
                    try b.part(String(index)) {
                        let x = b.last
                        try b.part("conv") {
                            var k = 0
                            if t != 1 { try b.part("0") { try convBNReLU6(inC, hidden, kernel: 1) }; k = 1 }
                            try b.part(String(k)) { try convBNReLU6(hidden, hidden, kernel: 3, stride: stride, groups: hidden) }
                            b.add(try Conv2d(out: c, kernel: 1, in: hidden, bias: false), name: String(k + 1))
                            b.add(try BatchNorm2d(channels: c), name: String(k + 2))
                        }
                        if stride == 1 && inC == c { b.add(Add(), b.last, x, name: "add") }
                    }
                    inC = c
                    index += 1
                }
            }
            try b.part(String(index)) { try convBNReLU6(inC, 1280, kernel: 1) }
        }
        b.add(GlobalAvgPool(), name: "avgpool")
        try b.part("classifier") {
            b.add(try Dropout(p: 0.2), name: "0")
            b.add(try Linear(out: classes, in: 1280), name: "1")
        }
        let m = try b.model(inputShape: inputShape, kind: .classifier)
        m.name = "mobilenet_v2"
        m.parts = [("backbone", "features"), ("head", "classifier")]
        return m
    }
}
