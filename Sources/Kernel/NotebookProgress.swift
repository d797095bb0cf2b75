// `fit` progress in a notebook: one output line per epoch, shown with
// display_data and rewritten in place with update_display_data (a display_id per
// epoch) at most twice a second, so a notebook never fills with thousands of
// lines and JupyterLab and nbconvert both end with the final line of each epoch.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NN

/// Where one epoch stands; the executable formats it like the terminal's bar.
public struct EpochProgress: Equatable, Sendable {
    public var epoch: Int, epochs: Int
    public var batch: Int, batches: Int
    public var images: Int
    public var elapsed: Double
    public var loss: Double?
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    public var isFinished = false
    /// "validating…", "stopping after this batch…", "stopped".
    public var note: String?

    /// A plain rendering (`epoch 1/5  469/469  loss 0.1043  val 0.0981  0:05`) for hosts without the bar.
    public static func plainText(_ p: EpochProgress) -> String {
        var s = "epoch \(p.epoch)/\(p.epochs)  \(p.batch)/\(p.batches)"
        if let l = p.loss { s += "  loss " + String(format: "%.4f", l) }
        if let v = p.validationLoss { s += "  val " + String(format: "%.4f", v) }
        if let n = p.note { s += "  " + n }
        return s
    }
}

/// NN's TrainingObserver, publishing through the kernel host.
final class NotebookProgress: TrainingObserver {
    /// Sends one IOPub message (type, content).
    let publish: (String, JSONObject) -> Void
    let format: (EpochProgress) -> String
    let isInterrupted: () -> Bool
    /// Seconds between in-place updates of the line.
    var interval = 0.5
    private var state: EpochProgress?
    private var displayID = ""
    private var lastDraw = 0.0

    init(publish: @escaping (String, JSONObject) -> Void, format: @escaping (EpochProgress) -> String,
         isInterrupted: @escaping () -> Bool) {
        self.publish = publish
        self.format = format
        self.isInterrupted = isInterrupted
    }

    func epochStarted(epoch: Int, of epochs: Int, batches: Int) {
        if state != nil { stop() }
        state = EpochProgress(epoch: epoch, epochs: epochs, batch: 0, batches: batches, images: 0, elapsed: 0)
        displayID = "latent-fit-" + UUID().uuidString.lowercased()
        draw(new: true)
    }

    func batchFinished(_ p: BatchProgress) {
        guard var s = state else { return }
        s.batch = p.batch
        s.images = p.samples
        s.elapsed = p.seconds
        s.loss = Double(p.meanLoss)
        let noticed = isInterrupted() && s.note == nil
        if noticed { s.note = "stopping after this batch…" }
        state = s
        if noticed || NotebookProgress.now() - lastDraw >= interval { draw(new: false) }
    }

    func validationStarted(epoch: Int) {
        guard state != nil else { return }
        state?.note = "validating…"
        draw(new: false)
    }

    func epochFinished(_ r: EpochRecord, of epochs: Int) {
        guard var s = state else { return }
        s.batch = r.batches
        s.images = r.samples
        s.elapsed = r.seconds
        s.loss = Double(r.loss)
        s.validationLoss = r.validationLoss.map(Double.init)
        s.validationAccuracy = r.validationAccuracy.map(Double.init)
        s.isFinished = true
        s.note = r.isComplete ? nil : "stopped"
        state = s
        draw(new: false)
        state = nil
    }

    /// Training ended without epochFinished (an error): the line says it stopped.
    func stop() {
        guard state != nil else { return }
        state?.isFinished = true
        state?.note = "stopped"
        draw(new: false)
        state = nil
    }

    private func draw(new: Bool) {
        guard let s = state else { return }
        lastDraw = NotebookProgress.now()
        publish(new ? "display_data" : "update_display_data", [
            "data": ["text/plain": format(s)],
            "metadata": [String: Any](),
            "transient": ["display_id": displayID],
        ])
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
