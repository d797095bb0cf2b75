// Process-wide choices made on the command line: the compute backend
// (`--backend fast|reference`) and how pictures are drawn (`--images …`).
import Picture
import Tensor

/// Command-line settings applied before the first cell runs.
///
///     try Settings.useBackend("reference")
///     try Settings.useImages("blocks")
public enum Settings {
    /// Switches every later tensor op to the named backend; throws with the known names.
    public static func useBackend(_ name: String) throws {
        try Backend.use(name)
    }

    /// Names `--images` accepts.
    public static let imageModes = ["kitty", "iterm", "sixel", "blocks", "blocks256", "ascii", "none"]

    /// Forces the picture encoding instead of asking the terminal.
    public static func useImages(_ name: String) throws {
        guard let mode = DisplayMode(name: name) else {
            throw SettingError(message: "unknown image mode '\(name)'; use one of \(imageModes.joined(separator: ", "))")
        }
        InlineImages.override(mode)
    }
}

/// A command-line setting that cannot be applied.
public struct SettingError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
