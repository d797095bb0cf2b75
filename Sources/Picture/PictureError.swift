/// An error making a picture: what was asked for and what arrived instead.
///
/// Every wrong shape, empty input or impossible size a user can cause becomes one
/// of these; nothing in Picture traps on user input. The description is one line:
///
///     image: expected [H, W], [1, H, W] or [3, H, W], got [2, 5, 5, 5]
///     pairs: inputs [4, 1, 28, 28] and outputs [3, 1, 28, 28] differ
public struct PictureError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The picture function that failed (`image`, `grid`, `filters`, …).
    public let function: String
    /// What went wrong, naming the shapes involved.
    public let message: String

    /// `PictureError("grid", "no images to draw")`.
    public init(_ function: String, _ message: String) {
        self.function = function
        self.message = message
    }

    public var description: String { "\(function): \(message)" }
}
