// Choosing the compute backend from the command line (`--backend fast|reference`).
import Tensor

/// The kernels every later tensor op runs on.
///
///     try Backends.use("reference")
public enum Backends {
    /// Switches to the named backend; throws with the list of known names.
    public static func use(_ name: String) throws {
        try Backend.use(name)
    }
}
