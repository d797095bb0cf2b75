// Ctrl-C: one flag, set by a signal handler, read by whoever is working.
//
// At the prompt, libedit forwards SIGINT to our handler and `readline` returns
// NULL; the line editor sees the flag and reports `.interrupted` (the line being
// typed is dropped). While a cell runs, the same flag is what the interpreter
// polls through `Host`: training stops at the end of the batch and keeps its
// weights. The REPL never dies of a Ctrl-C.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The process-wide Ctrl-C flag. `Atomic` loads and stores are lock-free, so the
/// signal handler may touch it.
let interruptFlag = Atomic<Bool>(false)

/// How many Ctrl-C presses arrived since the flag was last cleared.
let interruptCount = Atomic<Int>(0)

/// Ctrl-C handling for the whole process.
///
///     Interrupt.install()
///     Interrupt.clear()
///     while !Interrupt.isRequested { work() }
public enum Interrupt {
    /// Installs the SIGINT handler (idempotent). The handler only sets the flag
    /// (async-signal-safe); it never exits, so no Ctrl-C can lose a session.
    /// Without `restartingSystemCalls`, a blocked `read` returns EINTR on Ctrl-C
    /// (the plain line reader wants that; everything else wants reads restarted).
    public static func install(restartingSystemCalls: Bool = true) {
        _ = interruptFlag.load(ordering: .relaxed)  // touch the globals before any signal
        _ = interruptCount.load(ordering: .relaxed)
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in
            interruptFlag.store(true, ordering: .relaxed)
            interruptCount.add(1, ordering: .relaxed)
        }
        #else
        action.__sigaction_u.__sa_handler = { _ in
            interruptFlag.store(true, ordering: .relaxed)
            interruptCount.add(1, ordering: .relaxed)
        }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = restartingSystemCalls ? Int32(SA_RESTART) : 0
        sigaction(SIGINT, &action, nil)
        // A process can inherit SIGINT blocked (a tmux server started by a harness
        // that blocks it, for one): then Ctrl-C would never arrive. Unblock it.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// True once Ctrl-C was pressed since the last `clear()`.
    public static var isRequested: Bool { interruptFlag.load(ordering: .relaxed) }

    /// Number of Ctrl-C presses since the last `clear()`.
    public static var pressCount: Int { interruptCount.load(ordering: .relaxed) }

    /// Forgets earlier presses; call before reading a line and before running a cell.
    public static func clear() {
        interruptFlag.store(false, ordering: .relaxed)
        interruptCount.store(0, ordering: .relaxed)
    }

    /// Sets the flag as if Ctrl-C had been pressed (tests, `stop` commands).
    public static func request() {
        interruptFlag.store(true, ordering: .relaxed)
        interruptCount.add(1, ordering: .relaxed)
    }
}
