import Foundation
import Testing

/// Package.swift says exactly what each module imports: a dependency nobody
/// imports, or an import that only works because another target pulled it in,
/// is a seam that breaks when something else moves.
struct PackageImportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Modules of the platform, not of the package.
    static let platform: Set<String> = ["Foundation", "Glibc", "Darwin", "Synchronization", "Dispatch"]

    @Test func dependenciesEqualImports() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let target = try Regex(#"\.(?:executableTarget|target)\(name: "([^"]+)", dependencies: \[([^\]]*)\]"#)
        var checked = 0
        for match in manifest.matches(of: target) {
            guard let name = match.output[1].substring.map(String.init),
                  let list = match.output[2].substring.map(String.init) else { continue }
            let declared = Set(list.matches(of: try Regex(#""([^"]+)""#)).compactMap { $0.output[1].substring.map(String.init) }
                .filter { $0 != "swift-argument-parser" })
            let imported = try imports(of: Self.root.appendingPathComponent("Sources/\(name)"))
            #expect(declared == imported, "\(name): Package.swift \(declared.sorted()), imports \(imported.sorted())")
            checked += 1
        }
        #expect(checked >= 10)
    }

    func imports(of folder: URL) throws -> Set<String> {
        var found: Set<String> = []
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            var inString = false    // imports written inside a """ literal (exported Python) do not count
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                if line.components(separatedBy: "\"\"\"").count % 2 == 0 { inString.toggle(); continue }
                if inString { continue }
                let words = line.split(separator: " ")
                guard let i = words.firstIndex(of: "import"), i == 0 || words[0].hasPrefix("@"), i + 1 < words.count else { continue }
                let module = String(words[i + 1])
                if !Self.platform.contains(module) { found.insert(module) }
            }
        }
        return found
    }
}
