// The Host the interpreter talks to inside the kernel: `print` becomes stream
// output, a cell's value execute_result, pictures display_data, `fit` an updating
// progress line; Ctrl-C is the kernel's interrupt flag. Sessions are answered by
// the RecordingHost that wraps this one (see KernelServer).

import Foundation
import Script
import NN
import Tensor
import Picture

final class KernelHost: Script.Host {
    /// Sends one IOPub message (type, content) as a child of the running request.
    var publish: (String, JSONObject) -> Void = { _, _ in }
    /// Formats a progress line (the executable gives the terminal's bar).
    var progressText: (EpochProgress) -> String = EpochProgress.plainText
    /// The execution count of the running cell.
    var executionCount = 0
    /// `silent` execute requests show nothing.
    var silent = false
    private var progress: NotebookProgress?

    func output(_ text: String) {
        guard !silent else { return }
        publish("stream", ["name": "stdout", "text": text + "\n"])
    }

    func showResult(_ value: Value) {
        guard !silent else { return }
        publish("execute_result", ["execution_count": executionCount, "data": RichOutput.data(for: value),
                                   "metadata": [String: Any]()])
    }

    func showPicture(_ image: Figure, caption: String) {
        guard !silent else { return }
        do {
            publish("display_data", try RichOutput.image(image, caption: caption))
        } catch {
            output("[\(image.description)] \(caption) (not shown: \(error))")
        }
    }

    func trainingObserver() -> TrainingObserver? {
        guard !silent else { return nil }
        let p = NotebookProgress(publish: { [weak self] in self?.publish($0, $1) }, format: progressText,
                                 isInterrupted: { KernelInterrupt.isRequested })
        progress = p
        return p
    }

    var isInterrupted: Bool { KernelInterrupt.isRequested }

    /// After a cell: a progress line left open by an error says it stopped.
    func finishCell() {
        progress?.stop()
        progress = nil
    }
}
