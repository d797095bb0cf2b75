import Tensor
import Data

/// What `for x in ...` walks over: ranges, lists, a tensor's first axis, a
/// dataset's images.
struct ValueIterator {
    let nextValue: () throws -> Value?
    mutating func next() throws -> Value? { try nextValue() }
}

enum Sequences {
    static func iterator(_ v: Value, span: SourceSpan) throws -> ValueIterator {
        switch v {
        case .range(let lo, let hi):
            // A huge finite range is fine here (the loop polls Ctrl-C); an open one is not.
            guard let hi else { throw RuntimeError(Ranges.openMessage("for", lo), at: span) }
            var i = lo
            return ValueIterator {
                guard i < hi else { return nil }
                defer { i += 1 }
                return .number(Double(i))
            }
        case .list(let items):
            var i = 0
            return ValueIterator {
                guard i < items.count else { return nil }
                defer { i += 1 }
                return items[i]
            }
        case .tensor(let t):
            guard t.rank >= 1 else { throw RuntimeError("cannot loop over a scalar tensor", at: span) }
            var i = 0
            return ValueIterator {
                guard i < t.shape[0] else { return nil }
                defer { i += 1 }
                let row = try t.select(i)
                return row.rank == 0 ? .number(Double(row.item)) : .tensor(row)
            }
        case .string(let s):
            var it = s.makeIterator()
            return ValueIterator { it.next().map { .string(String($0)) } }
        case .dataset, .datasets:
            let d = try Coerce.dataset(v, what: "the loop", at: span)
            var i = 0
            return ValueIterator {
                guard i < d.count else { return nil }
                defer { i += 1 }
                return .tensor(try d.image(at: i))
            }
        default:
            throw RuntimeError("cannot loop over \(Operators.article(v.typeName))", at: span)
        }
    }

    /// Resolves an index against a length: negative counts from the end.
    static func position(_ i: Int, count: Int, span: SourceSpan, what: String) throws -> Int {
        let p = i < 0 ? count + i : i
        guard p >= 0 && p < count else {
            throw RuntimeError("index \(i) is out of range for \(what) of \(count) element\(count == 1 ? "" : "s")", at: span)
        }
        return p
    }

    /// Resolves `lo..hi` (hi nil: open, to the end) against a length, clamping the end.
    static func bounds(_ lo: Int, _ hi: Int?, count: Int, span: SourceSpan, what: String) throws -> Range<Int> {
        let a = lo < 0 ? count + lo : lo
        let b = hi.map { $0 < 0 ? count + $0 : Swift.min($0, count) } ?? count
        guard a >= 0, a <= count else {
            throw RuntimeError("range start \(lo) is out of range for \(what) of \(count) element\(count == 1 ? "" : "s")", at: span)
        }
        guard b >= a else {
            throw RuntimeError("empty or reversed range \(Ranges.text(lo, hi)) for \(what) of \(count) elements", at: span)
        }
        return a..<b
    }
}
