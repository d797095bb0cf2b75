import Foundation

/// Keeps large freed tensor buffers for reuse by the next buffer of the same size.
///
/// A training step allocates the same activation and gradient sizes batch after
/// batch; handing the same blocks back keeps the heap from fragmenting (peak memory
/// while training on MNIST) and avoids fresh page faults. Small blocks are left to
/// malloc. The pool holds at most `maxCachedBytes`; beyond that blocks are freed.
enum BufferPool {
    static let minBytes = 64 << 10
    static let maxCachedBytes = 64 << 20

    nonisolated(unsafe) private static var free: [Int: [UnsafeMutableRawPointer]] = [:]
    nonisolated(unsafe) private static var cachedBytes = 0
    private static let lock = NSLock()

    /// A 64-byte-aligned block of `bytes` bytes (contents unspecified).
    static func take(bytes: Int) -> UnsafeMutableRawPointer {
        if bytes >= minBytes {
            lock.lock()
            if let p = free[bytes]?.popLast() {
                cachedBytes -= bytes
                lock.unlock()
                return p
            }
            // A size the pool has not seen (the last, smaller batch of an epoch, an
            // evaluation): give the cached blocks back to malloc, which reuses that
            // memory for the new sizes instead of growing the heap beside it.
            for (_, blocks) in free { blocks.forEach { $0.deallocate() } }
            free.removeAll(keepingCapacity: true)
            cachedBytes = 0
            lock.unlock()
        }
        return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    }

    /// Returns a block from `take(bytes:)`.
    static func give(_ p: UnsafeMutableRawPointer, bytes: Int) {
        if bytes >= minBytes {
            lock.lock()
            if cachedBytes + bytes <= maxCachedBytes {
                free[bytes, default: []].append(p)
                cachedBytes += bytes
                lock.unlock()
                return
            }
            lock.unlock()
        }
        p.deallocate()
    }
}
