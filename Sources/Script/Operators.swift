import Foundation
import Tensor

/// Arithmetic and comparison on values: numbers, strings, lists, and tensors
/// elementwise (broadcasting like NumPy); `+` on models and layers composes them.
enum Operators {
    static func unary(_ op: UnaryOp, _ v: Value, span: SourceSpan) throws -> Value {
        switch (op, v) {
        case (.negate, .number(let x)): return .number(-x)
        case (.negate, .tensor(let t)): return .tensor(-t)
        case (.not, _): return .bool(!(try Coerce.truthy(v, at: span)))
        default: throw RuntimeError("cannot negate \(article(v.typeName))", at: span)
        }
    }

    static func binary(_ op: BinaryOp, _ l: Value, _ r: Value, span: SourceSpan,
                       leftSpan: SourceSpan? = nil, rightSpan: SourceSpan? = nil) throws -> Value {
        switch (l, r) {
        case (.number(let a), .number(let b)):
            return try numbers(op, a, b, span: span)
        case (.bool(let a), .bool(let b)) where op == .equal || op == .notEqual:
            return .bool((a == b) == (op == .equal))
        case (.string(let a), .string(let b)):
            switch op {
            case .add: return .string(a + b)
            case .equal: return .bool(a == b)
            case .notEqual: return .bool(a != b)
            case .less: return .bool(a < b)
            case .greater: return .bool(a > b)
            case .lessEqual: return .bool(a <= b)
            case .greaterEqual: return .bool(a >= b)
            default: break
            }
        case (.list(let a), .list(let b)) where op == .add:
            return .list(a + b)
        case (.none, .none) where op == .equal || op == .notEqual:
            return .bool(op == .equal)
        case (.none, _), (_, .none):
            if op == .equal || op == .notEqual { return .bool(op == .notEqual) }
        case (.tensor, _), (_, .tensor):
            if case .list = l, op == .add { break }
            if case .list = r, op == .add { break }
            return try tensors(op, l, r, span: span)
        default:
            if op == .add, let composed = try Composition.compose(l, r, span: span) { return composed }
            if op == .equal || op == .notEqual { return .bool(identical(l, r) == (op == .equal)) }
        }
        if op == .add, let composed = try Composition.compose(l, r, span: span) { return composed }
        throw RuntimeError("cannot apply '\(op.rawValue)' to \(article(l.typeName)) and \(article(r.typeName))", at: span)
    }

    static func numbers(_ op: BinaryOp, _ a: Double, _ b: Double, span: SourceSpan) throws -> Value {
        switch op {
        case .add: return .number(a + b)
        case .subtract: return .number(a - b)
        case .multiply: return .number(a * b)
        case .divide:
            guard b != 0 else { throw RuntimeError("division by zero", at: span) }
            return .number(a / b)
        case .modulo:
            guard b != 0 else { throw RuntimeError("modulo by zero", at: span) }
            return .number(a - b * (a / b).rounded(.down))
        case .power: return .number(Foundation.pow(a, b))
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        case .and, .or: return .bool(false)    // handled by the evaluator (short-circuit)
        }
    }

    /// Tensor arithmetic; one-element tensors compare like numbers.
    static func tensors(_ op: BinaryOp, _ l: Value, _ r: Value, span: SourceSpan) throws -> Value {
        let a = try Coerce.tensor(l, what: "left side of '\(op.rawValue)'", at: span)
        let b = try Coerce.tensor(r, what: "right side of '\(op.rawValue)'", at: span)
        switch op {
        case .add: return .tensor(try a.adding(b))
        case .subtract: return .tensor(try a.subtracting(b))
        case .multiply: return .tensor(try a.multiplying(b))
        case .divide: return .tensor(try a.dividing(b))
        case .power:
            guard b.count == 1 else { throw RuntimeError("'^' needs a number as exponent, got shape \(describeShape(b.shape))", at: span) }
            return .tensor(a.pow(b.item))
        case .modulo, .and, .or:
            throw RuntimeError("cannot apply '\(op.rawValue)' to tensors", at: span)
        default:
            if a.count == 1 && b.count == 1 {
                return try numbers(op, Double(a.item), Double(b.item), span: span)
            }
            return .tensor(try compare(op, a, b, span: span))
        }
    }

    /// Elementwise comparison giving 0/1; same shapes or one side a single value.
    static func compare(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, span: SourceSpan) throws -> Tensor {
        guard a.shape == b.shape || a.count == 1 || b.count == 1 else {
            throw RuntimeError("cannot compare tensors of shapes \(describeShape(a.shape)) and \(describeShape(b.shape))", at: span)
        }
        let xs = a.scalars, ys = b.scalars
        let shape = a.count >= b.count ? a.shape : b.shape
        if xs.isEmpty || ys.isEmpty { return try Tensor(zeros: xs.isEmpty ? a.shape : b.shape) }
        let n = Swift.max(xs.count, ys.count)
        var out = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let x = xs.count == 1 ? xs[0] : xs[i]
            let y = ys.count == 1 ? ys[0] : ys[i]
            let t: Bool
            switch op {
            case .equal: t = x == y
            case .notEqual: t = x != y
            case .less: t = x < y
            case .lessEqual: t = x <= y
            case .greater: t = x > y
            default: t = x >= y
            }
            out[i] = t ? 1 : 0
        }
        return try Tensor(shape: shape, scalars: out)
    }

    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.tensor(let x), .tensor(let y)): return x === y
        case (.layer(let x), .layer(let y)): return x === y
        case (.model(let x), .model(let y)): return x === y
        case (.dataset(let x), .dataset(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.range(let a1, let b1), .range(let a2, let b2)): return a1 == a2 && b1 == b2
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { pair in
                if case .number(let p) = pair.0, case .number(let q) = pair.1 { return p == q }
                if case .string(let p) = pair.0, case .string(let q) = pair.1 { return p == q }
                return identical(pair.0, pair.1)
            }
        default: return false
        }
    }

    static func article(_ word: String) -> String {
        guard let c = word.first else { return word }
        return ("aeiou".contains(c) ? "an " : "a ") + word
    }
}
