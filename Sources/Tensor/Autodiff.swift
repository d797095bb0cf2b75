import Foundation

/// Reverse-mode automatic differentiation over coarse ops.
///
/// Each op builds its output, then calls `record` with its inputs and a closure
/// that maps the output's gradient to the inputs' gradients — the backward written
/// right under the forward, as in micrograd.
public final class GradFn {
    public let name: String
    public let inputs: [Tensor]
    /// Given the gradient of the output, the gradients of `inputs` (nil where an
    /// input needs none).
    public let backward: (Tensor) throws -> [Tensor?]

    init(name: String, inputs: [Tensor], backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }
}

/// Whether ops record graphs. Turned off for inference and optimizer updates.
public enum Autodiff {
    /// Per thread, so that work on one thread (a test, a background job) never
    /// switches recording off for another.
    public static var isEnabled: Bool { disabled.value == nil }
    nonisolated(unsafe) private static let disabled = ThreadLocalPointer()

    /// Runs `body` without recording any graph (like `torch.no_grad()`).
    public static func withoutGrad<T>(_ body: () throws -> T) rethrows -> T {
        let was = disabled.value
        disabled.value = UnsafeMutableRawPointer(bitPattern: 1)
        defer { disabled.value = was }
        return try body()
    }

    /// The gradients of scalar `output` with respect to each of `inputs`, without
    /// touching any `.grad` field. Inputs unreachable from output get zeros.
    ///
    ///     let (p, y) = ...; let g = try Autodiff.gradients(of: loss, wrt: [logits])
    public static func gradients(of output: Tensor, wrt inputs: [Tensor]) throws -> [Tensor] {
        let grads = try output.propagate(seed: nil)
        return try inputs.map { x in try grads[ObjectIdentifier(x)] ?? Tensor(zeros: x.shape) }
    }
}

extension Tensor {
    /// True when this tensor takes part in a graph that needs gradients.
    public var needsGrad: Bool { requiresGrad || gradFn != nil }

    /// Attaches a backward to `self` (an op's fresh output) when any input needs
    /// gradients and recording is on. Returns `self` for chaining.
    @discardableResult
    public func record(_ name: String, _ inputs: [Tensor], backward: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        if Autodiff.isEnabled && inputs.contains(where: { $0.needsGrad }) {
            gradFn = GradFn(name: name, inputs: inputs, backward: backward)
        }
        return self
    }

    /// Back-propagates from this scalar (or from `seed`, the gradient of some loss
    /// with respect to this tensor) and accumulates into `.grad` of every leaf that
    /// has `requiresGrad`.
    public func backward(seed: Tensor? = nil) throws {
        let grads = try propagate(seed: seed)
        try Autodiff.withoutGrad {
            for (leaf, g) in leaves(grads) {
                // A copy: one gradient tensor may reach several leaves (a + b).
                if let old = leaf.grad { leaf.grad = try old.adding(g) } else { leaf.grad = g.copy() }
            }
        }
    }

    private func leaves(_ grads: [ObjectIdentifier: Tensor]) -> [(Tensor, Tensor)] {
        var out: [(Tensor, Tensor)] = []
        var seen = Set<ObjectIdentifier>()
        func visit(_ t: Tensor) {
            guard seen.insert(ObjectIdentifier(t)).inserted else { return }
            if t.requiresGrad, let g = grads[ObjectIdentifier(t)] { out.append((t, g)) }
            t.gradFn?.inputs.forEach(visit)
        }
        visit(self)
        return out
    }

    /// Gradients of every tensor in the graph below `self`, keyed by identity.
    func propagate(seed: Tensor?) throws -> [ObjectIdentifier: Tensor] {
        if seed == nil && count != 1 {
            throw TensorError("backward", "needs a scalar output or an explicit seed gradient; output has shape \(describeShape(shape))")
        }
        if let seed, seed.shape != shape {
            throw TensorError("backward", "seed gradient shape \(describeShape(seed.shape)) differs from output \(describeShape(shape))")
        }
        // Topological order, iteratively (deep graphs must not overflow the stack).
        var order: [Tensor] = []
        var seen = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (t, expanded) = stack.popLast() {
            if expanded { order.append(t); continue }
            guard seen.insert(ObjectIdentifier(t)).inserted else { continue }
            stack.append((t, true))
            for i in t.gradFn?.inputs ?? [] where i.needsGrad && !seen.contains(ObjectIdentifier(i)) {
                stack.append((i, false))
            }
        }
        var grads: [ObjectIdentifier: Tensor] = [:]
        grads[ObjectIdentifier(self)] = try seed ?? Tensor(shape: shape, scalars: [1])
        try Autodiff.withoutGrad {
            for t in order.reversed() {
                guard let fn = t.gradFn, let g = grads[ObjectIdentifier(t)] else { continue }
                let inGrads = try fn.backward(g)
                for (input, ig) in zip(fn.inputs, inGrads) {
                    guard let ig, input.needsGrad else { continue }
                    let key = ObjectIdentifier(input)
                    if let old = grads[key] { grads[key] = try old.adding(ig) } else { grads[key] = ig }
                }
            }
        }
        return grads
    }
}

/// One pointer-sized value per thread (a pthread key), nil until set.
final class ThreadLocalPointer {
    private var key = pthread_key_t()
    init() { pthread_key_create(&key, nil) }
    var value: UnsafeMutableRawPointer? {
        get { pthread_getspecific(key) }
        set { pthread_setspecific(key, newValue) }
    }
}
