import Tensor
import NN
import Data

/// `value.name` and `value[index]`.
enum Members {
    static func member(of v: Value, _ name: String, span: SourceSpan, interpreter: Interpreter) throws -> Value {
        if let m = try property(of: v, name) { return m }
        // A builtin whose first argument is this value: `x.sum()`, `mnist.test.filter(...)`.
        if let b = interpreter.builtins[name], methodNames(of: v).contains(name) {
            return .builtin(b.bound(to: v))
        }
        var message = "\(Operators.article(v.typeName)) has no member '\(name)'"
        if let near = Suggest.nearest(name, in: names(of: v)) { message += "; did you mean '\(near)'?" }
        throw RuntimeError(message, at: span)
    }

    /// Every member name of a value (for completion and suggestions).
    static func names(of v: Value) -> [String] {
        propertyNames(of: v) + methodNames(of: v)
    }

    static func propertyNames(of v: Value) -> [String] {
        switch v {
        case .tensor: return ["shape", "rank", "count", "item", "T", "grad"]
        case .list, .string: return ["count"]
        case .range: return ["count", "start", "end"]
        case .dataset: return ["count", "shape", "classes", "labels", "name"]
        case .datasets: return ["train", "test", "count", "shape", "classes", "labels", "name"]
        case .record(let r): return r.fields.map { $0.0 }
        case .layer: return ["kind", "weight", "bias", "parameters"]
        case .picture: return ["width", "height", "title", "pixels"]
        default: return ModelSupport.propertyNames(of: v)
        }
    }

    static func methodNames(of v: Value) -> [String] {
        BuiltinRegistry.declarations.filter { d in d.methodOf.contains { $0.isKind(of: v) } }.map(\.name).sorted()
    }

    static func property(of v: Value, _ name: String) throws -> Value? {
        switch v {
        case .tensor(let t):
            switch name {
            case "shape": return .list(t.shape.map { .number(Double($0)) })
            case "rank": return .number(Double(t.rank))
            case "count": return .number(Double(t.count))
            case "item":
                guard t.count == 1 else { throw RuntimeError("item needs a tensor with one element, got shape \(describeShape(t.shape))") }
                return .number(Double(t.item))
            case "T": return .tensor(try t.transposed(0, 1))
            case "grad": return t.grad.map { .tensor($0) } ?? Value.none
            default: return nil
            }
        case .list(let items): return name == "count" ? .number(Double(items.count)) : nil
        case .string(let s): return name == "count" ? .number(Double(s.count)) : nil
        case .range(let lo, let hi):
            switch name {
            case "count": return .number(Double(try Ranges.length(lo, hi, what: nil, at: nil)))
            case "start": return .number(Double(lo))
            case "end": return hi.map { .number(Double($0)) } ?? Value.none
            default: return nil
            }
        case .dataset(let d): return datasetProperty(d, name)
        case .datasets(let pair):
            switch name {
            case "train": return .dataset(try pair.train())
            case "test": return .dataset(try pair.test())
            default: return datasetProperty(try pair.train(), name)
            }
        case .record(let r): return r[name]
        case .picture(let f):
            switch name {
            case "width": return .number(Double(f.width))
            case "height": return .number(Double(f.height))
            case "title": return .string(f.title)
            case "pixels": return .tensor(f.canvas.tensor())   // [3, H, W] in 0…1
            default: return nil
            }
        case .layer(let l):
            switch name {
            case "kind": return .string(l.kind)
            case "parameters": return .number(Double(l.parameterCount))
            case "weight", "bias": return l.parameters.first { $0.0 == name }.map { .tensor($0.1.value) }
            default: return nil
            }
        default:
            return try ModelSupport.property(of: v, name)
        }
    }

    static func datasetProperty(_ d: Dataset, _ name: String) -> Value? {
        switch name {
        case "count": return .number(Double(d.count))
        case "shape": return .list(d.imageShape.map { .number(Double($0)) })
        case "classes": return .number(Double(d.classes))
        case "labels": return d.labels.map { .list($0.map { .number(Double($0)) }) } ?? Value.none
        case "name": return .string(d.name)
        default: return nil
        }
    }

    // MARK: - Indexing

    static func index(_ v: Value, _ indices: [(SourceSpan, Value)], span: SourceSpan) throws -> Value {
        guard let (ispan, first) = indices.first else { return v }
        let rest = Array(indices.dropFirst())
        switch v {
        case .tensor(let t):
            return try indexTensor(t, indices, span: span)
        case .list(let items):
            let picked: Value
            if case .range(let lo, let hi) = first {
                let r = try Sequences.bounds(lo, hi, count: items.count, span: ispan, what: "a list")
                picked = .list(Array(items[r]))
            } else {
                let i = try Coerce.int(first, what: "a list index", at: ispan)
                picked = items[try Sequences.position(i, count: items.count, span: ispan, what: "a list")]
            }
            return rest.isEmpty ? picked : try index(picked, rest, span: span)
        case .string(let s):
            let chars = Array(s)
            let i = try Coerce.int(first, what: "a string index", at: ispan)
            guard rest.isEmpty else { throw RuntimeError("a string takes one index", at: span) }
            return .string(String(chars[try Sequences.position(i, count: chars.count, span: ispan, what: "a string")]))
        case .range(let lo, let hi):
            guard rest.isEmpty else { throw RuntimeError("a range takes one index", at: span) }
            let i = try Coerce.int(first, what: "a range index", at: ispan)
            return .number(Double(try Ranges.element(lo, hi, index: i, span: ispan)))
        case .dataset(let d):
            guard rest.isEmpty else { throw RuntimeError("a dataset takes one index (an image number or a range)", at: span) }
            return try indexDataset(d, first, span: ispan)
        case .datasets(let pair):
            throw RuntimeError("\(pair.name) has two parts; index \(pair.name).train or \(pair.name).test", at: span)
        default:
            if let r = try ModelSupport.index(v, first, span: ispan) {
                return rest.isEmpty ? r : try index(r, rest, span: span)
            }
            throw RuntimeError("cannot index \(Operators.article(v.typeName))", at: span)
        }
    }

    static func indexTensor(_ t: Tensor, _ indices: [(SourceSpan, Value)], span: SourceSpan) throws -> Value {
        guard indices.count <= t.rank else {
            throw RuntimeError("too many indices (\(indices.count)) for a tensor of shape \(describeShape(t.shape))", at: span)
        }
        var out = t
        var axis = 0
        for (ispan, idx) in indices {
            let n = out.shape[axis]
            if case .range(let lo, let hi) = idx {
                out = try out.slice(try Sequences.bounds(lo, hi, count: n, span: ispan, what: "axis \(axis)"), axis: axis)
                axis += 1
            } else {
                let i = try Coerce.int(idx, what: "a tensor index", at: ispan)
                out = try out.select(try Sequences.position(i, count: n, span: ispan, what: "axis \(axis) (shape \(describeShape(t.shape)))"), axis: axis)
            }
        }
        return out.rank == 0 ? .number(Double(out.item)) : .tensor(out)
    }

    static func indexDataset(_ d: Dataset, _ idx: Value, span: SourceSpan) throws -> Value {
        switch idx {
        case .range(let lo, let hi):
            let r = try Sequences.bounds(lo, hi, count: d.count, span: span, what: d.name)
            return .dataset(try d.slice(r).renamed("\(d.name)[\(r.lowerBound)..\(r.upperBound)]"))
        case .list:
            let picks = try Coerce.ints(idx, what: "an image index", at: span)
            let rows = try picks.map { try Sequences.position($0, count: d.count, span: span, what: d.name) }
            return .dataset(try d.subset(rows))
        default:
            let i = try Coerce.int(idx, what: "an image index", at: span)
            return .tensor(try d.image(at: try Sequences.position(i, count: d.count, span: span, what: d.name)))
        }
    }
}
