import Tensor

/// Models as data, for saving sessions: the layer specs (each layer once, so models
/// that share layers — `ae` and `clf = ae.encoder + fc(10)` — still share them after a
/// reload), each model's graph, parts, kind, history and optimizer settings. Weights
/// and optimizer state travel separately as named tensors (safetensors-ready).
///
///     let (archive, tensors) = try ModelArchive.capture(["ae": ae, "clf": clf])
///     let json = try JSONEncoder().encode(archive)
///     let models = try archive.restore(tensors)       // ["ae": …, "clf": …]
public struct ModelArchive: Codable, Equatable, Sendable {
    public struct NodeEntry: Codable, Equatable, Sendable {
        public var layer: Int
        public var inputs: [Int]
        public var path: [String]
    }

    public struct OptimizerEntry: Codable, Equatable, Sendable {
        /// "adam" or "sgd".
        public var type: String
        public var args: [String: Double]
    }

    public struct ModelEntry: Codable, Equatable, Sendable {
        public var nodes: [NodeEntry]
        public var inputShape: [Int]?
        public var name: String?
        /// [name, key] pairs.
        public var parts: [[String]]
        public var sealed: Bool
        public var kind: ModelKind
        public var history: TrainingHistory
        public var optimizer: OptimizerEntry?
    }

    /// Layer k is `L<k>`: layers in order of first appearance, models taken by sorted
    /// name, nodes in order (a guarantee sessions may rely on).
    public var layers: [LayerSpec]
    public var models: [String: ModelEntry]
    /// Per layer: the local names of its frozen parameters (nil in older archives).
    public var frozen: [[String]]?
    /// Per layer: train mode (nil in older archives).
    public var training: [Bool]?

    /// Tensor names: layer k's weights are `L<k>.<name>` (`L0.weight`, `L3.running_mean`);
    /// model m's optimizer state is `opt/<m>/L<k>.<name>.<slot>`.
    public static func capture(_ models: [String: Model]) throws -> (archive: ModelArchive, tensors: [String: Tensor]) {
        var index: [ObjectIdentifier: Int] = [:]
        var specs: [LayerSpec] = []
        var tensors: [String: Tensor] = [:]
        var entries: [String: ModelEntry] = [:]
        for (modelName, m) in models.sorted(by: { $0.key < $1.key }) {
            var nodes: [NodeEntry] = []
            for n in m.nodes {
                let id = ObjectIdentifier(n.layer)
                if index[id] == nil {
                    guard let spec = n.layer.spec else {
                        throw NNError("\(modelName): the layer \(n.layer.description) cannot be saved (no spec)")
                    }
                    index[id] = specs.count
                    for (local, p) in n.layer.parameters { tensors["L\(specs.count).\(local)"] = p.value.copy() }
                    for (local, b) in n.layer.buffers { tensors["L\(specs.count).\(local)"] = b.copy() }
                    specs.append(spec)
                }
                nodes.append(NodeEntry(layer: index[id]!, inputs: n.inputs, path: n.path))
            }
            var opt: OptimizerEntry?
            if let o = m.optimizer {
                opt = try optimizerEntry(o)
                let named = layerNamedParameters(m, index)
                for (k, t) in o.exportState(named) { tensors["opt/\(modelName)/\(k)"] = t }
            }
            entries[modelName] = ModelEntry(nodes: nodes, inputShape: m.inputShape, name: m.name,
                                            parts: m.parts.map { [$0.name, $0.key] }, sealed: m.isSealed,
                                            kind: m.kind, history: m.history, optimizer: opt)
        }
        var layerObjects = [Layer?](repeating: nil, count: specs.count)
        for m in models.values { for n in m.nodes { if let k = index[ObjectIdentifier(n.layer)] { layerObjects[k] = n.layer } } }
        let frozen = layerObjects.map { l in l?.parameters.filter { $0.1.isFrozen }.map { $0.0 } ?? [] }
        let training = layerObjects.map { $0?.isTraining ?? false }
        return (ModelArchive(layers: specs, models: entries, frozen: frozen, training: training), tensors)
    }

    /// Rebuilds the models with their weights, history and optimizer state. Throws
    /// when a weight is missing or mis-shaped. `Random.shared` is left as it was.
    public func restore(_ tensors: [String: Tensor]) throws -> [String: Model] {
        let savedRandom = Random.shared
        defer { Random.shared = savedRandom }
        let layers = try self.layers.map(LayerSpec.make)
        for (k, layer) in layers.enumerated() {
            let entries = layer.parameters.map { ($0.0, $0.1.value, Optional($0.1)) } + layer.buffers.map { ($0.0, $0.1, nil as Parameter?) }
            for (local, dst, p) in entries {
                guard let src = tensors["L\(k).\(local)"] else { throw NNError("the saved weights have no L\(k).\(local) (\(layer.description))") }
                guard src.shape == dst.shape || (src.count == 1 && dst.count == 1) else {
                    throw NNError("saved L\(k).\(local) has shape \(describeShape(src.shape)), \(layer.description) needs \(describeShape(dst.shape))")
                }
                if let p { p.assign(src) } else { dst.plain.update(from: src.plain, count: dst.count) }
            }
        }
        for (k, layer) in layers.enumerated() {
            if let f = frozen, k < f.count { for (local, p) in layer.parameters { p.isFrozen = f[k].contains(local) } }
            if let t = training, k < t.count { layer.isTraining = t[k] }
        }
        var index: [ObjectIdentifier: Int] = [:]
        for (k, l) in layers.enumerated() { index[ObjectIdentifier(l)] = k }
        var out: [String: Model] = [:]
        for (name, e) in models {
            let nodes = try e.nodes.map { n -> Model.Node in
                guard layers.indices.contains(n.layer) else { throw NNError("\(name): node refers to layer \(n.layer), which was not saved") }
                return Model.Node(layer: layers[n.layer], inputs: n.inputs, path: n.path)
            }
            let m = try Model(nodes: nodes, sealed: e.sealed, kind: e.kind)
            if let s = e.inputShape { try m.setInputShape(s) }
            m.name = e.name
            m.parts = e.parts.compactMap { $0.count == 2 ? (name: $0[0], key: $0[1]) : nil }
            m.history = e.history
            if let o = e.optimizer {
                let opt = try Self.makeOptimizer(o)
                let prefix = "opt/\(name)/"
                var state: [String: Tensor] = [:]
                for (k, t) in tensors where k.hasPrefix(prefix) { state[String(k.dropFirst(prefix.count))] = t }
                try opt.importState(state, Self.layerNamedParameters(m, index))
                m.optimizer = opt
            }
            out[name] = m
        }
        return out
    }

    /// The model's parameters named by the layer table (`L3.weight`).
    static func layerNamedParameters(_ m: Model, _ index: [ObjectIdentifier: Int]) -> [(String, Parameter)] {
        var seen = Set<ObjectIdentifier>()
        var out: [(String, Parameter)] = []
        for n in m.nodes {
            guard let k = index[ObjectIdentifier(n.layer)] else { continue }
            for (local, p) in n.layer.parameters where seen.insert(ObjectIdentifier(p)).inserted { out.append(("L\(k).\(local)", p)) }
        }
        return out
    }

    static func optimizerEntry(_ o: Optimizer) throws -> OptimizerEntry {
        switch o {
        case let a as Adam:
            return OptimizerEntry(type: "adam", args: ["lr": Double(a.learningRate), "beta1": Double(a.beta1), "beta2": Double(a.beta2),
                                                        "eps": Double(a.eps), "weightDecay": Double(a.weightDecay)])
        case let s as SGD:
            return OptimizerEntry(type: "sgd", args: ["lr": Double(s.learningRate), "momentum": Double(s.momentum),
                                                       "weightDecay": Double(s.weightDecay)])
        default: throw NNError("the optimizer \(o.description) cannot be saved")
        }
    }

    static func makeOptimizer(_ e: OptimizerEntry) throws -> Optimizer {
        func f(_ k: String, _ d: Float) -> Float { e.args[k].map(Float.init) ?? d }
        switch e.type {
        case "adam": return Adam(lr: f("lr", Adam.defaultLearningRate), beta1: f("beta1", Adam.defaultBeta1),
                                 beta2: f("beta2", Adam.defaultBeta2), eps: f("eps", Adam.defaultEps), weightDecay: f("weightDecay", 0))
        case "sgd": return SGD(lr: f("lr", SGD.defaultLearningRate), momentum: f("momentum", 0), weightDecay: f("weightDecay", 0))
        default: throw NNError("saved optimizer type '\(e.type)' is unknown")
        }
    }
}

extension Model {
    /// An independent copy: same architecture, names, parts, kind, history and weights,
    /// but its own layers and parameters (training one leaves the other alone) and no
    /// optimizer state. Layers shared inside the model stay shared in the copy.
    ///
    ///     let before = try clf.deepCopy()    // keep the pretrained weights, fine-tune clf
    public func deepCopy() throws -> Model {
        let keptOptimizer = optimizer
        optimizer = nil
        defer { optimizer = keptOptimizer }
        let (archive, tensors) = try ModelArchive.capture(["m": self])
        guard let m = try archive.restore(tensors)["m"] else { throw NNError("copy failed") }
        return m
    }
}
