/// The module hierarchy a PyTorch twin of a model needs so that its `state_dict`
/// names equal the model's: a node with path `backbone.3` is child `3` of the
/// container `backbone`. Containers whose keys are `0`, `1`, … in order become
/// `nn.Sequential`, the others `nn.ModuleDict` (named children like `conv1`, `bn1`).
///
///     let tree = try ModuleTree(model)      // root → backbone → 0…12, head → 0, 1
final class ModuleTree {
    /// A container: its path and children (a node index or a nested container) in order.
    final class Container {
        let path: [String]
        var children: [(key: String, item: Item)] = []
        /// Every node under this container (at any depth), ascending.
        var members: [Int] = []
        init(path: [String]) { self.path = path }

        var isSequential: Bool {
            children.enumerated().allSatisfy { $0.element.key == String($0.offset) }
        }
        var first: Int { members[0] }
        var last: Int { members[members.count - 1] }

        func child(_ key: String) -> Item? { children.first { $0.key == key }?.item }
    }

    enum Item {
        case node(Int)
        case container(Container)
    }

    let model: Model
    let root = Container(path: [])

    init(_ model: Model) throws {
        self.model = model
        var seen: [ObjectIdentifier: String] = [:]
        for (i, n) in model.nodes.enumerated() {
            let name = n.path.joined(separator: ".")
            guard let key = n.path.last, n.path.allSatisfy({ !$0.isEmpty && !$0.contains(".") }) else {
                throw NNError("export: layer \(i) (\(n.layer.description)) has no usable name path '\(name)'")
            }
            if let other = seen.updateValue(name, forKey: ObjectIdentifier(n.layer)) {
                throw NNError("export: \(n.layer.description) is used twice (as '\(other)' and '\(name)'); PyTorch would save its weights under both names")
            }
            var c = root
            c.members.append(i)
            for k in n.path.dropLast() {
                switch c.child(k) {
                case .container(let inner)?: c = inner
                case .node?:
                    throw NNError("export: '\(name)' is inside '\((c.path + [k]).joined(separator: "."))', which is a layer")
                case nil:
                    let inner = Container(path: c.path + [k])
                    c.children.append((k, .container(inner)))
                    c = inner
                }
                c.members.append(i)
            }
            guard c.child(key) == nil else { throw NNError("export: two layers are named '\(name)'") }
            c.children.append((key, .node(i)))
        }
    }

    /// True when `c` runs as a plain `nn.Sequential` call from `source`: each child
    /// reads the one before (the first reads `source`), nested containers likewise,
    /// and nothing outside reads any of its nodes but the last.
    func isChain(_ c: Container, from source: Int) -> Bool {
        guard c.isSequential, !c.children.isEmpty else { return false }
        var prev = source
        for (_, item) in c.children {
            switch item {
            case .node(let i):
                guard model.nodes[i].inputs == [prev] else { return false }
                prev = i
            case .container(let inner):
                guard isChain(inner, from: prev) else { return false }
                prev = inner.last
            }
        }
        let inside = Set(c.members)
        for (j, n) in model.nodes.enumerated() where !inside.contains(j) {
            if n.inputs.contains(where: { inside.contains($0) && $0 != c.last }) { return false }
        }
        return true
    }

    /// The container (below the root) of nodes `i…` that the forward can call at
    /// once, outermost first: a chain that starts at node `i`.
    func chainStarting(at i: Int) -> Container? {
        var c = root
        for k in model.nodes[i].path.dropLast() {
            guard case .container(let inner)? = c.child(k) else { return nil }
            c = inner
            if c.first == i, let source = model.nodes[i].inputs.first, model.nodes[i].inputs.count == 1,
               isChain(c, from: source) {
                return c
            }
        }
        return nil
    }

    /// How Python reaches the module at `path` from `base` (`self.backbone[3]`,
    /// `self.layer1[0].conv1`, `self["odd key"]`).
    func accessor(_ path: [String], base: String = "self") -> String {
        var s = base
        var c: Container? = root
        for k in path {
            if let c, c.isSequential { s += "[\(k)]" }
            else if PythonName.isIdentifier(k) { s += ".\(k)" }
            else if c === root { s = "getattr(\(s), \(PythonName.quote(k)))" }
            else { s += "[\(PythonName.quote(k))]" }
            if case .container(let inner)? = c?.child(k) { c = inner } else { c = nil }
        }
        return s
    }
}

/// Python spelling helpers for generated code.
enum PythonName {
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]
    /// Attributes every `nn.Module` already has; a child of that name cannot be set as an attribute.
    static let moduleAttributes: Set<String> = [
        "training", "forward", "train", "eval", "parameters", "buffers", "children", "modules", "state_dict",
        "load_state_dict", "to", "cuda", "cpu", "float", "double", "half", "type", "apply", "zero_grad",
        "add_module", "register_buffer", "register_parameter", "requires_grad_", "share_memory", "extra_repr",
        "keys", "values", "items", "pop", "update", "clear", "append", "extend", "insert", "dump_patches",
    ]

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f == "_" || (f.isASCII && f.properties.isAlphabetic) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
            && !keywords.contains(s) && !moduleAttributes.contains(s)
    }

    /// A Python string literal (double quotes, escapes as JSON's, which Python reads).
    static func quote(_ s: String) -> String { JSONString.quote(s) }

    /// `Autoencoder`, `Resnet`, `TorchModel` — a class name from a model name.
    static func className(_ raw: String) -> String {
        var out = ""
        var upper = true
        for u in raw.unicodeScalars {
            if u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u)) {
                out.unicodeScalars.append(upper ? Unicode.Scalar(String(u).uppercased()) ?? u : u)
                upper = false
            } else { upper = true }
        }
        if out.first?.isLetter != true { out = "Model" + out }
        return out
    }
}
