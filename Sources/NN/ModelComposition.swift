import Tensor

/// Composition (`a + b`), slicing (`model[0..<3]`) and named parts (`ae.encoder`).
/// All of them share layers, and so weights, with the models they come from.
extension Model {
    /// `a + b`: feeds this model's output into `other`. A sealed operand (a builder's
    /// encoder, a chain) becomes one nested item, an unsealed one (a bare layer, the
    /// result of an earlier `+`) splices its items in; items are renumbered 0, 1, ...
    /// so names follow PyTorch's `nn.Sequential(encoder, nn.Linear(72, 10))`:
    /// `0.0.weight`, ..., `1.weight`. Named sealed operands (`encoder`) become parts.
    /// When the input shape is known, the new layers are shaped now, so a mismatch is
    /// reported here: `fc(10) after conv 3×3 16→8: expected input of 72 features, got [8, 7, 7]`.
    ///
    ///     let clf = try ae.part("encoder").composed(with: Model(layer: Linear(out: 10)))
    public func composed(with other: Model) throws -> Model {
        var nodes: [Node] = []
        var parts: [(name: String, key: String)] = []
        var nextKey = 0
        for (m, offset) in [(self, 0), (other, self.nodes.count)] {
            let (paths, keyMap) = m.itemPaths(startingAt: nextKey)
            nextKey += keyMap.count
            for (i, n) in m.nodes.enumerated() {
                let inputs = n.inputs.map { $0 < 0 ? (offset == 0 ? Model.input : offset - 1) : $0 + offset }
                nodes.append(Node(layer: n.layer, inputs: inputs, path: paths[i]))
            }
            if m.isSealed && !m.isLeaf, let name = m.name, let key = keyMap.first?.1 {
                parts.append((name, key))
            } else {
                for p in m.parts { if let k = keyMap.first(where: { $0.0 == p.key })?.1 { parts.append((p.name, k)) } }
            }
        }
        var unique: [(name: String, key: String)] = []
        for p in parts where !unique.contains(where: { $0.name == p.name }) { unique.append(p) }
        let m = try Model(nodes: nodes, sealed: false, kind: .other)
        m.parts = unique
        if let s = inputShape { try m.setInputShape(s) }
        m.kind = m.inferKind()
        return m
    }

    /// A single node whose path has at most one component: a bare layer.
    var isLeaf: Bool { nodes.count == 1 && nodes[0].path.count <= 1 }

    /// New paths when this model becomes items `start`, `start+1`, ... of a chain,
    /// and the map from its old top-level keys to the new ones.
    func itemPaths(startingAt start: Int) -> (paths: [[String]], keys: [(String, String)]) {
        if isSealed && !isLeaf {
            let key = String(start)
            return (nodes.map { [key] + $0.path }, [("", key)])
        }
        var paths: [[String]] = []
        var keys: [(String, String)] = []
        var previous: String?
        for n in nodes {
            let old = n.path.first ?? ""
            if old != previous || keys.isEmpty {
                keys.append((old, String(start + keys.count)))
                previous = old
            }
            paths.append([keys[keys.count - 1].1] + n.path.dropFirst())
        }
        return (paths, keys)
    }

    /// The names of the parts (`["encoder", "decoder"]`).
    public var partNames: [String] { parts.map { $0.name } }

    /// A named part as a model of its own, sharing weights with the whole. Its
    /// parameter names drop the part's prefix, as PyTorch's `model[0].state_dict()`.
    ///
    ///     let enc = try ae.part("encoder")      // 0.0.weight in ae is 0.weight in enc
    public func part(_ name: String) throws -> Model {
        guard let p = parts.first(where: { $0.name == name }) else {
            let known = partNames.isEmpty ? "it has no named parts" : "its parts are \(partNames.joined(separator: ", "))"
            throw NNError("this model has no part '\(name)'; \(known)")
        }
        guard let lo = nodes.firstIndex(where: { $0.path.first == p.key }),
              let hi = nodes.lastIndex(where: { $0.path.first == p.key }) else {
            throw NNError("part '\(name)' has no layers")
        }
        let m = try extract(lo...hi, describing: "part '\(name)'") { Array($0.dropFirst()) }
        m.name = name
        m.isSealed = true
        m.kind = m.inferKind()
        return m
    }

    /// The nodes in `range` as a model (the `#` column of the summary), sharing
    /// weights with the whole and keeping its parameter names, as PyTorch's slicing
    /// of `nn.Sequential` keeps keys. Throws when the range cuts a branch in two.
    ///
    ///     let firstBlock = try encoder.slice(0..<3)    // conv, relu, maxpool
    public func slice(_ range: Range<Int>) throws -> Model {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= nodes.count else {
            throw NNError("slice \(range.lowerBound)..<\(range.upperBound) is out of range: the model has \(nodes.count) layers (0..<\(nodes.count))")
        }
        let m = try extract(range.lowerBound...(range.upperBound - 1),
                            describing: "slice \(range.lowerBound)..<\(range.upperBound)") { $0 }
        m.isSealed = false
        m.parts = parts.filter { p in
            let idx = nodes.indices.filter { nodes[$0].path.first == p.key }
            return !idx.isEmpty && idx.allSatisfy(range.contains)
        }
        m.kind = m.inferKind()
        return m
    }

    /// Nodes lo...hi as a model whose input is the one node (or the model input)
    /// they read from outside.
    private func extract(_ r: ClosedRange<Int>, describing what: String, path: ([String]) -> [String]) throws -> Model {
        var outside = Set<Int>()
        for i in r { for j in nodes[i].inputs where j < r.lowerBound { outside.insert(j) } }
        guard outside.count <= 1 else {
            throw NNError("\(what) cuts through a branch: its layers read \(outside.count) different layers outside it")
        }
        let source = outside.first ?? Model.input
        let sub = r.map { i in
            Node(layer: nodes[i].layer,
                 inputs: nodes[i].inputs.map { $0 < r.lowerBound ? Model.input : $0 - r.lowerBound },
                 path: path(nodes[i].path))
        }
        let m = try Model(nodes: sub, sealed: true, kind: .other)
        if let s = inputShape {
            let nodeShapes = try self.shapes(forSample: s)
            try m.setInputShape(source < 0 ? s : nodeShapes[source])
        }
        return m
    }
}

/// Builds graph models node by node: branches, residual additions, concatenations.
///
///     let b = GraphBuilder()
///     let y = b.add(try Conv2d(out: 1), b.input)
///     let out = b.add(Add(), y, b.input)                 // x + conv(x)
///     let block = try b.model(inputShape: [1, 8, 8])
public final class GraphBuilder {
    /// A node handle; `input` is the model's input.
    public struct Ref: Equatable { public let index: Int }
    public private(set) var nodes: [Model.Node] = []
    private var scope: [String] = []
    private var counters: [[String]: Int] = [:]
    private var partList: [(name: String, key: String)] = []

    public init() {}

    /// The model's input.
    public var input: Ref { Ref(index: Model.input) }

    /// The most recently added node (or the input).
    public var last: Ref { Ref(index: nodes.count - 1) }

    /// Adds a node reading `inputs` (the last node when none are given); its
    /// parameters are named by `name`, or by the node's position.
    @discardableResult
    public func add(_ layer: Layer, _ inputs: Ref..., name: String? = nil) -> Ref {
        let ins = inputs.isEmpty ? [last.index] : inputs.map { $0.index }
        let local = counters[scope, default: 0]
        counters[scope] = local + 1
        nodes.append(Model.Node(layer: layer, inputs: ins, path: scope + [name ?? String(local)]))
        return last
    }

    /// Names the nodes added by `body` `<name>.<i>…`; at the top level the group
    /// becomes a named part of the model (`backbone`, `head`).
    ///
    ///     try b.part("head") { b.add(try Linear(out: 10)); b.add(Softmax()) }
    public func part(_ name: String, _ body: () throws -> Void) rethrows {
        if scope.isEmpty { partList.append((name, name)) }
        scope.append(name)
        defer { scope.removeLast() }
        try body()
    }

    /// Adds a chain of layers after `from` (the last node by default).
    @discardableResult
    public func chain(_ layers: [Layer], from: Ref? = nil) -> Ref {
        var r = from ?? last
        for l in layers { r = add(l, r) }
        return r
    }

    /// The finished model; its output is the last node added.
    public func model(inputShape: [Int]? = nil, kind: ModelKind? = nil) throws -> Model {
        let m = try Model(nodes: nodes, inputShape: inputShape, sealed: true, kind: kind)
        m.parts = partList
        if kind == nil { m.kind = m.inferKind() }
        return m
    }
}
