import Testing
@testable import Script

extension ScriptSuite {
struct ParserTests {
    @Test(arguments: [
        ("for i in 0..3 {", true),
        ("x = (1 + ", true),
        ("x = [1, 2,", true),
        ("x = 1 +", true),
        ("x = 1 +\n", true),
        ("fn f(a) {\n  return a", true),
        ("if x > 1 { print(1) } else", true),
        ("f(1,\n 2", true),
        ("x = 1 )", false),
        ("x = 1", false),
        ("", false),
        ("# just a comment", false),
        ("fit ae mnist epochs 5", false),
        ("\"unterminated", false),
        ("x = 1 +* 2", false),
        ("}", false),
    ])
    func incomplete(_ source: String, _ expected: Bool) {
        #expect(Parser.isIncomplete(source) == expected, "\(source)")
    }

    @Test func continuationLinesJoin() {
        let (stmts, errors) = Parser.parse("x = 1 +\n  2\nf(1,\n  2)")
        #expect(errors.isEmpty)
        #expect(stmts.count == 2)
    }

    @Test func recoversAndReportsEverySyntaxError() {
        let source = "x = (1 + 2\ny = 3 +* 4\nok = 1\nz = [1,, 2]\nw = 1 2\n"
        let (stmts, errors) = Parser.parse(source, file: "t.latent")
        #expect(errors.map { "\($0.span.line):\($0.span.column) \($0.message)" } == [
            "2:1 expected ')' to close '(' at line 1, column 5, found 'y'",
            "2:8 expected an expression, found '*'",
            "4:8 expected an expression, found ','",
            "5:7 expected the end of the statement, found '2'",
        ])
        #expect(stmts.count == 1)
    }

    @Test func commandsTakeOperandsAndKeywordPairs() {
        let (stmts, errors) = Parser.parse("fit ae mnist epochs 5 batch 64 lr 0.001")
        #expect(errors.isEmpty)
        guard case .command(let name, let args)? = stmts.first?.kind else {
            Issue.record("not a command"); return
        }
        #expect(name == "fit")
        #expect(args.map { $0.label ?? "_" } == ["_", "_", "epochs", "batch", "lr"])
    }

    @Test func commandWordFollowedByParenIsACall() {
        let (stmts, _) = Parser.parse("fit(ae, mnist, epochs: 5)")
        guard case .expression(let e)? = stmts.first?.kind, case .call = e.kind else {
            Issue.record("not a call"); return
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        let (_, errors) = Parser.parse(deep)
        #expect(errors.first?.message == "nesting is too deep (limit 200 levels)")
        let deepList = String(repeating: "[", count: 100_000)
        #expect(!Parser.parse(deepList).errors.isEmpty)
        let negations = String(repeating: "-", count: 10_000) + "1"
        #expect(!Parser.parse(negations).errors.isEmpty)
        let blocks = String(repeating: "if true { ", count: 1000) + String(repeating: "}", count: 1000)
        #expect(!Parser.parse(blocks).errors.isEmpty)
    }

    @Test(arguments: [
        ("1e999", "number '1e999' is too large"),
        ("x = 12abc", "malformed number"),
        ("x = @", "unexpected character '@'"),
        ("x = \"abc", "unterminated string"),
        ("ae.encoder = 1", "can only assign to a name (like `x = ...`)"),
        ("for in 0..3 { }", "expected a loop variable after 'for'"),
        ("for i 0..3 { }", "expected 'in' after 'for i'"),
        ("if x print(1)", "expected '{' to start a block, found 'print'"),
        ("f(a: 1, 2)", "positional argument after a labelled one"),
        ("x[]", "expected an index inside '[]'"),
        ("fn f(a, a) { }", "parameter 'a' appears twice"),
        ("}", "unexpected '}' with no open block"),
        ("time", "expected a statement after 'time'"),
    ])
    func syntaxErrorMessages(_ source: String, _ message: String) {
        let errors = Parser.parse(source).errors
        #expect(errors.first?.message == message, "\(source): \(errors)")
    }
}
}
