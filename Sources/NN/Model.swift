import Tensor

/// What a model is for; chooses the default loss and what `evaluate` reports.
public enum ModelKind: String, Codable, Sendable {
    /// Output reproduces the input (binary cross-entropy when it ends in sigmoid, else MSE).
    case autoencoder
    /// Output is class scores: probabilities after a trailing softmax, or logits (cross-entropy).
    case classifier
    /// Anything else (encoders, decoders, backbones): MSE against the input when shapes agree.
    case other
}

/// A model: a graph of layer nodes, each reading the outputs of earlier nodes (or the
/// model's input). Chains are the common case; residual `Add` and channel `Concat`
/// nodes give ResNet, Inception and U-Net. The output is the last node.
///
/// Every node has a path (`["0", "3"]`) that names its parameters the way PyTorch's
/// `state_dict` does (`0.3.weight`). Parts and slices share layers — and so weights —
/// with the whole.
///
///     let m = try Model(chain: [Conv2d(out: 16), ReLU(), Pool2d(.max)], inputShape: [1, 28, 28])
///     let y = try m(image)        // [1, 28, 28] → [16, 14, 14]
public final class Model {
    /// One node: a layer, the indices of the nodes it reads (`Model.input` = the
    /// model's input) and its name path.
    public struct Node {
        public let layer: Layer
        public let inputs: [Int]
        public let path: [String]
        public init(layer: Layer, inputs: [Int], path: [String]) {
            self.layer = layer; self.inputs = inputs; self.path = path
        }
    }

    /// The index nodes use to read the model's input.
    public static let input = -1

    /// Nodes in topological order; the last one is the output.
    public let nodes: [Node]
    /// Shape of one input sample without the batch axis (`[1, 28, 28]`), when known.
    public private(set) var inputShape: [Int]?
    /// The name this model has as a part of another (`encoder`).
    public var name: String?
    /// Named parts: each a top-level path key whose nodes form the part.
    public internal(set) var parts: [(name: String, key: String)] = []
    /// A sealed model nests as one item when composed (like a PyTorch submodule);
    /// an unsealed one (the result of `+`) splices its items into the new chain.
    public var isSealed: Bool
    /// What the model is for (chooses the default loss).
    public var kind: ModelKind
    /// Losses per epoch of every `fit` so far.
    public var history = TrainingHistory()
    /// The optimizer `fit` keeps between calls (Adam state carries over).
    public var optimizer: Optimizer?

    private var shapeCache: (input: [Int], shapes: [[Int]])?
    private var lastUse: [Int]

    /// A graph model from nodes already in topological order (see `GraphBuilder`).
    /// Throws when a node reads a later node or has the wrong number of inputs.
    public init(nodes: [Node], inputShape: [Int]? = nil, sealed: Bool = true, kind: ModelKind? = nil) throws {
        guard !nodes.isEmpty else { throw NNError("a model needs at least one layer") }
        for (i, n) in nodes.enumerated() {
            guard n.layer.inputCount.contains(n.inputs.count) else {
                throw NNError("\(n.layer.callName) takes \(n.layer.inputCount.lowerBound) input(s), got \(n.inputs.count)")
            }
            for j in n.inputs where j < Model.input || j >= i {
                throw NNError("\(n.layer.callName) (node \(i)) reads node \(j), which does not come before it")
            }
        }
        self.nodes = nodes
        self.isSealed = sealed
        self.kind = .other
        var last = [Int](repeating: nodes.count - 1, count: nodes.count)
        for (i, n) in nodes.enumerated() { for j in n.inputs where j >= 0 { last[j] = i } }
        lastUse = last
        self.kind = kind ?? .other
        if let inputShape { try setInputShape(inputShape) }
        if kind == nil { self.kind = inferKind() }
    }

    /// A chain of layers named "0", "1", ... like `nn.Sequential`.
    ///
    ///     let enc = try Model(chain: [Conv2d(out: 16), ReLU()], inputShape: [1, 28, 28])
    public convenience init(chain layers: [Layer], inputShape: [Int]? = nil, sealed: Bool = true, kind: ModelKind? = nil) throws {
        let nodes = layers.enumerated().map { Node(layer: $1, inputs: [$0 - 1], path: [String($0)]) }
        try self.init(nodes: nodes, inputShape: inputShape, sealed: sealed, kind: kind)
    }

    /// One layer as a model (what a bare `fc(10)` or `relu` becomes at the prompt).
    public convenience init(layer: Layer, inputShape: [Int]? = nil) throws {
        try self.init(chain: [layer], inputShape: inputShape, sealed: false)
    }

    /// Fixes the input shape and works out every node's shape, creating lazy
    /// parameters. Throws an `NNError` naming the first layer that does not fit.
    public func setInputShape(_ shape: [Int]) throws {
        _ = try shapes(forSample: shape)
        inputShape = shape
    }

    /// Per-sample output shape of every node for a per-sample input shape.
    public func shapes(forSample input: [Int]) throws -> [[Int]] {
        if let c = shapeCache, c.input == input { return c.shapes }
        var out: [[Int]] = []
        out.reserveCapacity(nodes.count)
        for (i, n) in nodes.enumerated() {
            let ins = n.inputs.map { $0 < 0 ? input : out[$0] }
            do {
                out.append(try n.layer.outputShape(ins))
            } catch let e as LayerShapeError {
                throw NNError("\(context(i)): expected \(e.expected), got \(describeShape(e.got))" + builtFor(input, node: i))
            } catch let e as NNError {
                throw NNError("\(context(i)): \(e.message)" + builtFor(input, node: i))
            }
        }
        shapeCache = (input, out)
        return out
    }

    /// After a layer deep inside refuses its input: the input size the model was
    /// built for, when this input differs from it (a 20×20 image reaching an fc
    /// sized for 28×28 fails far from the input).
    private func builtFor(_ input: [Int], node i: Int) -> String {
        guard i > 0, let built = inputShape, built != input, built.count == input.count else { return "" }
        return " (the model was built for \(describeDims(built)) inputs, this one is \(describeDims(input)))"
    }

    /// Per-sample output shape, when the input shape is known.
    public var outputShape: [Int]? {
        guard let s = inputShape else { return nil }
        return try? shapes(forSample: s).last
    }

    /// "fc(10) after conv 3×3 16→8" or "conv 3×3 1→16 at the input": how errors name a node.
    func context(_ i: Int) -> String {
        let n = nodes[i]
        let before = n.inputs.map { $0 < 0 ? "the input" : nodes[$0].layer.description }
        if before == ["the input"] { return "\(n.layer.callName) at the input" }
        return "\(n.layer.callName) after \(before.joined(separator: " and "))"
    }

    /// Runs a batch ([N, ...]) through the graph, recording gradients when autodiff is on.
    /// `through` stops at that node (the trainer reads logits before a final softmax).
    public func forward(_ x: Tensor, through last: Int? = nil) throws -> Tensor {
        guard x.rank >= 1 else {
            throw NNError("\(context(0)): expected a batch, got a scalar")
        }
        let sample = Array(x.shape.dropFirst())
        _ = try shapes(forSample: sample)
        if inputShape == nil { inputShape = sample }
        let end = min(last ?? nodes.count - 1, nodes.count - 1)
        var values = [Tensor?](repeating: nil, count: end + 1)
        for i in 0...end {
            let n = nodes[i]
            let ins = n.inputs.map { $0 < 0 ? x : values[$0]! }
            do {
                values[i] = try n.layer.forward(ins)
            } catch let e as TensorError {
                throw NNError("\(context(i)): \(e.description)")
            } catch let e as NNError {
                throw NNError("\(context(i)): \(e.message)")
            }
            for j in n.inputs where j >= 0 && lastUse[j] <= i && j != end { values[j] = nil }
        }
        return values[end]!
    }

    /// Runs one sample ([C,H,W] for image models, [72] for a decoder) or a batch; a
    /// single sample comes back without the batch axis. A plain [H, W] matrix given to
    /// a model of 1-channel images is taken as one image, and a 1-channel image result
    /// comes back as [H, W] too (`upsample` of `[[1,2],[3,4]]` is 4×4).
    ///
    ///     let z = try ae.part("encoder")(image)   // [1, 28, 28] → [72]
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let rank = inputShape?.count ?? nodes[0].layer.sampleRank
        if let rank, x.rank == rank {
            let y = try forward(x.reshape([1] + x.shape))
            return try y.reshape(Array(y.shape.dropFirst()))
        }
        // A matrix is one 1-channel image only where the model takes images of that
        // size (or has not seen any yet); [2, 784] is not a 2×784 picture.
        let matrixIsImage = inputShape.map { $0.count == 3 && $0[0] == 1 && Array($0.dropFirst()) == x.shape } ?? true
        if rank == 3, x.rank == 2, matrixIsImage {
            let y = try forward(x.reshape([1, 1] + x.shape))
            let sample = Array(y.shape.dropFirst())
            return try y.reshape(sample.count == 3 && sample[0] == 1 ? Array(sample.dropFirst()) : sample)
        }
        if let rank, x.rank != rank + 1 {
            // Neither one sample nor a batch: the first layer says what it takes, about
            // the whole shape given ([784], [1, 2, 3, 4, 5]), not a slice of it.
            _ = try shapes(forSample: x.shape)
            throw NNError("\(context(0)): expected one sample of rank \(rank) or a batch of them, got \(describeShape(x.shape))")
        }
        return try forward(x)
    }

    /// The layer at a node index (the `#` column of the summary).
    public func layer(at index: Int) throws -> Layer {
        guard nodes.indices.contains(index) else {
            throw NNError("layer index \(index) is out of range: the model has \(nodes.count) layers (0..<\(nodes.count))")
        }
        return nodes[index].layer
    }

    /// Train or eval mode for every layer (dropout, batch norm).
    public var isTraining: Bool {
        get { nodes.contains { $0.layer.isTraining } }
        set { for n in nodes { n.layer.isTraining = newValue } }
    }

    /// Parameters by PyTorch state_dict name (`0.3.weight`), each once, in node order.
    public var namedParameters: [(String, Parameter)] {
        var seen = Set<ObjectIdentifier>()
        var out: [(String, Parameter)] = []
        for n in nodes {
            for (local, p) in n.layer.parameters where seen.insert(ObjectIdentifier(p)).inserted {
                out.append(((n.path + [local]).joined(separator: "."), p))
            }
        }
        return out
    }

    /// Every distinct parameter, in node order.
    public var parameters: [Parameter] { namedParameters.map { $0.1 } }

    /// Number of parameter values (created ones; lazy layers count once shaped).
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Number of parameter values that training updates.
    public var trainableCount: Int { parameters.filter { !$0.isFrozen }.reduce(0) { $0 + $1.count } }

    /// Freezes every parameter: no gradient, no update; batch norms keep their statistics.
    /// Parts share parameters, so `try ae.part("encoder").freeze()` freezes them in `ae` too.
    public func freeze() { for p in parameters { p.isFrozen = true } }

    /// Makes every parameter trainable again.
    public func unfreeze() { for p in parameters { p.isFrozen = false } }

    /// Clears the accumulated gradients.
    public func zeroGradients() { for p in parameters { p.value.grad = nil } }

    /// The kind guessed from the layers: softmax or fc last → classifier; output shape
    /// equal to input shape → autoencoder; else other.
    public func inferKind() -> ModelKind {
        let last = nodes[nodes.count - 1].layer
        if last is Softmax || last is Linear { return .classifier }
        if let i = inputShape, let o = outputShape, i == o { return .autoencoder }
        return .other
    }

    /// True when the output node is a softmax (the trainer folds it into cross-entropy).
    public var endsInSoftmax: Bool { nodes[nodes.count - 1].layer is Softmax }
}
