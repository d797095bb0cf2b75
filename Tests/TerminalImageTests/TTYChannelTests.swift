import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Picture
@testable import Terminal

/// The real channel against a pseudo-terminal: raw mode, poll timeout, and a far end that
/// answers like a sixel terminal or stays silent.
@Suite struct TTYChannelTests {
    static func openPTY() throws -> (master: Int32, slave: Int32, name: String) {
        var master: Int32 = 0, slave: Int32 = 0
        var name = [CChar](repeating: 0, count: 256)
        guard openpty(&master, &slave, &name, nil, nil) == 0 else { throw CancellationError() }
        return (master, slave, String(cString: name))
    }

    @Test func detectsSixelFromADeviceAttributesReply() throws {
        let pty = try Self.openPTY()
        defer { close(pty.master); close(pty.slave) }
        let answer = Thread {
            var buffer = [UInt8](repeating: 0, count: 256), got: [UInt8] = []
            while !String(decoding: got, as: UTF8.self).contains("\u{1b}[c") {
                let n = read(pty.master, &buffer, 256)
                if n <= 0 { return }
                got += buffer[0..<n]
            }
            let reply = Array("\u{1b}[?63;1;4c".utf8)
            _ = reply.withUnsafeBytes { write(pty.master, $0.baseAddress, $0.count) }
        }
        answer.start()
        let tty = try #require(TTYChannel(path: pty.name))
        let d = CapabilityDetector.detect(channel: tty, environment: ["TERM": "xterm-256color"], timeoutMilliseconds: 1000)
        tty.close()
        #expect(d.mode == .sixel)
    }

    @Test func silentTerminalFallsBackWithinTheTimeout() throws {
        let pty = try Self.openPTY()
        defer { close(pty.master); close(pty.slave) }
        let tty = try #require(TTYChannel(path: pty.name))
        let start = Date()
        let d = CapabilityDetector.detect(channel: tty, environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"])
        let elapsed = Date().timeIntervalSince(start)
        tty.close()
        #expect(d.mode == .halfBlocks(trueColor: true))
        #expect(elapsed < 0.5)
    }

    @Test func notATerminalGivesNoChannel() {
        #expect(TTYChannel(path: "/dev/null") == nil)
        #expect(TTYChannel(path: "/nonexistent/tty") == nil)
    }
}
