import Testing
@testable import Script

/// Expressions of any length: a long flat one is neither refused nor overflows
/// the stack while it is parsed, evaluated or freed; a long nested one is refused
/// with the nesting limit's message, and the session's variables are unchanged.
extension ScriptSuite {
struct LongExpressionTests {
    static func terms(_ n: Int, _ op: String, _ term: String) -> String {
        Array(repeating: term, count: n).joined(separator: op)
    }

    @Test func aHundredThousandTermSum() {
        #expect(answer("print(" + Self.terms(100_000, " + ", "1") + ")") == "100000")
        #expect(answer("print(1 + " + Self.terms(100_000, " - ", "1") + ")") == "-99997")
        #expect(answer("print(" + Self.terms(100_000, "*", "1") + " * 7)") == "7")
        #expect(answer("print(" + Self.terms(100_000, " + ", "x") + ")", after: ["x = tensor([1, 2])"]) == answer("print(tensor([100000, 200000]))"))
    }

    @Test func longLogicAndComparisonChains() {
        #expect(answer("print(" + Self.terms(100_000, " and ", "true") + ")") == "true")
        #expect(answer("print(" + Self.terms(100_000, " or ", "false") + " or true)") == "true")
        // `and` still short-circuits: the undefined name after a false is never looked up.
        #expect(answer("print(true and false and " + Self.terms(50_000, " and ", "undefined_name") + ")") == "false")
        #expect(errorMessage("print(1 < 2 < 3)") == "cannot apply '<' to a bool and a number")
    }

    @Test func aLongCompositionStillPointsAtTheBadStep() {
        let r = errorMessage("m = " + Self.terms(1_000, " + ", "relu") + " + 3")
        #expect(r == "cannot apply '+' to a model and a number")
        #expect(errorMessage("print(m[1000])", after: ["m = " + Self.terms(1_000, " + ", "relu")]) == "index 1000 is out of range for a model of 1000 elements")
    }

    @Test func aLongChainOfCallsIsRefusedAsNesting() {
        let (interp, host) = session(["y = 5"])
        host.lines = []
        let r = interp.runCell("z = y" + String(repeating: "[0]", count: 100_000))
        #expect(!r.ok)
        #expect(r.diagnostics.first?.message == "too many calls, members or indexes in a row (limit 200)")
        #expect(interp.variables.keys.sorted() == ["y"])
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(errorMessage("z = " + deep) == "nesting is too deep (limit 200 levels)")
        #expect(errorMessage("z = " + String(repeating: "-", count: 100_000) + "1") == "nesting is too deep (limit 200 levels)")
    }
}
}
