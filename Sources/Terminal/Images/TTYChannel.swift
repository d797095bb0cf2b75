// The real terminal behind CapabilityDetector: /dev/tty in raw mode (no echo, no line
// buffering) while the graphics queries are answered, restored afterwards.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Picture

// Top-level wrappers: inside TTYChannel the names read/write/close are its own methods.
private func sysOpen(_ path: String) -> Int32 { open(path, O_RDWR | O_NOCTTY | O_CLOEXEC) }
private func sysClose(_ fd: Int32) { _ = close(fd) }
private func sysRead(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int { read(fd, p, n) }
private func sysWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int { write(fd, p, n) }

/// A `TerminalChannel` over the controlling terminal. Opening fails (nil) when there is none.
///
///     if let tty = TTYChannel() {
///         defer { tty.close() }
///         let d = CapabilityDetector.detect(channel: tty, environment: env)
///     }
public final class TTYChannel: TerminalChannel {
    private let fd: Int32
    private var saved = termios()
    private var isOpen = true

    /// Opens `path` (the controlling terminal by default) and switches it to raw input.
    public init?(path: String = "/dev/tty") {
        fd = sysOpen(path)
        guard fd >= 0 else { return nil }
        guard isatty(fd) == 1, tcgetattr(fd, &saved) == 0 else {
            sysClose(fd)
            return nil
        }
        var raw = saved
        // Keep ISIG so Ctrl-C still interrupts; drop echo and canonical line buffering
        // so the replies are neither shown nor held back until Enter.
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else {
            sysClose(fd)
            return nil
        }
    }

    deinit { close() }

    /// Restores the saved terminal mode and closes the device (idempotent).
    public func close() {
        guard isOpen else { return }
        isOpen = false
        _ = tcsetattr(fd, TCSANOW, &saved)
        sysClose(fd)
    }

    /// Writes all bytes (retrying after signals).
    public func write(_ bytes: [UInt8]) {
        guard isOpen else { return }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { sysWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Up to 1 KiB that arrives within the timeout (`poll`), or nothing.
    public func read(timeoutMilliseconds: Int) -> [UInt8] {
        guard isOpen else { return [] }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&p, 1, Int32(max(0, min(timeoutMilliseconds, 10_000))))
        guard ready > 0, p.revents & Int16(POLLIN) != 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let n = buffer.withUnsafeMutableBytes { sysRead(fd, $0.baseAddress, $0.count) }
        return n > 0 ? Array(buffer[0..<n]) : []
    }

    /// Throws away input that arrived but was not read (a reply that came after the timeout),
    /// so it does not end up on the prompt.
    public func discardPendingInput() {
        guard isOpen else { return }
        _ = tcflush(fd, TCIFLUSH)
    }
}
