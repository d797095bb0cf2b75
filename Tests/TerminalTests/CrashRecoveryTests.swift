// The real thing: the latent executable is started as a REPL, given cells, killed with
// SIGKILL while a cell runs, and started again; the variables and results of the cells
// that had finished come back from its autosave, the running cell is the only loss.
import Foundation
import Testing

@Suite(.serialized) struct CrashRecoveryTests {
    /// `.build/debug/latent` beside these sources (built by `swift build --build-tests`),
    /// or `$LATENT_BIN`.
    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["LATENT_BIN"], !b.isEmpty { return b }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/latent").path
    }

    /// A REPL (`latent -i`) with its stdin and stdout as pipes, its data in `data`.
    final class Running {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        private let lock = NSLock()
        private var text = ""

        init(data: String, arguments: [String] = ["-i"]) throws {
            process.executableURL = URL(fileURLWithPath: CrashRecoveryTests.binary)
            process.arguments = arguments
            var env = ProcessInfo.processInfo.environment
            env["XDG_DATA_HOME"] = data
            env["LATENT_HISTORY"] = ""
            process.environment = env
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            output.fileHandleForReading.readabilityHandler = { [weak self] h in
                let d = h.availableData
                guard let self, !d.isEmpty else { return }
                self.lock.lock(); self.text += String(decoding: d, as: UTF8.self); self.lock.unlock()
            }
            try process.run()
        }

        var transcript: String { lock.lock(); defer { lock.unlock() }; return text }

        func type(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

        /// Waits (up to 60 s) until the output contains `s`.
        func waitFor(_ s: String) -> Bool {
            for _ in 0..<6000 {
                if transcript.contains(s) { return true }
                usleep(10_000)
            }
            return false
        }

        func finish() -> String {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            output.fileHandleForReading.readabilityHandler = nil
            return transcript + String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
    }

    @Test func aKilledREPLLosesOnlyTheRunningCell() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build latent first: \(Self.binary)")
        let data = NSTemporaryDirectory() + "latent-crash-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: data) }

        let first = try Running(data: data)
        first.type("x = 41")
        first.type("x + 1")
        first.type("fn sq(a) { return a * a }")
        first.type("z = tensor([1, 2, 3])")
        first.type("for i in 0..100000000 { x = i }")   // still running when the kill comes
        #expect(first.waitFor("[5] latent> for i in 0..100000000 { x = i }\n"))
        usleep(300_000)
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        #expect(first.process.terminationReason == .uncaughtSignal)
        let autosaves = (try? FileManager.default.contentsOfDirectory(atPath: data + "/latent/autosave")) ?? []
        #expect(autosaves == ["\(first.process.processIdentifier).latent-session"])

        let second = try Running(data: data)
        second.type("load session \"autosave\"")
        second.type("print(x, sq(x), _2, z.shape)")
        second.type("history")
        let t = second.finish()
        #expect(t.contains("the last latent ended without saving (4 cells, last at "))
        #expect(t.contains("its work is kept as session autosave:\n  load session \"autosave\"     (or start with latent --resume)\n"))
        #expect(t.contains("loaded session autosave: 3 variables, 4 cells (saved "))
        #expect(t.contains("print(x, sq(x), _2, z.shape)\n41 1681 42 [3]\n"))
        #expect(t.contains("[1] x = 41\n[2] x + 1\n[3] fn sq(a) { return a * a }\n[4] z = tensor([1, 2, 3])\n[5] load session \"autosave\"\n[6] print(x, sq(x), _2, z.shape)\n"))
        #expect(second.process.terminationStatus == 0)
        // Left normally: no autosave is left behind, and `latent --resume` reopens the recovered one.
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: data + "/latent/autosave")) ?? []) == [])
        let third = try Running(data: data, arguments: ["--resume", "-c", "print(x + 1)"])
        let t3 = third.finish()
        #expect(t3.hasSuffix("42\n"), "\(t3)")
        #expect(t3.hasPrefix("resumed autosave: 3 variables, 4 cells"), "\(t3)")
    }
}
