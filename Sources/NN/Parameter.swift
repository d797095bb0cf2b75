import Tensor

/// A trainable tensor of a layer: the value (a leaf of the autodiff graph), its local
/// name inside the layer (`weight`, `bias`) and whether it is frozen.
///
/// Parameters are shared by reference: a part or slice of a model holds the very same
/// `Parameter` objects as the whole, so training either trains both.
///
///     let p = Parameter(name: "weight", value: try Tensor(zeros: [10, 72]))
///     p.isFrozen = true   // no gradient, no optimizer update
public final class Parameter {
    /// The layer-local name (`weight`, `bias`); models prefix the node path.
    public let name: String
    /// The current value. Optimizers replace its storage in place (same tensor object).
    public let value: Tensor

    /// Frozen parameters get no gradient and no optimizer update.
    public var isFrozen: Bool {
        didSet { value.requiresGrad = !isFrozen }
    }

    public init(name: String, value: Tensor, isFrozen: Bool = false) {
        self.name = name
        self.value = value
        self.isFrozen = isFrozen
        value.requiresGrad = !isFrozen
    }

    /// The accumulated gradient of the last backward pass, if any.
    public var grad: Tensor? { value.grad }

    public var shape: [Int] { value.shape }
    public var count: Int { value.count }

    /// Overwrites the value with `scalars` (same count), keeping the tensor object.
    /// A fresh storage is installed so backends that cache a converted layout of the
    /// old storage never see stale numbers.
    public func assign(_ scalars: UnsafePointer<Float>) {
        let s = Storage(count: value.count)
        s.pointer.update(from: scalars, count: value.count)
        value.replaceStorage(s)
    }

    /// Overwrites the value with another tensor's values (shapes must match; checked by callers).
    public func assign(_ other: Tensor) {
        guard other.count >= value.count else { return }
        assign(UnsafePointer(other.plain))
    }
}
