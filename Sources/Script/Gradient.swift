import Tensor

/// `grad(EXPR, x)` — the gradient of a scalar expression with respect to variables.
///
///     z = tensor([[1.0, 2.0, 0.5]])
///     g = grad(crossentropy(z, [1]), z)      # equals softmax(z) - onehot(1)
///
/// EXPR is evaluated again with each named variable replaced by a copy that tracks
/// gradients, so the variables themselves are untouched. `grad(f, x)` with a function
/// `f` calls it on the tracked copy instead.
extension Interpreter {
    func gradient(_ args: [Argument], span: SourceSpan, in env: Environment) throws -> Value {
        guard let first = args.first, first.label == nil else {
            throw ScriptError(.runtime, "grad: expected the expression to differentiate first, e.g. grad(mse(y, t), x)", at: span)
        }
        var targets: [Expr] = []
        for a in args.dropFirst() {
            switch a.label {
            case nil: targets.append(a.value)
            case "wrt":
                if case .list(let items) = a.value.kind { targets += items } else { targets.append(a.value) }
            case let other?:
                throw ScriptError(.runtime, "grad: unknown argument '\(other)'; did you mean 'wrt'?", at: a.span)
            }
        }
        guard !targets.isEmpty else {
            throw ScriptError(.runtime, "grad: say which variable to differentiate with respect to, e.g. grad(loss, x)", at: span)
        }

        // A function value: call it on tracked copies of the targets' values.
        let head: Value? = {
            if case .lambda = first.value.kind { return try? evaluate(first.value, in: env) }
            if case .name(let n) = first.value.kind, let v = env.lookup(n), case .function = v { return v }
            return nil
        }()
        var tracked: [Tensor] = []
        let output: Value
        if let head, case .function(let fn) = head {
            var inputs: [Value] = []
            for t in targets {
                let copy = try trackedCopy(evaluate(t, in: env), span: t.span)
                tracked.append(copy)
                inputs.append(.tensor(copy))
            }
            output = try callFunction(fn, positional: inputs, span: span)
        } else {
            let scope = Environment(parent: env)
            for t in targets {
                guard case .name(let name) = t.kind else {
                    throw ScriptError(.runtime, "grad: differentiate with respect to a variable name, e.g. grad(loss, x)", at: t.span)
                }
                let copy = try trackedCopy(lookup(name, in: env, span: t.span), span: t.span)
                tracked.append(copy)
                scope.define(name, .tensor(copy))
            }
            output = try evaluate(first.value, in: scope)
        }
        guard case .tensor(let y) = output else {
            throw ScriptError(.runtime, "grad: the expression must give a tensor (a loss), got \(output.typeName)", at: first.value.span)
        }
        guard y.count == 1 else {
            throw ScriptError(.runtime, "grad: the expression must give a single number (a loss), got shape \(describeShape(y.shape)); try sum(...) or mean(...)", at: first.value.span)
        }
        let grads = try converting(span) { try Autodiff.gradients(of: y, wrt: tracked) }
        return grads.count == 1 ? .tensor(grads[0]) : .list(grads.map { .tensor($0) })
    }

    private func trackedCopy(_ v: Value, span: SourceSpan) throws -> Tensor {
        let t = try converting(span) { try Coerce.tensor(v, what: "grad: the variable", at: span) }
        let copy = t.copy()
        copy.requiresGrad = true
        return copy
    }
}
