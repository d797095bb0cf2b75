import Tensor
import NN

/// Layers (`conv(16)`, `fc(10)`, `maxpool`, `relu`, ...). Names that are also
/// tensor functions act on a tensor when given one: `relu(x)`, `maxpool(x, 2)`,
/// `upsample(tensor([[1, 2], [3, 4]]), 2)` — the lecture's 2×2 → 4×4 example.
enum LayerBuiltins {
    static func register(_ r: inout [String: Builtin]) {
        func layer(_ name: String, bare: (() throws -> Layer)?, _ f: @escaping (inout Arguments) throws -> Value) {
            r[name] = Builtin(name, layer: bare, f)
        }
        func isTensorCall(_ a: Arguments) -> Bool {
            switch a.value(0) {
            case .tensor?, .list?: return true
            default: return false
            }
        }
        /// A parameter-free pointwise layer that is also a function on tensors.
        func activation(_ name: String, _ make: @escaping () -> Layer, _ op: @escaping (Tensor) throws -> Tensor) {
            layer(name, bare: { make() }) { a in
                try a.finish(maxPositional: 1)
                if a.count == 0 { return .layer(make()) }
                return .tensor(try op(try a.tensor(0)))
            }
        }
        activation("relu", { ReLU() }) { $0.relu() }
        activation("sigmoid", { Sigmoid() }) { $0.sigmoid() }

        layer("softmax", bare: { Softmax() }) { a in
            let axis = try a.int("axis", default: -1)
            try a.finish(maxPositional: 1)
            if a.count == 0 { return .layer(Softmax()) }
            return .tensor(try a.tensor(0).softmax(axis: axis))
        }
        layer("flatten", bare: { Flatten() }) { a in
            let start = try a.int("start", default: 0)
            try a.finish(maxPositional: 1)
            if a.count == 0 { return .layer(Flatten()) }
            return .tensor(try a.tensor(0).flatten(startDim: start))
        }
        for (name, mode) in [("maxpool", Pool2d.Mode.max), ("avgpool", Pool2d.Mode.average)] {
            layer(name, bare: { try Pool2d(mode, kernel: 2) }) { a in
                let stride = try a.optionalInt("stride")
                if isTensorCall(a) {
                    try a.finish(maxPositional: 2)
                    let k = a.count > 1 ? try a.int(1, "kernel") : 2
                    let x = try a.tensor(0)
                    return .tensor(try asImages(x, name) {
                        mode == .max ? try $0.maxPool2d(kernel: k, stride: stride) : try $0.avgPool2d(kernel: k, stride: stride)
                    })
                }
                try a.finish(maxPositional: 1)
                return .layer(try Pool2d(mode, kernel: a.count > 0 ? try a.int(0, "kernel") : 2, stride: stride))
            }
        }
        layer("upsample", bare: { try Upsample(scale: 2) }) { a in
            if isTensorCall(a) {
                try a.finish(maxPositional: 2)
                let s = a.count > 1 ? try a.int(1, "scale") : 2
                let x = try a.tensor(0)
                return .tensor(try asImages(x, "upsample") { try $0.upsampleNearest(scale: s) })
            }
            try a.finish(maxPositional: 1)
            return .layer(try Upsample(scale: a.count > 0 ? try a.int(0, "scale") : 2))
        }
        layer("conv", bare: nil) { a in
            let kernel = try a.int("kernel", default: 3), stride = try a.int("stride", default: 1)
            let padding = try a.optionalInt("padding"), groups = try a.int("groups", default: 1)
            let bias = try a.bool("bias", default: true)
            try a.finish(maxPositional: 1)
            return .layer(try Conv2d(out: try a.int(0, "output channels"), kernel: kernel, stride: stride,
                                     padding: padding, bias: bias, groups: groups))
        }
        layer("fc", bare: nil) { a in
            let bias = try a.bool("bias", default: true)
            try a.finish(maxPositional: 1)
            return .layer(try Linear(out: try a.int(0, "output size"), bias: bias))
        }
        layer("batchnorm", bare: { try BatchNorm2d() }) { a in
            try a.finish(maxPositional: 0)
            return .layer(try BatchNorm2d())
        }
        layer("dropout", bare: { try Dropout(p: 0.5) }) { a in
            try a.finish(maxPositional: 1)
            return .layer(try Dropout(p: Float(a.count > 0 ? try a.number(0, "probability") : 0.5)))
        }
        layer("globalpool", bare: { GlobalAvgPool() }) { a in
            try a.finish(maxPositional: 0)
            return .layer(GlobalAvgPool())
        }
        layer("unflatten", bare: nil) { a in
            try a.finish(maxPositional: Int.max)
            return .layer(try Unflatten(try TensorBuiltins.shape(a)))
        }
    }

    /// Pooling and upsampling want NCHW; a single image [C,H,W] or a matrix [H,W]
    /// is lifted and the result brought back to the same rank.
    static func asImages(_ x: Tensor, _ op: String, _ f: (Tensor) throws -> Tensor) throws -> Tensor {
        switch x.rank {
        case 4: return try f(x)
        case 3:
            let y = try f(try x.reshape([1] + x.shape))
            return try y.reshape(Array(y.shape.dropFirst()))
        case 2:
            let y = try f(try x.reshape([1, 1] + x.shape))
            return try y.reshape(Array(y.shape.dropFirst(2)))
        default:
            throw RuntimeError("\(op): expected an image [H, W], [C, H, W] or a batch [N, C, H, W], got shape \(describeShape(x.shape))")
        }
    }
}
