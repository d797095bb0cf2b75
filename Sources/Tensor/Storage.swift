/// The memory behind a tensor: a 64-byte-aligned Float32 buffer.
///
/// Most storages are `plain` (row-major, the logical layout). The fast backend may
/// leave activations in a backend-specific physical layout (oneDNN's blocked
/// layouts) between its own ops; such a storage carries a `ForeignLayout` that knows
/// how to convert back. Anything that reads values goes through `Tensor.plain`,
/// which converts at that edge only.
public final class Storage {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>
    public var layout: Layout
    /// Backend-private data tied to this buffer (e.g. oneDNN's pooling workspace).
    public var aux: AnyObject?

    public enum Layout {
        case plain
        case foreign(ForeignLayout)
    }

    /// Allocates `count` floats, zero-filled unless `zeroed` is false (for kernel
    /// outputs that are written in full; the contents are then unspecified).
    public init(count: Int, layout: Layout = .plain, zeroed: Bool = true) {
        self.count = count
        let raw = BufferPool.take(bytes: max(count, 1) * MemoryLayout<Float>.stride)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        if zeroed { pointer.initialize(repeating: 0, count: max(count, 1)) }
        self.layout = layout
    }

    deinit { BufferPool.give(UnsafeMutableRawPointer(pointer), bytes: max(count, 1) * MemoryLayout<Float>.stride) }

    public var isPlain: Bool { if case .plain = layout { return true } else { return false } }
}

/// A physical layout that only a backend understands. It converts to and from the
/// plain row-major layout of the tensor's logical shape.
public protocol ForeignLayout: AnyObject {
    /// Number of floats the physical buffer holds (blocked layouts pad channels).
    var physicalCount: Int { get }
    /// Copies the physical buffer `from` into the plain row-major buffer `to`.
    func toPlain(from: UnsafePointer<Float>, to: UnsafeMutablePointer<Float>)
}
