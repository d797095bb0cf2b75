/// A Float32 tensor of any rank, row-major; images are NCHW.
///
/// A tensor is a reference type, as in PyTorch: parameters are updated in place by
/// optimizers, and the autodiff graph points at the tensors it was built from.
///
///     let x = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
///     let y = x.relu()
public final class Tensor {
    /// The logical shape; `[]` is a scalar.
    public let shape: [Int]
    /// The memory; may be in a backend's foreign layout until `plain` is read.
    public internal(set) var storage: Storage

    /// Set on leaves whose gradient is wanted (parameters, `grad(...)` targets).
    public var requiresGrad: Bool = false
    /// The accumulated gradient after `backward()`, in the tensor's shape.
    public var grad: Tensor?
    /// How this tensor was computed, if it is part of a graph that needs gradients.
    public internal(set) var gradFn: GradFn?

    /// Largest number of elements a single tensor may hold (4 GiB of Float32).
    public static let maxElements = 1 << 30

    /// Wraps an existing storage. The storage must hold the logical shape (or a
    /// foreign layout of it); this is for backends, not for users.
    public init(shape: [Int], storage: Storage) {
        self.shape = shape
        self.storage = storage
    }

    /// A zero-filled tensor. Throws on negative dimensions or absurd sizes.
    public convenience init(zeros shape: [Int]) throws {
        let n = try Tensor.checkedCount(shape, op: "zeros")
        self.init(shape: shape, storage: Storage(count: n))
    }

    /// A tensor from row-major scalars; `scalars.count` must match the shape.
    public convenience init(shape: [Int], scalars: [Float]) throws {
        let n = try Tensor.checkedCount(shape, op: "tensor")
        guard n == scalars.count else {
            throw TensorError("tensor", "shape \(describeShape(shape)) needs \(n) values, got \(scalars.count)")
        }
        let s = Storage(count: n)
        scalars.withUnsafeBufferPointer { if let p = $0.baseAddress { s.pointer.update(from: p, count: n) } }
        self.init(shape: shape, storage: s)
    }

    /// A scalar (rank-0) tensor.
    public convenience init(scalar: Float) {
        let s = Storage(count: 1)
        s.pointer[0] = scalar
        self.init(shape: [], storage: s)
    }

    /// Internal fast path: a plain, uninitialised-to-zero tensor of a shape already
    /// known to be valid (kernels use it for outputs).
    public static func empty(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: Storage(count: shape.reduce(1, *)))
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
    public var rank: Int { shape.count }

    /// Validates a shape and returns its element count.
    public static func checkedCount(_ shape: [Int], op: String) throws -> Int {
        var n = 1
        for d in shape {
            guard d >= 0 else { throw TensorError(op, "negative dimension in shape \(describeShape(shape))") }
            let (m, overflow) = n.multipliedReportingOverflow(by: d)
            guard !overflow, m <= maxElements else {
                throw TensorError(op, "shape \(describeShape(shape)) is too large (limit \(maxElements) elements)")
            }
            n = m
        }
        return n
    }

    /// Pointer to the values in plain row-major order, converting a foreign layout
    /// in place first (the one edge where blocked layouts turn plain).
    public var plain: UnsafeMutablePointer<Float> {
        if case .foreign(let f) = storage.layout {
            let s = Storage(count: count)
            f.toPlain(from: storage.pointer, to: s.pointer)
            storage = s
        }
        return storage.pointer
    }

    /// Replaces the storage with another holding the same logical values (used by
    /// backends to cache a layout conversion).
    public func replaceStorage(_ s: Storage) { storage = s }

    /// The values as an array, row-major.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: plain, count: count)) }

    /// The single value of a one-element tensor.
    public var item: Float { plain[0] }

    /// A copy with its own storage and no graph history.
    public func copy() -> Tensor {
        let t = Tensor.empty(shape)
        t.storage.pointer.update(from: plain, count: count)
        return t
    }

    /// The same values, cut from the graph (no gradient flows back through it).
    public func detached() -> Tensor {
        _ = plain
        return Tensor(shape: shape, storage: storage)
    }
}
