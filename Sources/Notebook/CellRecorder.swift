import Script
import Tensor
import Data
import Picture

/// One thing a cell showed: text it printed, the value it ended with, a picture or an error.
public struct CellOutput: Equatable {
    public enum Kind: String, Equatable {
        /// Text printed by `print`, commands and summaries.
        case text
        /// The printed value of the cell's last expression (`execute_result` in Jupyter).
        case result
        /// A picture from `show`, kept as PNG.
        case image
        /// The error message, rendered with its caret.
        case error
    }
    /// What kind of output this is.
    public var kind: Kind
    /// The text (for images: the caption).
    public var text: String
    /// PNG bytes of an image; empty otherwise.
    public var png: [UInt8]

    public init(kind: Kind, text: String, png: [UInt8] = []) {
        self.kind = kind
        self.text = text
        self.png = png
    }
}

/// A cell as a notebook shows it: its number, source and outputs.
public struct RecordedCell: Equatable {
    /// The cell's number (`[3]`).
    public var number: Int
    /// What was typed.
    public var source: String
    /// What it showed, in order.
    public var outputs: [CellOutput]

    public init(number: Int, source: String, outputs: [CellOutput] = []) {
        self.number = number
        self.source = source
        self.outputs = outputs
    }
}

/// Collects what each cell showed, by cell number. The interpreter only knows the
/// sources (`cellHistory`); hosts feed the recorder the text and pictures.
///
///     let recorder = CellRecorder()
///     recorder.record(.init(kind: .text, text: "hello"), cell: 3)
///     recorder.cells(history: interp.cellHistory)   // sources + outputs
public final class CellRecorder {
    /// Outputs by cell number, in the order they were shown.
    public private(set) var outputs: [Int: [CellOutput]] = [:]

    public init() {}

    /// Appends one output to cell `cell`.
    public func record(_ output: CellOutput, cell: Int) {
        outputs[cell, default: []].append(output)
    }

    /// Records text; `host.output` calls this.
    public func recordText(_ text: String, cell: Int) {
        record(CellOutput(kind: .text, text: text), cell: cell)
    }

    /// Records a picture as PNG at its full size (a picture PNG cannot hold is kept as text).
    public func recordImage(_ picture: Figure, caption: String, cell: Int) {
        if let png = try? picture.pngBytes() {
            record(CellOutput(kind: .image, text: caption, png: png), cell: cell)
        } else {
            record(CellOutput(kind: .text, text: "[\(picture.description)] \(caption)"), cell: cell)
        }
    }

    /// Called after a cell ran: records its error, if any. A cell's value is recorded
    /// when the host shows it (`Host.showResult` → `.result`), never found again by its text.
    public func finish(_ result: CellResult) {
        if !result.ok && !result.errorText.isEmpty {
            record(CellOutput(kind: .error, text: result.errorText), cell: result.number)
        }
    }

    /// Forgets everything (after loading a session the recorder holds that session's outputs).
    public func replace(with cells: [RecordedCell]) {
        outputs = [:]
        for c in cells where !c.outputs.isEmpty { outputs[c.number] = c.outputs }
    }

    /// The cells of `history` with their recorded outputs.
    public func cells(history: [(number: Int, source: String)]) -> [RecordedCell] {
        history.map { RecordedCell(number: $0.number, source: $0.source, outputs: outputs[$0.number] ?? []) }
    }
}
