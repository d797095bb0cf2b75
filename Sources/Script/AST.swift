/// The syntax tree. Every node keeps its span so errors can point at it.

public struct Expr: Sendable {
    public var kind: ExprKind
    public var span: SourceSpan
    /// For binary expressions: the operator and the right side (`+ fc(10)`), where
    /// composition errors point.
    public var operatorSpan: SourceSpan?
    public init(_ kind: ExprKind, _ span: SourceSpan, operatorSpan: SourceSpan? = nil) {
        self.kind = kind
        self.span = span
        self.operatorSpan = operatorSpan
    }
}

public indirect enum ExprKind: Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case none
    case name(String)
    case list([Expr])
    /// `a..b` (half-open) or `a..=b`; either end may be missing inside `[...]`.
    case range(Expr?, Expr?, inclusive: Bool)
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    /// Three or more operands of one precedence level, `a + b - c`, kept flat
    /// and evaluated left to right as `(a + b) - c`: a sum of 100,000 terms is an
    /// array here, not a tree 100,000 levels deep that would overflow the stack
    /// when evaluated or freed. Two operands stay `.binary`.
    case chain(Expr, [ChainLink])
    case call(Expr, [Argument])
    /// `base.name`; the span of the name alone is kept for "no member" errors.
    case member(Expr, String, SourceSpan)
    case index(Expr, [Expr])
    /// `fn(a, b) { ... }` — an anonymous function.
    case lambda(params: [String], body: [Stmt])
}

/// One `op operand` step of a `.chain`; `operatorSpan` runs from the operator
/// through the operand (`+ fc(10)`), where composition errors point.
public struct ChainLink: Sendable {
    public var op: BinaryOp
    public var operand: Expr
    public var operatorSpan: SourceSpan
}

public enum UnaryOp: String, Sendable { case negate = "-", not = "not" }

public enum BinaryOp: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}

/// A call or command argument, positional (`label == nil`) or labelled (`epochs: 5`,
/// or `epochs 5` in a command).
public struct Argument: Sendable {
    public var label: String?
    public var value: Expr
    public var span: SourceSpan
}

public struct Stmt: Sendable {
    public var kind: StmtKind
    public var span: SourceSpan
    public init(_ kind: StmtKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

public indirect enum StmtKind: Sendable {
    case expression(Expr)
    /// `name = value`, or `name += value` when `op` is set.
    case assign(name: String, op: BinaryOp?, value: Expr)
    /// `fit ae mnist epochs 5`: a command word, its operands and keyword pairs.
    case command(name: String, args: [Argument])
    case forLoop(variable: String, sequence: Expr, body: [Stmt])
    case whileLoop(condition: Expr, body: [Stmt])
    case ifElse(condition: Expr, then: [Stmt], else: [Stmt]?)
    case function(name: String, params: [String], body: [Stmt])
    case returnValue(Expr?)
    case breakLoop
    case continueLoop
    /// `time STATEMENT`
    case time(Stmt)
    /// `expect CONDITION`; `source` is the condition as written, for the failure message.
    case expect(Expr, source: String)
}
