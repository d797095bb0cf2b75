import Foundation
import Data
import NN
import Script

/// The folders latent ships with — `data/mnist`, `zoo/`, `tutorials/` — found from
/// where this executable is installed and handed down to the modules that read them
/// (the runtime and the language know nothing of the application's layout).
///
/// Each is the first `start/…/relative` walking up from the executable's folder (a
/// build in `.build/release/` finds the repository's), then from the current directory.
enum BundledFolders {
    static func install() {
        let starts = searchStarts
        MNIST.bundledDirectory = find("data/mnist", from: starts, accepts: MNIST.holdsData)
        Zoo.bundledDirectory = find("zoo", from: starts, accepts: Zoo.holdsCards)
        Tutorials.bundledDirectory = find("tutorials", from: starts, accepts: Tutorials.holdsTutorials)
    }

    /// The executable's folder, then the current directory.
    static var searchStarts: [String] {
        var starts: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append((exe as NSString).deletingLastPathComponent)
        } else if let exe = Bundle.main.executablePath {
            starts.append((exe as NSString).deletingLastPathComponent)
        }
        starts.append(FileManager.default.currentDirectoryPath)
        return starts
    }

    /// The first `start/…/relativePath` (walking up from each start) that `accepts`.
    static func find(_ relativePath: String, from starts: [String], accepts: (String) -> Bool) -> String? {
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
}
