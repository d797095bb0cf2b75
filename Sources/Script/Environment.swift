/// Variables: one scope per function call, chained to the scope the function was
/// written in; the outermost scope holds the session's globals. Blocks (`for`,
/// `if`) do not open scopes, so a loop can add to a total defined before it.
public final class Environment {
    public private(set) var values: [String: Value] = [:]
    let parent: Environment?

    init(parent: Environment? = nil) {
        self.parent = parent
    }

    func lookup(_ name: String) -> Value? {
        var env: Environment? = self
        while let e = env {
            if let v = e.values[name] { return v }
            env = e.parent
        }
        return nil
    }

    /// Assigns in the innermost scope that already has the name, or defines it here.
    func assign(_ name: String, _ value: Value) {
        var env: Environment? = self
        while let e = env {
            if e.values[name] != nil, e.parent != nil || e === self {
                e.values[name] = value
                return
            }
            env = e.parent
        }
        values[name] = value
    }

    func define(_ name: String, _ value: Value) {
        values[name] = value
    }

    func remove(_ name: String) {
        values[name] = nil
    }

    /// Replaces all bindings (restoring a snapshot after a failed cell).
    func restore(_ snapshot: [String: Value]) {
        values = snapshot
    }

    /// Every visible name (for completion and suggestions).
    var allNames: [String] {
        var names = Set<String>()
        var env: Environment? = self
        while let e = env {
            names.formUnion(e.values.keys)
            env = e.parent
        }
        return Array(names)
    }
}
