import Foundation
import Testing
@testable import Script

/// Every `Scripts/NAME.latent` runs and its output (then its errors, script-style)
/// must equal `Scripts/NAME.expected`. `<any>` in an expected line matches any text.
/// Set LATENT_UPDATE_EXPECTED=1 to write the actual output (then review the diff).
extension ScriptSuite {
struct ScriptFileTests {
    static let directory: URL = {
        if let url = Bundle.module.url(forResource: "Scripts", withExtension: nil) { return url }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")
    }()

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".latent") }.map { String($0.dropLast(7)) }.sorted()
    }()

    @Test func thereAreScripts() {
        #expect(Self.names.count >= 6)
    }

    @Test(arguments: names) func script(_ name: String) throws {
        let source = try String(contentsOf: Self.directory.appendingPathComponent(name + ".latent"), encoding: .utf8)
        let host = RecordingHost()
        host.interruptAfterPolls = 1_000_000
        let result = Interpreter(host: host).run(source, file: name + ".latent")
        var actual = host.lines
        if !result.ok { actual.append(result.errorText) }
        let actualText = actual.joined(separator: "\n")
        if ProcessInfo.processInfo.environment["LATENT_UPDATE_EXPECTED"] == "1" {
            let src = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")
            try (actualText + "\n").write(to: src.appendingPathComponent(name + ".expected"), atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Self.directory.appendingPathComponent(name + ".expected"), encoding: .utf8)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let got = actualText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trimmedWant = want.last == "" ? Array(want.dropLast()) : want
        #expect(got.count == trimmedWant.count, "\(name): \(got.count) lines, expected \(trimmedWant.count)\n\(actualText)")
        for (i, (g, w)) in zip(got, trimmedWant).enumerated() {
            #expect(Self.matches(g, w), "\(name).expected line \(i + 1):\n  got      \(g)\n  expected \(w)")
        }
        let wantsFailure = trimmedWant.contains { $0.contains(": error: ") }
        #expect(result.ok != wantsFailure, "\(name): ok = \(result.ok)")
        #expect(result.exitCode == (wantsFailure ? 1 : 0))
    }

    static func matches(_ line: String, _ pattern: String) -> Bool {
        let parts = pattern.components(separatedBy: "<any>")
        if parts.count == 1 { return line == pattern }
        guard line.hasPrefix(parts[0]), line.hasSuffix(parts[parts.count - 1]) else { return false }
        var rest = line.dropFirst(parts[0].count)
        for p in parts.dropFirst().dropLast() {
            guard let r = rest.range(of: p) else { return false }
            rest = rest[r.upperBound...]
        }
        return rest.count >= parts[parts.count - 1].count
    }
}
}
