/// Progress of a batch, for progress bars (NN never prints).
public struct BatchProgress: Sendable {
    public var epoch: Int
    public var epochs: Int
    /// 1-based batch number within the epoch.
    public var batch: Int
    public var batches: Int
    /// This batch's loss and the running mean of the epoch so far.
    public var loss: Float
    public var meanLoss: Float
    /// Samples done in this epoch and seconds since the epoch started.
    public var samples: Int
    public var seconds: Double
    /// The loss's named parts (the ELBO's `recon` and `kl`), epoch means so far.
    public var terms: [LossTerm] = []
    /// Samples per second in this epoch so far.
    public var rate: Double { seconds > 0 ? Double(samples) / seconds : 0 }
}

/// Callbacks from `Trainer.fit`; all have empty defaults. The REPL's progress bar
/// implements them.
///
///     final class Bar: TrainingObserver {
///         func batchFinished(_ p: BatchProgress) { draw(p.batch, p.batches, p.meanLoss) }
///     }
public protocol TrainingObserver: AnyObject {
    /// `epoch` counts within this fit (1...epochs).
    func epochStarted(epoch: Int, of epochs: Int, batches: Int)
    func batchFinished(_ progress: BatchProgress)
    /// Called before the validation pass (it can take a while).
    func validationStarted(epoch: Int)
    func epochFinished(_ record: EpochRecord, of epochs: Int)
}

extension TrainingObserver {
    public func epochStarted(epoch: Int, of epochs: Int, batches: Int) {}
    public func batchFinished(_ progress: BatchProgress) {}
    public func validationStarted(epoch: Int) {}
    public func epochFinished(_ record: EpochRecord, of epochs: Int) {}
}
