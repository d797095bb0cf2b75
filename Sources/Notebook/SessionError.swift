/// Why a session could not be saved, loaded or exported. The message names the
/// file and says what is wrong in words a person at the prompt understands.
///
///     try SessionStore.load(into: interp, from: "x.png")
///     // error: x.png is not a latent session (it is not an SQLite database)
public struct SessionError: Error, CustomStringConvertible, Equatable {
    /// The whole message, ready for the prompt.
    public let message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }

    /// There is no file at `path`.
    static func notFound(_ path: String) -> SessionError {
        SessionError("there is no session file \(path)")
    }

    /// The file is something else (a PNG, an empty database, another program's file).
    static func notASession(_ path: String, _ why: String) -> SessionError {
        SessionError("\(path) is not a latent session (\(why))")
    }

    /// Saved by a later version of latent.
    static func newerVersion(_ path: String, _ version: Int) -> SessionError {
        SessionError("\(path) was saved by a newer latent (session format version \(version); this latent reads version \(SessionFormat.version))")
    }

    /// Truncated or corrupt: SQLite or the decoder found damage.
    static func damaged(_ path: String, _ detail: String) -> SessionError {
        SessionError("\(path) is damaged (truncated or corrupt): \(detail)")
    }

    /// The file could not be written; the previous session file is unchanged.
    static func cannotWrite(_ path: String, _ detail: String) -> SessionError {
        SessionError("could not save \(path): \(detail); the previous file is unchanged")
    }
}
