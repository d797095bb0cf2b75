import Testing
@testable import Script

extension ScriptSuite {
struct ErrorRenderingTests {
    @Test func replStylePointsAtTheSpan() {
        let e = ScriptError(.runtime, "message naming both shapes", at: SourceSpan(line: 1, column: 18, length: 10))
        #expect(e.rendered(source: "clf = ae.encoder + fc(10) + softmax") == """
        error: clf = ae.encoder + fc(10) + softmax
                                ^~~~~~~~~~ message naming both shapes
        """)
    }

    @Test func scriptStyleHasFileLineColumn() {
        let e = ScriptError(.runtime, "unknown name 'y'", at: SourceSpan(file: "a.latent", line: 2, column: 5, length: 1))
        #expect(e.renderedForScript(source: "x = 1\nz = y") == """
        a.latent:2:5: error: unknown name 'y'
        z = y
            ^
        """)
    }

    @Test func veryLongLinesAreClippedAroundTheCaret() {
        let line = String(repeating: "a", count: 5000) + " ?"
        let e = ScriptError(.syntax, "bad", at: SourceSpan(line: 1, column: 5002, length: 1))
        let text = e.rendered(source: line)
        #expect(text.count < 400)
        #expect(text.hasSuffix("^ bad"))
    }

    @Test func compositionErrorPointsAtTheOperatorAndNamesBothShapes() {
        let out = answer("clf = ae.encoder + conv(3) + fc(10)", after: ["ae = autoencoder(latent: 72)"])
        #expect(out == """
        error: clf = ae.encoder + conv(3) + fc(10)
                                ^~~~~~~~~ conv 3×3 ?→3 after flatten: expected an image [C, H, W], got [72]
        """)
    }
}
}
