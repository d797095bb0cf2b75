import Tensor

extension Interpreter {
    func evaluate(_ expr: Expr, in env: Environment) throws -> Value {
        evalDepth += 1
        defer { evalDepth -= 1 }
        if evalDepth > Interpreter.maxEvalDepth {
            throw ScriptError(.runtime, "evaluation is nested too deeply (limit \(Interpreter.maxEvalDepth))", at: expr.span)
        }
        switch expr.kind {
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .name(let name): return try lookup(name, in: env, span: expr.span)
        case .list(let items): return .list(try items.map { try evaluate($0, in: env) })
        case .range(let lo, let hi, let inclusive):
            let lower = try lo.map { e in try converting(e.span) { try Coerce.int(evaluate(e, in: env), what: "range start", at: e.span) } } ?? 0
            var upper = try hi.map { e in try converting(e.span) { try Coerce.int(evaluate(e, in: env), what: "range end", at: e.span) } }
            if inclusive, let u = upper { upper = u + 1 }
            return .range(lower: lower, upper: upper)
        case .unary(let op, let operand):
            let v = try evaluate(operand, in: env)
            return try converting(expr.span) { try Operators.unary(op, v, span: expr.span) }
        case .binary(.and, let l, let r):
            guard try Coerce.truthyChecked(evaluate(l, in: env), at: l.span) else { return .bool(false) }
            return .bool(try Coerce.truthyChecked(evaluate(r, in: env), at: r.span))
        case .binary(.or, let l, let r):
            if try Coerce.truthyChecked(evaluate(l, in: env), at: l.span) { return .bool(true) }
            return .bool(try Coerce.truthyChecked(evaluate(r, in: env), at: r.span))
        case .binary(let op, let l, let r):
            let lv = try evaluate(l, in: env)
            let rv = try evaluate(r, in: env)
            let span = op == .add && ModelSupport.isComposable(lv) ? expr.operatorSpan ?? expr.span : expr.span
            return try converting(span) { try Operators.binary(op, lv, rv, span: span, leftSpan: l.span, rightSpan: r.span) }
        case .chain(let first, let links):
            return try evaluateChain(first, links, in: env)
        case .call(let callee, let args):
            if case .name("grad") = callee.kind, env.lookup("grad") == nil {
                return try gradient(args, span: expr.span, in: env)
            }
            let f = try evaluate(callee, in: env)
            let (positional, labelled) = try evaluateArguments(args, in: env)
            return try call(f, positional: positional, labelled: labelled, span: expr.span, calleeSpan: callee.span)
        case .member(let base, let name, let nameSpan):
            let v = try evaluate(base, in: env)
            return try converting(nameSpan) { try Members.member(of: v, name, span: nameSpan, interpreter: self) }
        case .index(let base, let indices):
            let v = try evaluate(base, in: env)
            let idx = try indices.map { ($0.span, try evaluate($0, in: env)) }
            return try converting(expr.span) { try Members.index(v, idx, span: expr.span) }
        case .lambda(let params, let body):
            return .function(Function(name: "fn", params: params, body: body, closure: env, span: expr.span, source: text(of: expr.span)))
        }
    }

    /// `a op b op c …` left to right, with the same short circuits, spans and
    /// messages as the nested `.binary` form it stands for.
    func evaluateChain(_ first: Expr, _ links: [ChainLink], in env: Environment) throws -> Value {
        var value = try evaluate(first, in: env)
        var soFar = first.span           // the span of the expression evaluated so far
        for (i, link) in links.enumerated() {
            let r = link.operand
            let span = soFar.through(r.span)
            switch link.op {
            case .and:
                let l = try Coerce.truthyChecked(value, at: soFar)
                value = .bool(try l && Coerce.truthyChecked(evaluate(r, in: env), at: r.span))
            case .or:
                let l = try Coerce.truthyChecked(value, at: soFar)
                value = .bool(try l || Coerce.truthyChecked(evaluate(r, in: env), at: r.span))
            default:
                let rv = try evaluate(r, in: env)
                let at = link.op == .add && ModelSupport.isComposable(value) ? link.operatorSpan : span
                let lv = value, leftSpan = soFar
                value = try converting(at) { try Operators.binary(link.op, lv, rv, span: at, leftSpan: leftSpan, rightSpan: r.span) }
            }
            soFar = span
            if i % 4096 == 4095 { try checkInterrupt(span) }    // a long sum of tensors can take a while
        }
        return value
    }

    func evaluateArguments(_ args: [Argument], in env: Environment) throws -> ([(Value, SourceSpan)], [String: (Value, SourceSpan)]) {
        var positional: [(Value, SourceSpan)] = []
        var labelled: [String: (Value, SourceSpan)] = [:]
        for a in args {
            let v = try evaluate(a.value, in: env)
            if let label = a.label {
                if labelled[label] != nil {
                    throw ScriptError(.runtime, "argument '\(label)' is given twice", at: a.span)
                }
                labelled[label] = (v, a.span)
            } else {
                positional.append((v, a.value.span))
            }
        }
        return (positional, labelled)
    }

    func lookup(_ name: String, in env: Environment, span: SourceSpan) throws -> Value {
        if let v = env.lookup(name) { return v }
        if let b = builtins[name] { return .builtin(b) }
        if let c = constants[name] { return c }
        if name == "_" { return lastResult }
        if isCellName(name), let n = Int(name.dropFirst()) {
            if let v = cellResults[n] { return v }
            throw ScriptError(.runtime, n < cellNumber ? "cell \(n) has no result" : "there is no cell \(n) yet", at: span)
        }
        var message = "unknown name '\(name)'"
        let known = env.allNames + Array(builtins.keys) + Array(constants.keys) + Commands.names
        if let near = Suggest.nearest(name, in: known) { message += "; did you mean '\(near)'?" }
        throw ScriptError(.runtime, message, at: span)
    }

    /// Calls a function, builtin, model or layer with evaluated arguments.
    func call(_ f: Value, positional: [(Value, SourceSpan)], labelled: [String: (Value, SourceSpan)],
              span: SourceSpan, calleeSpan: SourceSpan) throws -> Value {
        switch f {
        case .builtin(let b):
            var all = positional
            if let s = b.boundSelf { all.insert((s, calleeSpan), at: 0) }
            var args = Arguments(function: b.name, positional: all, labelled: labelled, callSpan: span, interpreter: self)
            return try converting(span) { try b.call(&args) }
        case .function(let fn):
            return try callFunction(fn, positional: positional.map { $0.0 }, labelled: labelled, span: span)
        default:
            return try converting(span) {
                try Callables.call(f, positional: positional, labelled: labelled, span: span, interpreter: self)
            }
        }
    }

    func callFunction(_ fn: Function, positional: [Value], labelled: [String: (Value, SourceSpan)] = [:], span: SourceSpan) throws -> Value {
        guard positional.count <= fn.params.count else {
            throw ScriptError(.runtime, "\(fn.name) takes \(fn.params.count) argument\(fn.params.count == 1 ? "" : "s"), got \(positional.count)", at: span)
        }
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > Interpreter.maxCallDepth {
            throw ScriptError(.runtime, "too many nested calls (limit \(Interpreter.maxCallDepth)); is '\(fn.name)' calling itself forever?", at: span)
        }
        let local = Environment(parent: fn.closure)
        for (i, p) in fn.params.enumerated() {
            if i < positional.count {
                local.define(p, positional[i])
            } else if let (v, _) = labelled[p] {
                local.define(p, v)
            } else {
                throw ScriptError(.runtime, "\(fn.name): missing argument '\(p)'", at: span)
            }
        }
        for (label, (_, s)) in labelled where !fn.params.contains(label) {
            throw ScriptError(.runtime, "\(fn.name): unknown argument '\(label)'", at: s)
        }
        try checkInterrupt(span)
        // A body ending in an expression gives its value: fn(z) { crossentropy(z, [3]) }.
        var body = fn.body[...]
        var tail: Expr? = nil
        if let last = body.last, case .expression(let e) = last.kind { tail = e; body = body.dropLast() }
        switch try executeBlock(Array(body), in: local) {
        case .returned(let v): return v
        case .broke, .continued:
            throw ScriptError(.runtime, "'break' or 'continue' outside a loop", at: span)
        case .normal: return try tail.map { try evaluate($0, in: local) } ?? Value.none
        }
    }
}
