import Foundation

/// A small, fast, seedable generator (xoshiro256**, seeded by SplitMix64), so the
/// same `seed N` gives the same numbers on every machine.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var z = seed
        func splitmix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        state = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    /// Restores a generator from its saved state (sessions save it).
    /// A malformed state (not four words, or all zero, which xoshiro cannot leave)
    /// falls back to seeding from its first word rather than trapping.
    public init(state: [UInt64]) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else {
            self = RandomGenerator(seed: state.first ?? 0)
            return
        }
        self.state = (state[0], state[1], state[2], state[3])
    }

    public var stateArray: [UInt64] { [state.0, state.1, state.2, state.3] }

    public mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0; state.3 ^= state.1; state.1 ^= state.2; state.0 ^= state.3
        state.2 ^= t
        state.3 = (state.3 << 45) | (state.3 >> 19)
        return result
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Float { Float(next() >> 40) * (1.0 / Float(1 << 24)) }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Float {
        let u1 = max(Double(next() >> 11) * (1.0 / Double(1 << 53)), 1e-300)
        let u2 = Double(next() >> 11) * (1.0 / Double(1 << 53))
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}

/// The process-wide generator behind initialisation, shuffling, dropout and
/// sampling; `seed N` at the prompt resets it.
///
/// The generator is kept per thread. The product runs the interpreter, training and
/// initialisation on one thread, so for a person this is one stream; tests run in
/// parallel threads, and each must not draw numbers out of another's seeded stream.
public enum Random {
    public static var shared: RandomGenerator {
        get { box.generator }
        set { box.generator = newValue }
    }

    public static func seed(_ s: UInt64) { shared = RandomGenerator(seed: s); box.seed = s }

    /// The seed this thread's generator was last reset with (0 before any `seed`):
    /// exported training scripts start from it.
    public static var lastSeed: UInt64 { box.seed }

    private final class Box {
        var generator = RandomGenerator(seed: 0)
        var seed: UInt64 = 0
    }

    nonisolated(unsafe) private static let slot = ThreadLocalPointer()

    /// This thread's generator, created (seeded with 0) on first use.
    private static var box: Box {
        if let raw = slot.value { return Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue() }
        let b = Box()
        slot.value = Unmanaged.passRetained(b).toOpaque()
        return b
    }
}
