import Foundation
import Tensor

/// How a statement finished: normally, or by return/break/continue.
enum Flow {
    case normal
    case returned(Value)
    case broke
    case continued
}

extension Interpreter {
    func execute(_ stmt: Stmt, in env: Environment) throws -> Flow {
        switch stmt.kind {
        case .expression(let e):
            _ = try evaluate(e, in: env)
        case .assign(let name, let op, let valueExpr):
            var value = try evaluate(valueExpr, in: env)
            if let op {
                guard let old = try? lookup(name, in: env, span: stmt.span) else {
                    throw ScriptError(.runtime, "'\(name)' has no value yet; write `\(name) = ...` first", at: stmt.span)
                }
                value = try converting(stmt.span) { try Operators.binary(op, old, value, span: stmt.span) }
            }
            if name == "_" || isCellName(name) {
                throw ScriptError(.runtime, "'\(name)' names an earlier result and cannot be assigned", at: stmt.span)
            }
            env.assign(name, value)
            if env === globals, op == nil, let line = ModelSupport.assignmentSummary(name, value, variables: globals.values) { host.output(line) }
        case .command(let name, let args):
            show(try runCommand(name, args, span: stmt.span, in: env))
        case .forLoop(let variable, let seqExpr, let body):
            let seq = try evaluate(seqExpr, in: env)
            var iterator = try converting(seqExpr.span) { try Sequences.iterator(seq, span: seqExpr.span) }
            while let item = try converting(seqExpr.span, { try iterator.next() }) {
                try checkInterrupt(stmt.span)
                env.assign(variable, item)
                switch try executeBlock(body, in: env) {
                case .broke: return .normal
                case .returned(let v): return .returned(v)
                case .normal, .continued: continue
                }
            }
        case .whileLoop(let condition, let body):
            while try Coerce.truthyChecked(evaluate(condition, in: env), at: condition.span) {
                try checkInterrupt(stmt.span)
                switch try executeBlock(body, in: env) {
                case .broke: return .normal
                case .returned(let v): return .returned(v)
                case .normal, .continued: continue
                }
            }
        case .ifElse(let condition, let then, let otherwise):
            if try Coerce.truthyChecked(evaluate(condition, in: env), at: condition.span) {
                return try executeBlock(then, in: env)
            } else if let otherwise {
                return try executeBlock(otherwise, in: env)
            }
        case .function(let name, let params, let body):
            env.assign(name, .function(Function(name: name, params: params, body: body, closure: env, span: stmt.span, source: text(of: stmt.span))))
        case .returnValue(let e):
            return .returned(try e.map { try evaluate($0, in: env) } ?? Value.none)
        case .breakLoop: return .broke
        case .continueLoop: return .continued
        case .time(let inner):
            let start = DispatchTime.now().uptimeNanoseconds
            let flow: Flow
            if case .expression(let e) = inner.kind {
                show(try evaluate(e, in: env))
                flow = .normal
            } else {
                flow = try execute(inner, in: env)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            host.output("time: " + describeDuration(seconds))
            return flow
        case .expect(let condition, let source):
            try expect(condition, source: source, span: stmt.span, in: env)
        }
        return .normal
    }

    /// The source text a span covers (a function's definition).
    func text(of span: SourceSpan) -> String {
        let start = max(0, min(span.offset, currentSource.count))
        let end = max(start, min(span.offset + span.length, currentSource.count))
        return String(currentSource[start..<end])
    }

    func executeBlock(_ body: [Stmt], in env: Environment) throws -> Flow {
        for s in body {
            let flow = try execute(s, in: env)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    /// `expect a < b` evaluates both sides once, so a failure can show them.
    func expect(_ condition: Expr, source: String, span: SourceSpan, in env: Environment) throws {
        if case .binary(let op, let l, let r) = condition.kind, op.isComparison {
            let lv = try evaluate(l, in: env)
            let rv = try evaluate(r, in: env)
            let result = try converting(condition.span) { try Operators.binary(op, lv, rv, span: condition.span) }
            if try !Coerce.truthyChecked(result, at: condition.span) {
                throw ScriptError(.expectation, "expect: \(source) failed: \(lv.shortDescription) \(op.rawValue) \(rv.shortDescription)", at: condition.span)
            }
            checksPassed += 1
            return
        }
        let v = try evaluate(condition, in: env)
        if try !Coerce.truthyChecked(v, at: condition.span) {
            throw ScriptError(.expectation, "expect: \(source) failed: got \(v.shortDescription)", at: condition.span)
        }
        checksPassed += 1
    }

    func isCellName(_ name: String) -> Bool {
        name.count > 1 && name.first == "_" && name.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Runs `body`, turning runtime, tensor and model errors into a ScriptError at `span`.
    func converting<T>(_ span: SourceSpan, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as ScriptError {
            throw e
        } catch let e as RuntimeError {
            throw ScriptError(.runtime, e.message, at: e.span ?? span)
        } catch {
            throw ScriptError(.runtime, ErrorText.message(error), at: span)
        }
    }
}

extension Coerce {
    static func truthyChecked(_ v: Value, at span: SourceSpan) throws -> Bool {
        do { return try truthy(v, at: span) } catch let e as RuntimeError {
            throw ScriptError(.runtime, e.message, at: e.span ?? span)
        }
    }
}
