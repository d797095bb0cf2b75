import Foundation
import Testing
import Tensor
import Script
@testable import Notebook

/// Ranges in a session: an open range (`2..`) comes back open, and a stored range
/// whose end no script could write is refused by name instead of loading a value
/// that later counts to 2⁶³.
extension NotebookSuite { struct RangeSessionTests {
    @Test func openAndClosedRangesRoundTrip() throws {
        let dir = scratchDirectory("range-roundtrip")
        let (interp, host) = makeSession()
        run(host, ["r = 2..", "s = -3..=4", "l = [0..2, 5..]"])
        let path = dir + "/ranges.latent-session"
        try SessionStore.save(interpreter: interp, to: path)
        let (back, _) = makeSession()
        _ = try SessionStore.load(into: back, from: path)
        #expect(variable(back, "r").map { "\($0)" } == "2..")
        #expect(variable(back, "s").map { "\($0)" } == "-3..5")
        #expect(variable(back, "l").map { "\($0)" } == "[0..2, 5..]")
        #expect(back.runCell("y = [1, 2, 3, 4][r]").ok)
        #expect(variable(back, "y").map { "\($0)" } == "[3, 4]")
    }

    @Test func aRangeBeyondAnyScriptIsRefusedByName() throws {
        let dir = scratchDirectory("range-huge")
        let (interp, host) = makeSession()
        run(host, ["r = 0..3", "x = 2"])
        let path = dir + "/huge.latent-session"
        try SessionStore.save(interpreter: interp, to: path)
        try NotebookSuite.InjectionTests.rewrite(path, variable: "r", payload: .range(lower: Int.min, upper: Int.max - 1))
        let (back, _) = makeSession()
        var message = ""
        do {
            let summary = try SessionStore.load(into: back, from: path)
            message = summary.skipped.joined(separator: "; ")
        } catch {
            message = "\(error)"
        }
        #expect(message.contains("variable 'r': the range -9223372036854775808..9223372036854775806 has an end beyond ±9,000,000,000,000,000"))
        #expect(variable(back, "r") == nil)
    }
}}
