/// The compute kernels behind the ops. Ops validate shapes and throw; a backend
/// receives only valid input and computes. Inputs may be in this backend's own
/// foreign layout (the fast backend's blocked activations); outputs may be too.
/// A backend reads another layout through `Tensor.plain`.
///
/// Two implementations: `ReferenceBackend` (plain Swift loops, the teaching version
/// and the test oracle) and `FastBackend` (oneDNN). Switch with `Backend.use(_:)`.
public protocol ComputeBackend: AnyObject {
    /// "reference" or "fast".
    var name: String { get }

    // Convolution, weight [out, in/groups, kh, kw], bias [out].
    func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry) -> Tensor
    func conv2dBackwardData(_ gy: Tensor, weight: Tensor, _ g: ConvGeometry) -> Tensor
    /// Gradients of weight and (when `withBias`) bias.
    func conv2dBackwardWeights(_ gy: Tensor, x: Tensor, _ g: ConvGeometry, withBias: Bool) -> (weight: Tensor, bias: Tensor?)

    // Pooling: y is the forward's output (the fast backend keeps its workspace on it).
    func pool2d(_ x: Tensor, _ g: PoolGeometry) -> Tensor
    func pool2dBackward(_ gy: Tensor, x: Tensor, y: Tensor, _ g: PoolGeometry) -> Tensor

    // Nearest-neighbour upsampling of NCHW by an integer factor.
    func upsampleNearest(_ x: Tensor, scale: Int) -> Tensor
    func upsampleNearestBackward(_ gy: Tensor, scale: Int) -> Tensor

    // Pointwise activations; y is the forward's output.
    func activation(_ x: Tensor, _ a: Activation) -> Tensor
    func activationBackward(_ gy: Tensor, x: Tensor, y: Tensor, _ a: Activation) -> Tensor

    /// Plain matrix product of 2-D tensors, op(a) [m, k] × op(b) [k, n] where op
    /// transposes when asked.
    func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor

    /// Elementwise sum of two tensors of the same shape (residual connections, gradient accumulation).
    func add(_ a: Tensor, _ b: Tensor) -> Tensor
}

/// The backend in use. `reference` is always available; `fast` registers itself
/// when oneDNN is present.
public enum Backend {
    /// The backend ops use: this thread's override (see `with(_:_:)`) or the global choice.
    public static var current: ComputeBackend {
        if let raw = override.value { return Unmanaged<AnyObject>.fromOpaque(raw).takeUnretainedValue() as! ComputeBackend }
        return global
    }
    nonisolated(unsafe) private static var global: ComputeBackend = ReferenceBackend.shared
    nonisolated(unsafe) private static let override = ThreadLocalPointer()
    nonisolated(unsafe) public private(set) static var available: [String: ComputeBackend] = ["reference": ReferenceBackend.shared, "fast": FastBackend.shared]

    public static func register(_ b: ComputeBackend) { available[b.name] = b }

    /// Switches the backend for all later ops. Throws for an unknown name.
    public static func use(_ name: String) throws {
        guard let b = available[name] else {
            throw TensorError("backend", "unknown backend '\(name)'; available: \(available.keys.sorted().joined(separator: ", "))")
        }
        global = b
    }

    public static func use(_ b: ComputeBackend) { register(b); global = b }

    /// Runs `body` with backend `name` on this thread only (tests run in parallel,
    /// so they must not switch the global backend under each other).
    ///
    ///     let y = try Backend.with("reference") { try x.conv2d(weight: w, bias: nil) }
    public static func with<T>(_ name: String, _ body: () throws -> T) throws -> T {
        guard let b = available[name] else {
            throw TensorError("backend", "unknown backend '\(name)'; available: \(available.keys.sorted().joined(separator: ", "))")
        }
        let was = override.value
        override.value = Unmanaged.passUnretained(b as AnyObject).toOpaque()
        defer { override.value = was }
        return try body()
    }
}
