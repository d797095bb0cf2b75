// Interrupts: Jupyter sends SIGINT (interrupt_mode "signal") or an
// interrupt_request on the control channel (interrupt_mode "message"); both set
// one flag that the interpreter polls through Host.isInterrupted, so `fit` stops
// at the end of its batch with its weights kept and loops stop at their next turn.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

let kernelInterruptFlag = Atomic<Bool>(false)

/// The kernel's interruption flag (the terminal has its own, in Terminal).
public enum KernelInterrupt {
    /// SIGINT sets the flag and nothing else (async-signal-safe); the kernel never dies of it.
    public static func installSignalHandler() {
        _ = kernelInterruptFlag.load(ordering: .relaxed)
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in kernelInterruptFlag.store(true, ordering: .relaxed) }
        #else
        action.__sigaction_u.__sa_handler = { _ in kernelInterruptFlag.store(true, ordering: .relaxed) }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = Int32(SA_RESTART)
        sigaction(SIGINT, &action, nil)
    }

    public static var isRequested: Bool { kernelInterruptFlag.load(ordering: .relaxed) }
    public static func request() { kernelInterruptFlag.store(true, ordering: .relaxed) }
    public static func clear() { kernelInterruptFlag.store(false, ordering: .relaxed) }
}
