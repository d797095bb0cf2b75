import Foundation
import Testing
import Tensor
import Script
@testable import Notebook

/// Notebook export: nbformat 4.5 JSON and a self-contained HTML page.
/// `LATENT_EXPORT_DIR` keeps the files (scripts/validate-notebook checks them).
extension NotebookSuite { struct ExportTests {
    static func lectureSession() -> (Interpreter, RecordingHost) {
        let (interp, host) = makeSession()
        for c in [
            "x = tensor([[1, 2], [3, 4]])",
            "upsample(x, 2)",
            "print(\"the lecture's 2×2 → 4×4 example\")",
            "show mnist.test[0]",
            "show mnist.test[0..8]",
            "clf = autoencoder(latent: 72).encoder + fc(10) + softmax",
            "clf = ae.encoder + fc(10)",
            "len(mnist.test)",
        ] { _ = host.runCell(c) }
        return (interp, host)
    }

    static var outputDirectory: String {
        if let d = ProcessInfo.processInfo.environment["LATENT_EXPORT_DIR"] {
            try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
            return d
        }
        return scratchDirectory("export")
    }

    @Test func ipynbHasNotebookStructure() throws {
        let (interp, host) = Self.lectureSession()
        let path = Self.outputDirectory + "/session.ipynb"
        let message = try host.sessions.export(to: path, interpreter: interp)
        #expect(message == "exported 8 cells to \(path)")
        let json = try JSONSerialization.jsonObject(with: Foundation.Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        let doc = try #require(json)
        #expect(doc["nbformat"] as? Int == 4)
        #expect(doc["nbformat_minor"] as? Int == 5)
        let meta = try #require(doc["metadata"] as? [String: Any])
        #expect((meta["kernelspec"] as? [String: Any])?["name"] as? String == "latent")
        #expect((meta["language_info"] as? [String: Any])?["name"] as? String == "latent")
        let cells = try #require(doc["cells"] as? [[String: Any]])
        #expect(cells.count == 8)
        #expect(cells.allSatisfy { $0["cell_type"] as? String == "code" && $0["id"] is String && $0["metadata"] is [String: Any] })
        #expect(cells.map { $0["execution_count"] as? Int } == (1...8).map { $0 })
        func outputs(_ i: Int) -> [[String: Any]] { cells[i]["outputs"] as? [[String: Any]] ?? [] }
        #expect(outputs(1).map { $0["output_type"] as? String } == ["execute_result"])
        #expect(outputs(2).map { $0["output_type"] as? String } == ["stream"])
        #expect((outputs(2).first?["text"] as? [String]) == ["the lecture's 2×2 → 4×4 example\n"])
        let image = try #require(outputs(3).first)
        #expect(image["output_type"] as? String == "display_data")
        let png = try #require((image["data"] as? [String: Any])?["image/png"] as? String)
        let decoded = Foundation.Data(base64Encoded: png)
        let signature: [UInt8]? = decoded.map { Array($0.prefix(8)) }
        #expect(signature == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(outputs(6).map { $0["output_type"] as? String } == ["error"])
        #expect((outputs(6).first?["traceback"] as? [String])?.isEmpty == false)
        #expect((cells[0]["source"] as? [String]) == ["x = tensor([[1, 2], [3, 4]])"])
    }

    @Test func htmlIsOneSelfContainedPage() throws {
        let (interp, host) = Self.lectureSession()
        let path = Self.outputDirectory + "/session.html"
        _ = try host.sessions.export(to: path, interpreter: interp)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>"))
        #expect(html.components(separatedBy: "src=\"data:image/png;base64,").count == 3)
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<link"))
        #expect(html.contains("upsample(x, 2)"))
        #expect(html.contains("class=\"out error\""))
    }

    @Test func exportNeedsAKnownExtension() {
        let (interp, host) = Self.lectureSession()
        #expect(throws: SessionError("export: the file name must end in .ipynb (a Jupyter notebook) or .html (a web page), got \"lecture.txt\"")) {
            try host.sessions.export(to: "lecture.txt", interpreter: interp)
        }
    }

    @Test func outputsSurviveSaveAndLoad() throws {
        let (interp, host) = Self.lectureSession()
        let dir = scratchDirectory("outputs")
        let saved = try host.sessions.save(named: dir + "/lecture", interpreter: interp)
        #expect(saved.hasPrefix("saved session \(dir)/lecture (\(dir)/lecture.latent-session): "))
        let (other, otherHost) = makeSession()
        _ = try otherHost.sessions.load(named: dir + "/lecture", interpreter: other)
        #expect(otherHost.sessions.recorder.cells(history: other.cellHistory) == host.sessions.recorder.cells(history: interp.cellHistory))
        #expect(try NotebookExport.ipynb(otherHost.sessions.recorder.cells(history: other.cellHistory))
                == NotebookExport.ipynb(host.sessions.recorder.cells(history: interp.cellHistory)))
    }
}
}
