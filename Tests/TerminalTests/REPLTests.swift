// Small pieces of the REPL that do not need a terminal.
import Testing
@testable import Terminal

@Suite struct REPLTests {
    @Test(arguments: [
        ("ae.enc", 6, 6), ("", 0, 0), ("1×28", 3, 2), ("1×28", 4, 3), ("1×28", 5, 4), ("1×28", 2, 1), ("abc", 99, 3),
    ])
    func byteOffsetsBecomeCharacterOffsets(text: String, utf8: Int, expected: Int) {
        #expect(REPL.characterOffset(in: text, utf8Offset: utf8) == expected)
    }

    @Test func trimmingWhitespace() {
        #expect("  a b \t\n".trimmingWhitespace == "a b")
        #expect(" \t ".trimmingWhitespace == "")
    }
}
