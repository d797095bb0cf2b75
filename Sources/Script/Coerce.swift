import Tensor
import Data

/// Conversions from language values to what the runtime wants, with messages that
/// say what was expected and what came.
enum Coerce {
    static func number(_ v: Value, what: String, at span: SourceSpan?) throws -> Double {
        switch v {
        case .number(let x): return x
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.count == 1: return Double(t.item)
        case .tensor(let t):
            throw RuntimeError("\(what) must be a number, got a tensor of shape \(describeShape(t.shape))", at: span)
        default:
            throw RuntimeError("\(what) must be a number, got \(v.typeName)", at: span)
        }
    }

    static func int(_ v: Value, what: String, at span: SourceSpan?) throws -> Int {
        let x = try number(v, what: what, at: span)
        return try int(x, what: what, at: span)
    }

    static func int(_ x: Double, what: String, at span: SourceSpan?) throws -> Int {
        guard x.isFinite, x == x.rounded() else {
            throw RuntimeError("\(what) must be a whole number, got \(Printer.number(x))", at: span)
        }
        guard abs(x) <= 9.0e15 else {
            throw RuntimeError("\(what) is too large (\(Printer.number(x)))", at: span)
        }
        return Int(x)
    }

    static func ints(_ v: Value, what: String, at span: SourceSpan?) throws -> [Int] {
        switch v {
        case .list(let items): return try items.map { try int($0, what: what, at: span) }
        case .range(let lo, let hi): return Array(try Ranges.values(lo, hi, what: function(of: what), at: span))
        case .tensor(let t) where t.rank <= 1:
            return try t.scalars.map { try int(Double($0), what: what, at: span) }
        default: return [try int(v, what: what, at: span)]
        }
    }

    /// The builtin a `what` names ("filter: a label" → "filter"), for range messages.
    static func function(of what: String) -> String {
        what.firstIndex(of: ":").map { String(what[..<$0]) } ?? what
    }

    /// Numbers, nested lists of numbers and tensors become tensors.
    static func tensor(_ v: Value, what: String, at span: SourceSpan?) throws -> Tensor {
        switch v {
        case .tensor(let t): return t
        case .number(let x): return Tensor(scalar: Float(x))
        case .bool(let b): return Tensor(scalar: b ? 1 : 0)
        case .list:
            var shape: [Int] = []
            var scalars: [Float] = []
            try flatten(v, depth: 0, shape: &shape, into: &scalars, what: what, span: span)
            do { return try Tensor(shape: shape, scalars: scalars) } catch let e as TensorError {
                throw RuntimeError("\(what): \(e.message)", at: span)
            }
        case .range(let lo, let hi):
            let xs = try Ranges.values(lo, hi, what: function(of: what), at: span).map { Float($0) }
            return try Tensor(shape: [xs.count], scalars: xs)
        default:
            throw RuntimeError("\(what) must be a tensor, got \(v.typeName)", at: span)
        }
    }

    private static func flatten(_ v: Value, depth: Int, shape: inout [Int], into out: inout [Float],
                                what: String, span: SourceSpan?) throws {
        guard depth < 32 else { throw RuntimeError("\(what): list nested too deeply for a tensor", at: span) }
        switch v {
        case .list(let items):
            if depth == shape.count {
                shape.append(items.count)
            } else if depth > shape.count || shape[depth] != items.count {
                throw RuntimeError("\(what): ragged list (rows of different lengths) cannot be a tensor", at: span)
            }
            for item in items { try flatten(item, depth: depth + 1, shape: &shape, into: &out, what: what, span: span) }
            if items.isEmpty && depth + 1 < shape.count {
                throw RuntimeError("\(what): ragged list (rows of different lengths) cannot be a tensor", at: span)
            }
        case .number(let x):
            guard depth == shape.count else {
                throw RuntimeError("\(what): ragged list (rows of different lengths) cannot be a tensor", at: span)
            }
            out.append(Float(x))
        case .bool(let b):
            guard depth == shape.count else {
                throw RuntimeError("\(what): ragged list (rows of different lengths) cannot be a tensor", at: span)
            }
            out.append(b ? 1 : 0)
        default:
            throw RuntimeError("\(what): a tensor holds numbers, not \(v.typeName)", at: span)
        }
    }

    static func dataset(_ v: Value, what: String, at span: SourceSpan?) throws -> Dataset {
        switch v {
        case .dataset(let d): return d
        case .datasets(let pair): return try pair.train()
        default: throw RuntimeError("\(what) must be a dataset, got \(v.typeName)", at: span)
        }
    }

    static func truthy(_ v: Value, at span: SourceSpan?) throws -> Bool {
        switch v {
        case .bool(let b): return b
        case .number(let x): return x != 0
        case .none: return false
        case .tensor(let t) where t.count == 1: return t.item != 0
        case .tensor(let t):
            throw RuntimeError("a condition must be true or false, got a tensor of shape \(describeShape(t.shape)); use all(...) or any(...)", at: span)
        default:
            throw RuntimeError("a condition must be true or false, got \(v.typeName)", at: span)
        }
    }
}

/// "did you mean" suggestions by edit distance.
enum Suggest {
    static func nearest(_ name: String, in candidates: [String]) -> String? {
        let a = Array(name.lowercased().prefix(64))
        var best: (String, Int)? = nil
        for c in candidates {
            let d = distance(a, Array(c.lowercased().prefix(64)))
            if best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        guard let (word, d) = best, d <= max(1, min(3, a.count / 3 + 1)) else { return nil }
        return word
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = prev
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
