import Foundation

/// A notebook read back as a script: `latent notebook.ipynb` runs its code cells in
/// order (markdown and raw cells are skipped), as a notebook written in JupyterLab
/// with the latent kernel would run there.
///
///     let cells = try NotebookFile.codeCells(atPath: "lecture.ipynb")   // ["ae = autoencoder()", …]
public enum NotebookFile {
    /// The sources of the code cells, in order. Throws a `SessionError` naming the
    /// file when it cannot be read or is not a Jupyter notebook (nbformat 4).
    public static func codeCells(atPath path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SessionError("\(path): error: there is no such file (or it cannot be read)")
        }
        return try codeCells(data, name: path)
    }

    public static func codeCells(_ data: Foundation.Data, name: String) throws -> [String] {
        guard let doc = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw SessionError("\(name): error: not a Jupyter notebook (it is not JSON)")
        }
        guard let format = doc["nbformat"] as? Int, format == 4, let cells = doc["cells"] as? [[String: Any]] else {
            throw SessionError("\(name): error: not a Jupyter notebook in format 4 (no nbformat 4 and cells)")
        }
        return cells.filter { $0["cell_type"] as? String == "code" }.map { cell in
            // nbformat keeps a source as one string or as a list of lines.
            if let s = cell["source"] as? String { return s }
            return (cell["source"] as? [String] ?? []).joined()
        }
    }
}
