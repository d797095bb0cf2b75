import Tensor

/// One row of a model summary: a node, its per-sample output shape and its parameters.
public struct SummaryRow: Equatable, Sendable {
    public let index: Int
    /// `conv 3×3 1→16`; nodes that read other than the previous node add `← 3, 7`.
    public let layer: String
    /// Per-sample output shape, nil when the input shape is unknown.
    public let outputShape: [Int]?
    public let parameterCount: Int
    public let isFrozen: Bool
    /// The part this node belongs to (`encoder`), if any.
    public let part: String?
}

extension Model {
    /// The rows of the summary table. Throws when the layers do not fit the input shape.
    public func summary() throws -> [SummaryRow] {
        let nodeShapes = try inputShape.map { try self.shapes(forSample: $0) }
        var seen = Set<ObjectIdentifier>()
        var rows: [SummaryRow] = []
        for (i, n) in nodes.enumerated() {
            var text = n.layer.description
            if n.inputs != [i - 1] {
                text += " ← " + n.inputs.map { $0 < 0 ? "input" : String($0) }.joined(separator: ", ")
            }
            // A layer used twice counts its parameters once, at its first use.
            var count = 0
            for (_, p) in n.layer.parameters where seen.insert(ObjectIdentifier(p)).inserted { count += p.count }
            let part = parts.first { $0.key == n.path.first }?.name
            rows.append(SummaryRow(index: i, layer: text, outputShape: nodeShapes?[i],
                                   parameterCount: count, isFrozen: n.layer.isFrozen, part: part))
        }
        return rows
    }

    /// The summary as text, one row per node, then the totals:
    ///
    ///      #  layer            output      params
    ///      0  conv 3×3 1→16    16×28×28       160
    ///      1  relu             16×28×28         0
    ///     ...
    ///     4,385 parameters
    ///
    /// Frozen layers are marked `frozen` after their count and the total says how many
    /// values are frozen. Models with named parts print the part name before its rows.
    /// When the layers do not fit, the table ends with the error. `sharedWith` names, per
    /// parameter, the other models that hold it (`ae`): such rows end `shared with ae`.
    public func summaryTable(sharedWith: [ObjectIdentifier: String] = [:]) -> String {
        let rows: [SummaryRow]
        var failure: String?
        do { rows = try summary() } catch {
            failure = "\(error)"
            rows = (try? Model(nodes: nodes, sealed: isSealed).summary()) ?? []
        }
        let outputs = rows.map { $0.outputShape.map(describeDims) ?? "?" }
        let counts = rows.map { formatCount($0.parameterCount) }
        let indexWidth = max(2, String(max(rows.count - 1, 0)).count)
        let layerWidth = max("layer".count, rows.map { $0.layer.count }.max() ?? 0) + 4
        let outputWidth = max("output".count, outputs.map { $0.count }.max() ?? 0) + 4
        let countWidth = max("params".count, counts.map { $0.count }.max() ?? 0)
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        func padLeft(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }

        var lines = [padLeft("#", indexWidth) + "  " + pad("layer", layerWidth) + pad("output", outputWidth) + padLeft("params", countWidth)]
        var currentPart: String?
        for (k, r) in rows.enumerated() {
            if let p = r.part, p != currentPart { lines.append(String(repeating: " ", count: indexWidth + 2) + p) }
            currentPart = r.part
            var line = padLeft(String(r.index), indexWidth) + "  " + pad(r.layer, layerWidth)
                + pad(outputs[k], outputWidth) + padLeft(counts[k], countWidth)
            if r.isFrozen { line += "  frozen" }
            let owners = Set(nodes[r.index].layer.parameters.compactMap { sharedWith[ObjectIdentifier($0.1)] }).sorted()
            if !owners.isEmpty { line += "  shared with " + owners.joined(separator: ", ") }
            lines.append(line)
        }
        let total = parameterCount, frozen = total - trainableCount
        var totals = "\(formatCount(total)) parameters"
        if frozen > 0 { totals += " (\(formatCount(frozen)) frozen, \(formatCount(total - frozen)) trainable)" }
        lines.append(totals)
        if let failure { lines.append("error: \(failure)") }
        return lines.joined(separator: "\n")
    }

    /// One line: `autoencoder  4,385 parameters  1×28×28 → 72 → 1×28×28` (the latent
    /// shown when the model has an `encoder` part).
    public var oneLineSummary: String {
        var s = "\(kind.rawValue)  \(formatCount(parameterCount)) parameters"
        if let i = inputShape, let o = outputShape {
            var mid = ""
            if let enc = try? part("encoder"), let z = enc.outputShape, partNames.count > 1 { mid = " → " + describeDims(z) }
            s += "   \(describeDims(i))\(mid) → \(describeDims(o))"
        }
        return s
    }
}

extension Model: CustomStringConvertible {
    /// The one-line summary (`print(ae)`); `summaryTable()` has the layers.
    public var description: String { oneLineSummary }
}
