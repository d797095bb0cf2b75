import Foundation

/// Finds folders that ship inside the repository (`data/mnist`, `zoo/`,
/// `tutorials/`) by walking up from the executable, then from the current
/// directory. It lives in Tensor because that is the one module Data, NN and
/// Script all build on; each keeps its own environment variable and messages.
///
///     let dir = RepositoryFolder.find("zoo") { hasCards($0) }
public enum RepositoryFolder {
    /// Where searches start: the executable's folder, then the current directory.
    public static var searchStarts: [String] {
        var starts: [String] = []
        if let exe = executablePath { starts.append((exe as NSString).deletingLastPathComponent) }
        starts.append(FileManager.default.currentDirectoryPath)
        return starts
    }

    /// The first `start/…/relativePath` (walking up from each start) that `accepts`.
    public static func find(_ relativePath: String, from starts: [String] = searchStarts,
                            accepts: (String) -> Bool) -> String? {
        for start in starts {
            var dir = (start as NSString).standardizingPath
            while true {
                let candidate = dir + "/" + relativePath
                if accepts(candidate) { return candidate }
                let parent = (dir as NSString).deletingLastPathComponent
                if parent == dir || parent.isEmpty { break }
                dir = parent
            }
        }
        return nil
    }

    /// The running executable's path (`/proc/self/exe` on Linux).
    public static var executablePath: String? {
        #if os(Linux)
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        #endif
        return Bundle.main.executablePath
    }
}
