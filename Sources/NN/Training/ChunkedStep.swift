import Tensor

/// The data-parallel training step: the batch is cut into chunks, each chunk runs
/// forward and backward on its own thread through the whole network (its activations
/// stay in that core's cache), and the weight gradients are summed once per step,
/// weighted by chunk size. Every loss `fit` uses is a mean over the batch's samples,
/// so the sum is the whole batch's gradient (up to float summation order; tested
/// against the serial step for every layer kind that takes this path).
///
/// Only models whose layers treat samples independently and draw no random numbers
/// take it: batch norm (whole-batch statistics), dropout and the VAE's Gaussian
/// (random draws, KL state) stay on the serial step, as do layers running script
/// functions. The chunks are summed in chunk order, so the result does not depend
/// on which thread ran which chunk.
enum ChunkedStep {
    /// Layer kinds whose forward and backward are per sample and deterministic.
    static let independentKinds: Set<ObjectIdentifier> = [
        Conv2d.self, Linear.self, ReLU.self, LeakyReLU.self, Sigmoid.self, Tanh.self, Softmax.self,
        Pool2d.self, GlobalAvgPool.self, Flatten.self, Unflatten.self, Identity.self, Upsample.self,
        Add.self, Concat.self,
    ].map { ObjectIdentifier($0) }.reduce(into: []) { $0.insert($1) }

    static func applies(_ model: Model, _ loss: LossKind) -> Bool {
        loss != .elbo && model.nodes.allSatisfy { independentKinds.contains(ObjectIdentifier(type(of: $0.layer))) }
    }

    /// The threads and chunks per batch for training `model` with `loss`, or nil for
    /// the serial step (one thread, or a model that cannot be split).
    static func plan(_ model: Model, _ loss: LossKind) -> (threads: Int, chunks: Int)? {
        let threads = Parallel.threads, chunks = Parallel.chunksPerBatch
        guard threads > 1 || chunks > 1, applies(model, loss) else { return nil }
        return (threads, chunks)
    }

    /// How many chunks a batch of `n` is cut into: `chunks` (0: one per thread), at
    /// least one per thread and at most one per sample.
    static func chunkCount(batch n: Int, threads: Int, chunks: Int) -> Int {
        min(n, max(threads, chunks))
    }

    /// Runs the step and leaves the batch's gradient in `.grad` of every parameter
    /// that takes one; returns the batch's loss.
    static func run(model: Model, loss kind: LossKind, images x: Tensor, labels: [Int], input: Tensor?,
                    params: [Parameter], chunks k: Int, threads: Int) throws -> Float {
        let n = x.shape[0]
        let bounds = (0...k).map { $0 * n / k }
        let trainable = params.filter { $0.value.requiresGrad }
        // One slot per chunk, written by whichever thread runs it.
        let results = ChunkResults(k)
        try Autodiff.withoutGrad { _ = try model.shapes(forSample: Array(x.shape.dropFirst())) }
        Parallel.forEach(k, threads: threads) { c in
            do {
                let r = bounds[c]..<bounds[c + 1]
                let ic = try input.map { try $0.slice(r) }
                // Labels only where the loss has them (one per sample); otherwise passed on as given.
                let lc = labels.count == n ? Array(labels[r]) : labels
                let out = try model.lossTerms(kind, images: try x.slice(r), labels: lc, input: ic)
                results.slots[c] = (out.loss.item, try Autodiff.gradients(of: out.loss, wrt: trainable.map { $0.value }), nil)
            } catch {
                results.slots[c] = (.nan, [], error)
            }
        }
        if let e = (0..<k).compactMap({ results.slots[$0].error }).first { throw e }
        let losses = (0..<k).map { results.slots[$0].loss }
        let grads = (0..<k).map { results.slots[$0].grads }
        var total: Float = 0
        for c in 0..<k { total += losses[c] * Float(bounds[c + 1] - bounds[c]) / Float(n) }
        for (j, p) in trainable.enumerated() {
            let sum = Tensor.empty(p.value.shape)
            let dst = sum.storage.pointer, count = sum.count
            for i in 0..<count { dst[i] = 0 }
            for c in 0..<k {
                let w = Float(bounds[c + 1] - bounds[c]) / Float(n)
                let g = grads[c][j].plain
                for i in 0..<count { dst[i] += w * g[i] }
            }
            p.value.grad = sum
        }
        return total
    }
}

/// Per-chunk results in preallocated slots (threads write distinct slots only).
final class ChunkResults {
    let slots: UnsafeMutablePointer<(loss: Float, grads: [Tensor], error: Error?)>
    let count: Int
    init(_ k: Int) {
        count = k
        slots = .allocate(capacity: k)
        slots.initialize(repeating: (0, [], nil), count: k)
    }
    deinit { slots.deinitialize(count: count); slots.deallocate() }
}
