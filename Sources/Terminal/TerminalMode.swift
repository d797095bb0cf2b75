// While a cell runs the terminal is in its ordinary (cooked) mode, where the
// driver would echo Ctrl-C as "^C" wherever the cursor happens to be: in the
// middle of a progress bar or before an error message. We switch that echo off
// while work runs; the progress bar says "stopping after this batch…" instead.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small changes to the terminal's line discipline, always undone.
///
///     TerminalMode.withoutControlEcho { runTheCell() }
public enum TerminalMode {
    /// Runs `body` with ECHOCTL off on stdin's terminal (no-op when stdin is not one).
    public static func withoutControlEcho<T>(_ body: () throws -> T) rethrows -> T {
        var saved = termios()
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &saved) == 0 else { return try body() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHOCTL)
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        defer { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        return try body()
    }
}
