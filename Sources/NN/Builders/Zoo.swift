import Foundation
import Tensor

/// Models by name, and pretrained weights for them from a folder of safetensors files
/// (`<folder>/<name>.safetensors`, PyTorch state_dict names) — the lecture's "zoo".
///
///     let ae = try Zoo.model("autoencoder")                       // fresh weights
///     let pre = try Zoo.pretrained("autoencoder", in: "models")   // weights from models/autoencoder.safetensors
public enum Zoo {
    /// The builders by name, with their default settings.
    public static let builders: [(name: String, build: () throws -> Model)] = [
        ("autoencoder", { try Builders.autoencoder(latent: 72) }),
        ("classifier", { try Builders.classifier() }),
        ("alexnet", { try Builders.alexnet() }),
        ("vgg", { try Builders.vgg() }),
        ("resnet", { try Builders.resnet() }),
        ("mobilenet", { try Builders.mobilenet() }),
        ("inception", { try Builders.inception() }),
        ("unet", { try Builders.unet() }),
    ]

    public static var names: [String] { builders.map { $0.name } }

    /// A freshly initialised model by name.
    public static func model(_ name: String) throws -> Model {
        guard let b = builders.first(where: { $0.name == name.lowercased() }) else {
            throw NNError("no model named '\(name)'; the zoo has \(names.joined(separator: ", "))")
        }
        return try b.build()
    }

    /// A model by name with the weights of `<folder>/<name>.safetensors`.
    public static func pretrained(_ name: String, in folder: String) throws -> Model {
        let m = try model(name)
        let path = (folder as NSString).appendingPathComponent("\(name.lowercased()).safetensors")
        guard FileManager.default.fileExists(atPath: path) else {
            throw NNError("no pretrained weights for '\(name)': \(path) does not exist")
        }
        try m.loadWeights(from: path)
        return m
    }
}
