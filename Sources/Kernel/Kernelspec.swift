// `latent kernel install` / `uninstall`: the kernelspec folder Jupyter looks in
// (`jupyter kernelspec list` shows it), holding kernel.json with the command that
// starts this very executable as a kernel.

import Foundation

/// Where the kernelspec goes and what it says.
///
///     try Kernelspec.install(prefix: nil)    // ~/.local/share/jupyter/kernels/latent/kernel.json
public enum Kernelspec {
    public static let name = "latent"

    /// The Jupyter data folder: `PREFIX/share/jupyter` with a prefix, else
    /// `$JUPYTER_DATA_DIR`, else the per-user folder (`~/.local/share/jupyter`,
    /// `$XDG_DATA_HOME/jupyter`, or `~/Library/Jupyter` on macOS).
    public static func dataFolder(prefix: String?) -> String {
        let env = ProcessInfo.processInfo.environment
        if let prefix { return (prefix as NSString).appendingPathComponent("share/jupyter") }
        if let d = env["JUPYTER_DATA_DIR"], !d.isEmpty { return d }
        let home = env["HOME"] ?? NSHomeDirectory()
        #if os(macOS)
        return (home as NSString).appendingPathComponent("Library/Jupyter")
        #else
        if let x = env["XDG_DATA_HOME"], !x.isEmpty { return (x as NSString).appendingPathComponent("jupyter") }
        return (home as NSString).appendingPathComponent(".local/share/jupyter")
        #endif
    }

    public static func folder(prefix: String?) -> String {
        (dataFolder(prefix: prefix) as NSString).appendingPathComponent("kernels/\(name)")
    }

    /// kernel.json for an executable at `executable`. Interrupts come as control
    /// messages (they work the same on every platform and never hit a blocked read);
    /// the kernel also honours SIGINT.
    public static func json(executable: String) -> String {
        let spec: JSONObject = [
            "argv": [executable, "kernel", "--connection-file", "{connection_file}"],
            "display_name": "latent",
            "language": "latent",
            "interrupt_mode": "message",
            "metadata": ["debugger": false],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Writes the kernelspec; returns the folder it wrote.
    @discardableResult
    public static func install(prefix: String?, executable: String) throws -> String {
        let dir = folder(prefix: prefix)
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try json(executable: executable).write(toFile: (dir as NSString).appendingPathComponent("kernel.json"),
                                                  atomically: true, encoding: .utf8)
        } catch {
            throw KernelError("could not write the kernelspec in \(dir): \(error.localizedDescription)")
        }
        return dir
    }

    /// Removes the kernelspec; returns the folder removed, or nil when there was none.
    @discardableResult
    public static func uninstall(prefix: String?) throws -> String? {
        let dir = folder(prefix: prefix)
        guard FileManager.default.fileExists(atPath: dir) else { return nil }
        do {
            try FileManager.default.removeItem(atPath: dir)
        } catch {
            throw KernelError("could not remove \(dir): \(error.localizedDescription)")
        }
        return dir
    }

    /// The running executable's absolute path (what kernel.json must start).
    public static func currentExecutable() -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        let arg0 = CommandLine.arguments.first ?? "latent"
        if arg0.hasPrefix("/") { return arg0 }
        return (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(arg0)
    }
}
