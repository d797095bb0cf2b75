// The kernel's pieces that need no sockets: signatures, replies, rich output.
// The whole kernel is tested with the real Jupyter client by scripts/test-kernel.
import Testing
@testable import Kernel
import Script

@Suite struct SignerTests {
    @Test func hmacSHA256MatchesRFC4231TestCase2() {
        let s = Signer(key: "Jefe")
        let sig = s.signature([Array("what do ya ".utf8), Array("want for nothing?".utf8)])
        #expect(sig == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(s.verify(sig, [Array("what do ya want for nothing?".utf8)]))
        #expect(!s.verify(sig, [Array("what do ya want for nothing!".utf8)]))
    }

    @Test func emptyKeyMeansUnsigned() {
        #expect(Signer(key: "").signature([[1, 2, 3]]) == "")
    }

    @Test func messageRoundTripsThroughFrames() throws {
        let signer = Signer(key: "k")
        let m = Message(type: "status", content: ["execution_state": "idle"], parent: nil, session: "s")
        let parsed = try #require(Message.parse([Array("id".utf8)] + m.frames(signer: signer), signer: signer))
        #expect(parsed.type == "status")
        #expect(parsed.content["execution_state"] as? String == "idle")
        #expect(parsed.identities == [Array("id".utf8)])
        var tampered = m.frames(signer: signer)
        tampered[5] = Array("{\"execution_state\": \"busy\"}".utf8)
        #expect(Message.parse(tampered, signer: signer) == nil)
    }
}

final class Quiet: Script.Host { func output(_ text: String) {} }

@Suite struct ReplyTests {
    @Test(arguments: [
        ("for i in 0..3 {", "incomplete", "    "),
        ("for i in 0..3 {\n  if i > 1 {", "incomplete", "        "),
        ("x = [1,\n", "incomplete", "    "),
        ("x = 1 + 2", "complete", nil),
        ("x = )", "invalid", nil),
    ] as [(String, String, String?)])
    func isComplete(code: String, status: String, indent: String?) {
        let r = Replies.isComplete(code)
        #expect(r["status"] as? String == status)
        #expect(r["indent"] as? String == indent)
    }

    @Test func completesMembersWithTheREPLsCandidates() {
        let interp = Interpreter(host: Quiet())
        _ = interp.runCell("ae = autoencoder(latent: 72)")
        let r = Replies.complete(interp, code: "z = ae.enc", cursor: 10)
        #expect(r["matches"] as? [String] == ["encoder"])
        #expect(r["cursor_start"] as? Int == 7)
        #expect(r["cursor_end"] as? Int == 10)
    }

    @Test func cursorCountsCodePoints() {
        let interp = Interpreter(host: Quiet())
        _ = interp.runCell("épaisseur = 3")
        let r = Replies.complete(interp, code: "x = \"é\"; épai", cursor: 13)
        #expect(r["matches"] as? [String] == ["épaisseur"])
        #expect(r["cursor_start"] as? Int == 9)
    }

    @Test func inspectShowsHelpAndTheVariable() {
        let interp = Interpreter(host: Quiet())
        let r = Replies.inspect(interp, code: "fit ae", cursor: 1)
        #expect(r["found"] as? Bool == true)
        let text = (r["data"] as? [String: Any])?["text/plain"] as? String ?? ""
        #expect(text.hasPrefix("fit MODEL DATA"))
        #expect(interp.cellNumber == 1)
        #expect(Replies.inspect(interp, code: "zzzq", cursor: 2)["found"] as? Bool == false)
    }

    @Test func errorCarriesMessageAndCaret() {
        let interp = Interpreter(host: Quiet())
        let e = Replies.error(interp.runCell("x = 1/0"))
        #expect(e["ename"] as? String == "Error")
        #expect(e["evalue"] as? String == "division by zero")
        let tb = e["traceback"] as? [String] ?? []
        #expect(tb.contains { $0.contains("x = 1/0") })
        #expect(tb.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("^") })
    }

    @Test func historyTail() {
        let interp = Interpreter(host: Quiet())
        _ = interp.runCell("1")
        _ = interp.runCell("2")
        let h = Replies.history(interp, request: ["hist_access_type": "tail", "n": 1])["history"] as? [[Any]] ?? []
        #expect(h.count == 1)
        #expect(h.first?[1] as? Int == 2)
        #expect(h.first?[2] as? String == "2")
    }
}

@Suite struct RichOutputTests {
    static func th(_ a: String, _ v: String) -> String { "<th style=\"text-align:\(a)\">\(v)</th>" }
    static func tr(_ cells: [String]) -> String {
        let align = ["right", "left", "left", "right", "left"]
        return "<tr>" + cells.enumerated().map { "<td style=\"text-align:\(align[$0])\">\($1)</td>" }.joined() + "</tr>"
    }

    @Test func aSummaryWithPartsMarksAndANoteIsOneTable() throws {
        let text = """
             #  layer            output      params
                encoder
             0  conv 3×3 1→16    16×28×28       160  frozen  shared with ae
             1  relu             16×28×28         0
                head
             2  fc 12544→10      10         125,450
            125,610 parameters (160 frozen, 125,450 trainable)
            note: clf shares encoder with ae
            """
        let html = try #require(SummaryHTML.html(text))
        let head = "<thead><tr>" + Self.th("right", "#") + Self.th("left", "layer") + Self.th("left", "output")
            + Self.th("right", "params") + Self.th("left", "") + "</tr></thead>"
        let group = { (n: String) in "<tr><th colspan=\"5\" style=\"text-align:left\">\(n)</th></tr>" }
        #expect(html == "<table>" + head + "<tbody>" + group("encoder")
            + Self.tr(["0", "conv 3×3 1→16", "16×28×28", "160", "frozen, shared with ae"])
            + Self.tr(["1", "relu", "16×28×28", "0", ""]) + group("head")
            + Self.tr(["2", "fc 12544→10", "10", "125,450", ""])
            + "</tbody></table><p>125,610 parameters (160 frozen, 125,450 trainable)</p><p>note: clf shares encoder with ae</p>")
    }

    @Test func notSummaries() {
        #expect(SummaryHTML.html("tensor([1, 2])  shape [2]") == nil)
        #expect(SummaryHTML.html(" #  layer  output  params\n160 parameters") == nil)          // no layer row
        #expect(SummaryHTML.html(" #  layer  output  params\n 0  relu  10  0") == nil)          // no totals
        #expect(SummaryHTML.html(" #  layer  output  params\n 0  relu  10  0\nhello\n0 parameters") == nil)
        #expect(SummaryHTML.html("#  name  value  unit\n 0  a  1  2\n0 parameters") == nil)    // another header
    }

    /// What the kernel sends for a model a cell ends with: the interpreter's summary
    /// (shared layers marked) as text/plain and the same rows as one html table.
    @Test func aWholeModelIsOneTableWithGroupRows() throws {
        final class Results: Script.Host {
            var values: [Value] = []
            func output(_ text: String) {}
            func showResult(_ value: Value) { values.append(value) }
        }
        let host = Results()
        let interp = Interpreter(host: host)
        _ = interp.runCell("ae = autoencoder(latent: 72)")
        _ = interp.runCell("clf = ae.encoder + fc(10)")
        _ = interp.runCell("clf")
        let value = try #require(host.values.last)
        let data = RichOutput.data(for: value)
        let text = try #require(data["text/plain"] as? String)
        #expect(text.hasSuffix("10  fc 72→10         10             730\n2,634 parameters"))
        let html = try #require(data["text/html"] as? String)
        #expect(html.components(separatedBy: "<table>").count == 2)
        #expect(html.contains("<tbody><tr><th colspan=\"5\" style=\"text-align:left\">encoder</th></tr>"
            + Self.tr(["0", "conv 3×3 1→16", "16×28×28", "160", "shared with ae"])))
        #expect(html.hasSuffix(Self.tr(["10", "fc 72→10", "10", "730", ""]) + "</tbody></table><p>2,634 parameters</p>"))
        #expect(html.components(separatedBy: "<tr>").count - 1 == 1 + 1 + 11)  // header, encoder, 11 layers
    }

    @Test func otherColumnTablesStillBecomeHTML() throws {
        let html = try #require(RichOutput.table("a  b  c\n1  2  3\n4  5  6"))
        #expect(html == "<table><thead><tr><th style=\"text-align:right\">a</th><th style=\"text-align:right\">b</th><th style=\"text-align:right\">c</th></tr></thead><tbody><tr><td style=\"text-align:right\">1</td><td style=\"text-align:right\">2</td><td style=\"text-align:right\">3</td></tr><tr><td style=\"text-align:right\">4</td><td style=\"text-align:right\">5</td><td style=\"text-align:right\">6</td></tr></tbody></table>")
        #expect(RichOutput.table("tensor([1, 2])  shape [2]") == nil)
    }

    @Test func digitsAreEnlargedToASensibleSize() {
        #expect(RichOutput.displayScale(width: 28, height: 28) == 8)
        #expect(RichOutput.displayScale(width: 280, height: 70) == 2)
        #expect(RichOutput.displayScale(width: 1000, height: 800) == 1)
    }
}
