import Tensor

/// Adds its inputs elementwise: the residual connection of ResNet (`x + f(x)`).
/// All inputs must have the same shape.
///
///     let b = GraphBuilder(); let y = b.add(conv, b.input); let s = b.add(Add(), y, b.input)
public final class Add: Layer {
    public override init() { super.init() }
    public override var kind: String { "add" }
    public override var inputCount: ClosedRange<Int> { 2...Int.max }

    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        for s in inputShapes.dropFirst() where s != inputShapes[0] {
            throw LayerShapeError(expected: "inputs of the same shape \(describeShape(inputShapes[0]))", got: s)
        }
        return inputShapes[0]
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        var y = inputs[0]
        for x in inputs.dropFirst() { y = try y.adding(x) }
        return y
    }
}

/// Concatenates its inputs along the channel axis: U-Net's skip connections and
/// Inception's branches. Inputs must agree on every other axis.
///
///     let cat = Concat()     // [16, 14, 14] and [8, 14, 14] → [24, 14, 14]
public final class Concat: Layer {
    public override init() { super.init() }
    public override var kind: String { "concat" }
    public override var inputCount: ClosedRange<Int> { 2...Int.max }

    public override func outputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        let first = inputShapes[0]
        guard !first.isEmpty else { throw LayerShapeError(expected: "inputs with a channel axis", got: first) }
        var channels = 0
        for s in inputShapes {
            guard s.count == first.count, s.dropFirst() == first.dropFirst() else {
                throw LayerShapeError(expected: "inputs matching \(describeShape(first)) except in channels", got: s)
            }
            channels += s[0]
        }
        return [channels] + first.dropFirst()
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor { try Tensor.concat(inputs, axis: 1) }
}
