// The progress bar as NN's TrainingObserver: NN reports, the bar draws.
import NN

extension ProgressBar: TrainingObserver {
    public func epochStarted(epoch: Int, of epochs: Int, batches: Int) {
        start(epoch: epoch, epochs: epochs, batches: batches)
    }

    public func batchFinished(_ p: BatchProgress) {
        advance(batch: p.batch, images: p.samples, loss: Double(p.meanLoss), elapsed: p.seconds, parts: Self.parts(p.terms))
    }

    public func validationStarted(epoch: Int) {
        annotate("validating…")
    }

    public func epochFinished(_ r: EpochRecord, of epochs: Int) {
        finish(loss: Double(r.loss),
               validationLoss: r.validationLoss.map(Double.init),
               validationAccuracy: r.validationAccuracy.map(Double.init),
               batches: r.batches, images: r.samples, elapsed: r.seconds, stopped: !r.isComplete,
               parts: Self.parts(r.terms ?? []))
    }

    /// `recon 98.1234`, `kl 24.0112`: the ELBO's two terms beside its total.
    static func parts(_ terms: [LossTerm]) -> [String] {
        terms.map { "\($0.name) " + ProgressFormat.number(Double($0.value)) }
    }
}
