import Script
import NN
import Data
import Tensor

/// Walks a session's values and collects the objects behind them, each once by
/// identity: tensors, models (and bare layers), datasets. `SessionWriter` then
/// writes the collected objects to their tables.
final class ValueEncoder {
    private(set) var tensors: [Tensor] = []
    private var tensorIDs: [ObjectIdentifier: Int] = [:]
    /// Models by archive key (`m0001`; bare layers as one-layer models `l0001`).
    private(set) var models: [String: Model] = [:]
    private var modelKeys: [ObjectIdentifier: String] = [:]
    private var layerKeys: [ObjectIdentifier: String] = [:]
    private(set) var datasets: [Dataset] = []
    private var datasetIDs: [ObjectIdentifier: Int] = [:]
    private static let maxDepth = 100

    init() {}

    /// The stored form of variable `name`; throws `Unsupported` for what cannot be saved.
    func encode(variable name: String, _ v: Value) throws -> StoredValue {
        try encode(v, variable: name, depth: 0)
    }

    /// The stored form of a cell's result (`_3`): like a variable's, but a function
    /// result is not kept (it is the variable's, which is saved as one).
    func encode(result v: Value) throws -> StoredValue {
        if case .function = v { throw Unsupported(reason: "a function result is not kept") }
        return try encode(v, variable: nil, depth: 0)
    }

    private func encode(_ v: Value, variable: String?, depth: Int) throws -> StoredValue {
        guard depth < ValueEncoder.maxDepth else { throw Unsupported(reason: "it is nested more than \(ValueEncoder.maxDepth) levels deep") }
        switch v {
        case .none: return .none
        case .number(let x): return .number(x)
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .range(let lo, let hi): return .range(lower: lo, upper: hi ?? Int.max)    // Int.max: open
        case .list(let items): return .list(try items.map { try encode($0, variable: nil, depth: depth + 1) })
        case .tensor(let t): return .tensor(id: tensorID(t))
        case .model(let m): return .model(key: try modelKey(m))
        case .layer(let l): return .layer(key: try layerKey(l))
        case .dataset(let d): return .dataset(id: datasetID(d))
        case .datasets(let pair):
            if pair.name == "mnist" { return .datasets(name: "mnist", train: nil, test: nil) }
            return .datasets(name: pair.name, train: datasetID(try pair.train()), test: datasetID(try pair.test()))
        case .builtin(let b): return .builtin(name: b.name)
        // A picture is kept as its pixels before enlargement, [3, H, W] in 0…1, and comes
        // back as a picture (its plot's words for half-block terminals are not kept).
        case .picture(let f):
            return .picture(tensor: tensorID(f.base.tensor()), scale: f.scale, title: f.title, notes: f.notes)
        case .record(let r):
            return .record(type: r.typeName, names: r.fields.map { $0.0 },
                           values: try r.fields.map { try encode($0.1, variable: nil, depth: depth + 1) }, text: r.text)
        case .function(let f):
            // Only a variable's own function has a definition to store; one inside a list
            // or record (or a cell's result) would make a file that cannot be loaded.
            guard depth == 0, variable != nil || f.name != "fn" else {
                throw Unsupported(reason: "a function inside another value cannot be saved")
            }
            // Stored as its definition's text; loading parses it again (never runs it).
            guard f.isTopLevel else {
                throw Unsupported(reason: "only functions defined at the top level of a cell can be saved")
            }
            guard f.name == "fn", let variable else {
                return .function(name: f.name, params: f.params, source: f.source, lambda: false)
            }
            return .function(name: variable, params: f.params, source: f.source, lambda: true)
        }
    }

    private func tensorID(_ t: Tensor) -> Int {
        if let id = tensorIDs[ObjectIdentifier(t)] { return id }
        tensors.append(t)
        tensorIDs[ObjectIdentifier(t)] = tensors.count
        return tensors.count
    }

    private func modelKey(_ m: Model) throws -> String {
        if let k = modelKeys[ObjectIdentifier(m)] { return k }
        try ValueEncoder.checkSavable(m)
        let k = ValueEncoder.key("m", modelKeys.count + 1)
        modelKeys[ObjectIdentifier(m)] = k
        models[k] = m
        return k
    }

    private func layerKey(_ l: Layer) throws -> String {
        if let k = layerKeys[ObjectIdentifier(l)] { return k }
        guard l.inputCount.contains(1) else { throw Unsupported(reason: "a bare \(l.kind) layer cannot be saved on its own") }
        let m: Model
        do { m = try Model(layer: l) } catch { throw Unsupported(reason: "\(error)") }
        try ValueEncoder.checkSavable(m)
        let k = ValueEncoder.key("l", layerKeys.count + 1)
        layerKeys[ObjectIdentifier(l)] = k
        models[k] = m
        return k
    }

    private func datasetID(_ d: Dataset) -> Int {
        if let id = datasetIDs[ObjectIdentifier(d)] { return id }
        datasets.append(d)
        datasetIDs[ObjectIdentifier(d)] = datasets.count
        return datasets.count
    }

    /// What NN's archive cannot store, found before it is asked to (it would fail the whole save).
    static func checkSavable(_ m: Model) throws {
        if let n = m.nodes.first(where: { $0.layer.spec == nil }) {
            throw Unsupported(reason: "its layer \(n.layer.description) has no saved form")
        }
        if let o = m.optimizer, !(o is Adam || o is SGD) {
            throw Unsupported(reason: "its optimizer \(o.description) has no saved form")
        }
    }

    /// `m0001`: zero-padded so that sorting keys keeps their order.
    static func key(_ prefix: String, _ n: Int) -> String {
        let digits = String(n)
        return prefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
