import NN
import Tensor

/// Models in a session file: NN's `ModelArchive` (layer specs, graphs, parts,
/// kinds, histories, optimizer settings) as JSON, its tensors (weights, buffers,
/// optimizer state) as rows of `tensors`, and what the archive does not keep —
/// frozen parameters and train/eval mode — as flags per archive layer.
enum ModelStore {
    /// Per archive layer `L<k>`: the local names of its frozen parameters and its mode.
    struct Flags: Codable, Equatable {
        var frozen: [[String]]
        var training: [Bool]
    }

    /// The layers of `models` in the archive's order (`L0`, `L1`, ...): models by
    /// key, nodes in order, each layer at its first appearance.
    static func layerOrder(_ models: [String: Model]) -> [Layer] {
        var seen = Set<ObjectIdentifier>()
        var out: [Layer] = []
        for (_, m) in models.sorted(by: { $0.key < $1.key }) {
            for n in m.nodes where seen.insert(ObjectIdentifier(n.layer)).inserted { out.append(n.layer) }
        }
        return out
    }

    struct Captured {
        var archiveJSON: String
        var flagsJSON: String
        var tensors: [String: Tensor]
        /// (model key, state-dict name, archive tensor name)
        var weights: [(String, String, String)]
    }

    static func capture(_ models: [String: Model]) throws -> Captured {
        let (archive, tensors) = try ModelArchive.capture(models)
        let order = layerOrder(models)
        guard order.count == archive.layers.count,
              zip(order, archive.layers).allSatisfy({ $0.0.spec == $0.1 }) else {
            throw SessionError("the model archive lists its layers in an unexpected order (\(archive.layers.count) layers, \(order.count) expected)")
        }
        let flags = Flags(frozen: order.map { l in l.parameters.filter { $0.1.isFrozen }.map { $0.0 } },
                          training: order.map { $0.isTraining })
        var index: [ObjectIdentifier: Int] = [:]
        for (k, l) in order.enumerated() { index[ObjectIdentifier(l)] = k }
        var weights: [(String, String, String)] = []
        for (key, m) in models.sorted(by: { $0.key < $1.key }) {
            var seen = Set<String>()
            for n in m.nodes {
                guard let k = index[ObjectIdentifier(n.layer)] else { continue }
                let locals = n.layer.parameters.map { $0.0 } + n.layer.buffers.map { $0.0 }
                for local in locals where seen.insert("L\(k).\(local)").inserted {
                    weights.append((key, (n.path + [local]).joined(separator: "."), "L\(k).\(local)"))
                }
            }
        }
        return Captured(archiveJSON: try JSON.encode(archive), flagsJSON: try JSON.encode(flags),
                        tensors: tensors, weights: weights)
    }

    /// Rebuilds the models with weights, optimizer state, frozen flags and modes.
    /// Leaves `Random.shared` as it was.
    static func restore(archiveJSON: String, flagsJSON: String, tensors: [String: Tensor]) throws -> [String: Model] {
        let archive = try JSON.decode(ModelArchive.self, archiveJSON, what: "the model archive")
        let flags = try JSON.decode(Flags.self, flagsJSON, what: "the model flags")
        let models: [String: Model]
        do {
            models = try archive.restore(tensors)
        } catch {
            throw SessionError("the saved models cannot be rebuilt: \(error)")
        }
        let order = layerOrder(models)
        guard order.count == flags.frozen.count, order.count == flags.training.count else {
            throw SessionError("the model flags list \(flags.frozen.count) layers, the archive \(order.count)")
        }
        for (k, layer) in order.enumerated() {
            let frozen = Set(flags.frozen[k])
            for (local, p) in layer.parameters { p.isFrozen = frozen.contains(local) }
            layer.isTraining = flags.training[k]
        }
        return models
    }
}
