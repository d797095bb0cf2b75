import Foundation
import Tensor
import NN
import Data
import Picture

/// How values print at the prompt: numbers compactly, tensors like PyTorch,
/// models as their summary table, datasets with size and shapes.
enum Printer {
    /// `3`, `0.0712`, `1e-05`, `3.14159`.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        if Double(Float(x)) == x { return Float(x).description }
        let s = String(format: "%.10g", x)
        return s
    }

    /// Losses and accuracies: 4 decimals, `0.1043`.
    static func fixed(_ x: Float) -> String {
        x.isFinite ? String(format: "%.4f", Double(x)) : number(Double(x))
    }

}

extension Value: CustomStringConvertible {
    /// The full printed form (what an expression statement shows).
    public var description: String { render(depth: 0) }

    func render(depth: Int) -> String {
        switch self {
        case .none: return "none"
        case .number(let x): return Printer.number(x)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return depth == 0 ? s : "\"" + s + "\""
        case .list(let items):
            if depth > 20 { return "[…]" }
            let shown = items.prefix(100).map { $0.render(depth: depth + 1) }
            return "[" + shown.joined(separator: ", ") + (items.count > 100 ? ", … (\(items.count) items)" : "") + "]"
        case .range(let lo, let hi): return Ranges.text(lo, hi)
        case .tensor(let t): return t.summary
        case .layer(let l): return "layer " + l.description
        case .model(let m): return m.summaryTable()
        case .dataset(let d): return Printer.dataset(d)
        case .datasets(let p): return "\(p.name): datasets .train and .test (use `\(p.name).train`, `\(p.name).test`)"
        case .function(let f): return "fn \(f.name)(\(f.params.joined(separator: ", ")))"
        case .builtin(let b): return "builtin \(b.name) — `help \(b.name)` explains it"
        case .picture(let f): return f.description
        case .record(let r):
            if let text = r.text { return text }
            return r.fields.map { "\($0.0)  \($0.1.render(depth: depth + 1))" }.joined(separator: "\n")
        }
    }

    /// A short form for lists and assignments: never more than one line.
    public var shortDescription: String {
        switch self {
        case .tensor(let t) where t.count == 1: return Printer.number(Double(t.item))
        case .tensor(let t): return "tensor " + describeShape(t.shape)
        case .dataset(let d): return Printer.dataset(d)
        case .record(let r): return r.typeName
        case .model(let m): return m.oneLineSummary
        default:
            let s = description
            return s.contains("\n") ? typeName : s
        }
    }
}

extension Printer {
    static func dataset(_ d: Dataset) -> String {
        var s = "\(d.name): \(formatCount(d.count)) images \(describeDims(d.imageShape))"
        if d.labels != nil { s += ", \(d.classes) classes" } else { s += ", unlabelled" }
        return s
    }
}
