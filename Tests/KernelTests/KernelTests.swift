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
    @Test func modelSummaryBecomesAnHTMLTable() throws {
        let text = " #  layer            output      params\n 0  conv 3×3 1→16    16×28×28       160\n 1  relu             16×28×28         0\n160 parameters"
        let html = try #require(RichOutput.table(text))
        #expect(html == "<table><thead><tr><th style=\"text-align:right\">#</th><th style=\"text-align:left\">layer</th><th style=\"text-align:left\">output</th><th style=\"text-align:right\">params</th></tr></thead><tbody><tr><td style=\"text-align:right\">0</td><td style=\"text-align:left\">conv 3×3 1→16</td><td style=\"text-align:left\">16×28×28</td><td style=\"text-align:right\">160</td></tr><tr><td style=\"text-align:right\">1</td><td style=\"text-align:left\">relu</td><td style=\"text-align:left\">16×28×28</td><td style=\"text-align:right\">0</td></tr></tbody></table><p>160 parameters</p>")
        #expect(RichOutput.table("tensor([1, 2])  shape [2]") == nil)
    }

    @Test func digitsAreEnlargedToASensibleSize() {
        #expect(RichOutput.displayScale(width: 28, height: 28) == 8)
        #expect(RichOutput.displayScale(width: 280, height: 70) == 2)
        #expect(RichOutput.displayScale(width: 1000, height: 800) == 1)
    }
}
