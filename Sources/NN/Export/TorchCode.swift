import Foundation
import Tensor

/// A model as a self-contained PyTorch module (torch and the standard library only):
/// one line per layer, containers nested as the model's name paths are, so the
/// `state_dict` names are exactly those `save MODEL "x.safetensors"` writes and
/// `load_state_dict(strict=True)` takes latent's weights. Graphs (residual adds,
/// concatenations) get a `forward` that wires the nodes as latent does; chains are
/// plain `nn.Sequential`s. Named parts (`encoder`, `backbone`, `head`) are attributes.
///
///     let py = try TorchCode.module(ae, weightsFile: "ae.safetensors")
///     try ae.exportTorch(to: "out/ae.py")        // out/ae.py + out/ae.safetensors
public enum TorchCode {
    /// The Python source of the module for `model`, reading weights from `weightsFile`
    /// (a name beside the .py file) in its `build()`.
    public static func module(_ model: Model, weightsFile: String) throws -> String {
        let body = try classCode(model)
        let stem = (weightsFile as NSString).deletingPathExtension
        var out = header(model, body.className, title: "exported from latent", usage: """
                from \(PythonName.isIdentifier(stem) ? stem : "<this file>") import build
                model = build()            # the weights of \(weightsFile), beside this file; eval mode
                y = model(torch.rand(8, \(shapeTuple(model.inputShape ?? [], bare: true))))
            """)
        out += """
            import json
            import os

            import torch
            from torch import nn

            INPUT_SHAPE = (\(shapeTuple(model.inputShape ?? [], bare: true)))
            WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), \(PythonName.quote(weightsFile)))



            """
        out += body.code
        out += "\n\n" + safetensorsCode + "\n\n"
        out += """
            def build(weights=WEIGHTS):
                \"\"\"\(body.className) with the weights of `weights` (strict: every name must match), in eval mode.\"\"\"
                model = \(body.className)()
                if weights:
                    model.load_state_dict(load_safetensors(weights), strict=True)
                return model.eval()


            if __name__ == "__main__":
                model = build()
                x = torch.rand(2, *INPUT_SHAPE)
                with torch.no_grad():
                    y = model(x)
                print(f"\(body.className): {tuple(x.shape)} → {tuple(y.shape)}, "
                      f"{sum(p.numel() for p in model.parameters()):,} parameters")

            """
        return out
    }

    /// The class name the module gives `model` (`Autoencoder`, `Resnet`, `Decoder`).
    public static func className(_ model: Model) -> String {
        PythonName.className(model.name ?? (model.kind == .other ? "model" : model.kind.rawValue))
    }

    /// The module's docstring: what it is, how to use it, its parts.
    static func header(_ model: Model, _ className: String, title: String, usage: String) -> String {
        let shapes = model.inputShape.map { i in "\(describeDims(i)) → \(model.outputShape.map(describeDims) ?? "?")" } ?? "input shape unknown"
        let names = model.stateDict().map { $0.0 }
        let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", …" : "")
        var s = "\"\"\"\(className): \(shapes), \(formatCount(model.parameterCount)) parameters, \(title).\n\n"
        s += usage + "\n\n"
        s += "state_dict names are latent's (save MODEL \"x.safetensors\"): \(names.isEmpty ? "none" : shown)\n"
        if !model.parts.isEmpty, let tree = try? ModuleTree(model) {
            let parts = model.parts.map { "\($0.name) = \(tree.accessor([$0.key], base: "model"))" }
            s += "Parts: \(parts.joined(separator: ", ")).\n"
        }
        return s + "\"\"\"\n"
    }

    /// The helper classes and the model class; `className` names the latter.
    static func classCode(_ model: Model) throws -> (className: String, code: String, tree: ModuleTree) {
        let tree = try ModuleTree(model)
        let className = self.className(model)
        var helpers = Set<String>()
        var lines: [String] = []
        let chain = tree.isChain(tree.root, from: Model.input)
        let sequential = tree.root.isSequential
        lines.append("class \(className)(\(sequential ? "nn.Sequential" : "nn.Module")):")
        lines.append("    \"\"\"\(describe(model)).\"\"\"")
        lines.append("")
        lines.append("    def __init__(self):")
        if sequential {
            lines.append("        super().__init__(")
            for (_, item) in tree.root.children {
                try emit(item, key: nil, indent: 12, tree: tree, model: model, helpers: &helpers, into: &lines)
            }
            lines.append("        )")
        } else {
            lines.append("        super().__init__()")
            for (key, item) in tree.root.children {
                let target = PythonName.isIdentifier(key) ? "self.\(key) = " : "self.add_module(\(PythonName.quote(key)), "
                try emit(item, key: nil, indent: 8, tree: tree, model: model, helpers: &helpers, into: &lines,
                         lead: target, trailing: PythonName.isIdentifier(key) ? "" : ")")
            }
        }
        for p in model.parts where p.name != p.key {
            guard PythonName.isIdentifier(p.name) else { continue }
            lines += ["", "    @property", "    def \(p.name)(self):", "        return \(tree.accessor([p.key]))"]
        }
        if !chain {
            lines += ["", "    def forward(self, x):"]
            lines += forwardLines(tree, model)
        }
        var code = ""
        for h in TorchLayers.helpers where helpers.contains(h.name) { code += h.code + "\n\n\n" }
        code += lines.joined(separator: "\n") + "\n"
        return (className, code, tree)
    }

    /// The forward of a graph: one line per node, or one call per chain container.
    static func forwardLines(_ tree: ModuleTree, _ model: Model) -> [String] {
        func v(_ i: Int) -> String { i < 0 ? "x" : "x\(i)" }
        var lines: [String] = []
        var i = 0
        while i < model.nodes.count {
            let n = model.nodes[i]
            if let c = tree.chainStarting(at: i) {
                lines.append("        \(v(c.last)) = \(tree.accessor(c.path))(\(v(n.inputs[0])))")
                i = c.last + 1
                continue
            }
            lines.append("        \(v(i)) = \(tree.accessor(n.path))(\(n.inputs.map(v).joined(separator: ", ")))")
            i += 1
        }
        lines.append("        return \(v(model.nodes.count - 1))")
        return lines
    }

    /// Lines for one child: a layer, or a nested container with its children.
    private static func emit(_ item: ModuleTree.Item, key: String?, indent: Int, tree: ModuleTree, model: Model,
                             helpers: inout Set<String>, into lines: inout [String],
                             lead: String = "", trailing: String = ",") throws {
        let pad = String(repeating: " ", count: indent)
        let prefix = lead + (key.map { "\(PythonName.quote($0)): " } ?? "")
        switch item {
        case .node(let i):
            let n = model.nodes[i]
            let m = try TorchLayers.module(n.layer)
            if let h = m.helper { helpers.insert(h) }
            lines.append("\(pad)\(prefix)\(m.code)\(trailing)  # \(n.path.joined(separator: ".")): \(n.layer.description)")
        case .container(let c):
            var note = c.path.joined(separator: ".")
            if c.path.count == 1, let part = model.parts.first(where: { $0.key == c.path[0] }), part.name != part.key {
                note += ": \(part.name)"
            }
            let (open, close) = c.isSequential ? ("nn.Sequential(", ")") : ("nn.ModuleDict({", "})")
            // `self.backbone = nn.Sequential(` names itself; nested containers say where they are.
            let redundant = !lead.isEmpty && note == c.path.joined(separator: ".")
            lines.append("\(pad)\(prefix)\(open)" + (redundant ? "" : "  # \(note)"))
            for (k, child) in c.children {
                try emit(child, key: c.isSequential ? nil : k, indent: indent + 4, tree: tree, model: model,
                         helpers: &helpers, into: &lines)
            }
            lines.append("\(pad)\(close)\(trailing)")
        }
    }

    /// "latent's resnet: 1×28×28 → 10" — the class docstring.
    static func describe(_ model: Model) -> String {
        let what = model.name.map { "latent's \($0)" } ?? "A latent \(model.kind == .other ? "model" : model.kind.rawValue)"
        guard let i = model.inputShape, let o = model.outputShape else { return what }
        return "\(what): \(describeDims(i)) → \(describeDims(o))"
    }

    /// `1, 28, 28` (bare) or `(1, 28, 28)`; a one-element tuple keeps its comma.
    static func shapeTuple(_ s: [Int], bare: Bool = false) -> String {
        let inner = s.map(String.init).joined(separator: ", ") + (s.count == 1 ? "," : "")
        return bare ? inner : "(\(inner))"
    }

    /// Reading and writing safetensors with torch alone (no safetensors package needed).
    static let safetensorsCode = """
        _DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16,
                   "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
                   "U8": torch.uint8, "BOOL": torch.bool}


        def load_safetensors(path):
            \"\"\"The tensors of a .safetensors file by name.\"\"\"
            with open(path, "rb") as f:
                size = int.from_bytes(f.read(8), "little")
                header = json.loads(f.read(size))
                data = bytearray(f.read())
            tensors = {}
            for name, info in header.items():
                if name == "__metadata__":
                    continue
                begin, end = info["data_offsets"]
                dtype = _DTYPES[info["dtype"]]
                if begin == end:
                    tensors[name] = torch.zeros(info["shape"], dtype=dtype)
                else:
                    tensors[name] = torch.frombuffer(data[begin:end], dtype=dtype).reshape(info["shape"]).clone()
            return tensors


        def save_safetensors(tensors, path):
            \"\"\"Writes tensors as float32 safetensors (what latent's `load "…" into MODEL` reads).\"\"\"
            tensors = {k: v.detach().to("cpu", torch.float32).contiguous() for k, v in tensors.items()}
            header, offset = {"__metadata__": {"format": "pt"}}, 0
            for name in sorted(tensors):
                size = tensors[name].numel() * 4
                header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + size]}
                offset += size
            text = json.dumps(header, separators=(",", ":")).encode()
            text += b" " * (-len(text) % 8)
            data = bytearray(offset)
            if offset:
                flat = torch.frombuffer(data, dtype=torch.uint8)
                for name in sorted(tensors):
                    begin, end = header[name]["data_offsets"]
                    if end > begin:
                        flat[begin:end] = tensors[name].reshape(-1).view(torch.uint8)
            with open(path + ".tmp", "wb") as f:
                f.write(len(text).to_bytes(8, "little") + text + bytes(data))
            os.replace(path + ".tmp", path)
        """
}

extension Model {
    /// Writes this model as a PyTorch module (`path`, ending in .py) and its weights
    /// beside it (same name, .safetensors). Returns the weights' path.
    ///
    ///     try ae.exportTorch(to: "ae.py")     // ae.py, ae.safetensors
    @discardableResult
    public func exportTorch(to path: String) throws -> String {
        let weights = (path as NSString).deletingPathExtension + ".safetensors"
        let code = try TorchCode.module(self, weightsFile: (weights as NSString).lastPathComponent)
        try Safetensors.write(stateDict(), metadata: ["format": "pt"], to: weights)
        try Data(code.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return weights
    }
}
