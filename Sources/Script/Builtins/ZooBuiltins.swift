import Foundation
import Tensor
import NN

/// The zoo of pretrained models (lecture steps 13–14):
///
///     zoo()                         # the models of zoo/ with their test accuracy
///     m = pretrained("resnet")      # resnet(classes: 5) trained on digits 0–4
///     tl = m.backbone + fc(5) + softmax
///     net = pretrained("resnet18", file: "resnet18.safetensors")   # torchvision weights
enum ZooBuiltins {
    /// The torchvision layer types must be known before a zoo archive is read.
    static func prepare() { TorchVision.registerLayers() }

    static let declarations: [Declaration] = [
        Declaration("zoo", .transfer, summary: "the pretrained models of zoo/ with their test accuracy",
                    examples: ["zoo"], command: .plain) { _ in
            let cards = try Zoo.list()
            guard !cards.isEmpty else { return .string("the zoo is empty") }
            let nameWidth = cards.map { $0.name.count }.max() ?? 0
            let callWidth = cards.map { $0.call.count }.max() ?? 0
            var lines = ["pretrained models (load one with pretrained(\"name\")):"]
            for c in cards {
                let score: String
                if let acc = c.testAccuracy { score = String(format: "%6.2f %% acc", acc * 100) }
                else if let l = c.testLoss { score = String(format: "%@ %.4f", c.testLossKind ?? "loss", l) }
                else { score = "" }
                let name = c.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                let call = c.call.padding(toLength: callWidth, withPad: " ", startingAt: 0)
                lines.append("  \(name)  \(call)  \(score.padding(toLength: 13, withPad: " ", startingAt: 0))  \(c.data), \(c.epochs) epoch\(c.epochs == 1 ? "" : "s")")
            }
            return .string(lines.joined(separator: "\n"))
        },
        Declaration("pretrained", .transfer,
                    summary: "a zoo model with its weights (file: for torchvision's)",
                    params: [.arg("name", .string), .label("file", .string, default: .none)],
                    examples: ["m = pretrained(\"resnet\"); tl = m.backbone + fc(5) + softmax"]) { c in
            let name = try c.string("name")
            if let file = try c.optionalString("file") {
                guard TorchVision.names.contains(name.lowercased()) else {
                    throw RuntimeError("pretrained: file: is for torchvision models (\(TorchVision.names.joined(separator: ", "))), not '\(name)'", at: c.callSpan)
                }
                let m = try TorchVision.model(name)
                try m.loadWeights(from: file)
                m.isTraining = false
                return .model(m)
            }
            return .model(try Zoo.load(name))
        },
    ]
}
