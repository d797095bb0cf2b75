import Foundation
import Tensor

/// One pretrained model of the `zoo/` folder: `<name>.safetensors` (the weights, PyTorch
/// state_dict names) beside `<name>.json`, this card. The card says how to rebuild the
/// model (`builder` and `args`), what it was trained on and how well it does.
///
///     { "name": "resnet", "builder": "resnet", "args": {"classes": 5},
///       "call": "resnet(classes: 5)", "data": "mnist.train digits 0–4, 12,000 images",
///       "epochs": 2, "test": "mnist.test digits 0–4 (5,139 images)",
///       "testAccuracy": 0.985, "script": "scripts/train-zoo resnet", ... }
public struct ZooCard: Codable, Equatable, Sendable {
    public var name: String
    /// A builder of `Zoo.build(builder:args:)`: autoencoder, classifier, vgg, alexnet,
    /// resnet, mobilenet, inception, unet, resnet18, mobilenet_v2.
    public var builder: String
    public var args: [String: Int]
    /// The builder as typed at the prompt (`resnet(classes: 5)`).
    public var call: String
    public var summary: String
    public var data: String
    public var epochs: Int
    public var test: String
    /// Fraction of test images classified right (classifiers).
    public var testAccuracy: Double?
    /// Mean test loss (`testLossKind`: bce, mse, ce).
    public var testLoss: Double?
    public var testLossKind: String?
    public var parameters: Int
    public var seconds: Double?
    public var script: String
    public var seed: Int?

    public init(name: String, builder: String, args: [String: Int], call: String, summary: String = "", data: String = "",
                epochs: Int, test: String = "", testAccuracy: Double? = nil, testLoss: Double? = nil, testLossKind: String? = nil,
                parameters: Int, seconds: Double? = nil, script: String, seed: Int? = nil) {
        self.name = name; self.builder = builder; self.args = args; self.call = call; self.summary = summary
        self.data = data; self.epochs = epochs; self.test = test; self.testAccuracy = testAccuracy; self.testLoss = testLoss
        self.testLossKind = testLossKind; self.parameters = parameters; self.seconds = seconds; self.script = script; self.seed = seed
    }

    /// `resnet  98.5 %  resnet(classes: 5) — mnist.train digits 0–4 …`
    public var line: String {
        let score: String
        if let a = testAccuracy { score = String(format: "%5.1f %%", a * 100) }
        else if let l = testLoss { score = String(format: "%@ %.4f", testLossKind ?? "loss", l) }
        else { score = "" }
        return "\(name)  \(score)  \(call)  \(summary)"
    }
}

extension Zoo {
    /// Cards and weights are refused above these sizes (a zoo file is never trusted).
    static let maxCardBytes = 1 << 20

    /// The zoo the application ships with. The latent executable sets it at start-up
    /// (`zoo/` beside or above it); left nil, `findDirectory` looks in the current
    /// directory. Set once, before any thread starts, hence `nonisolated(unsafe)`.
    nonisolated(unsafe) public static var bundledDirectory: String?

    /// The zoo folder: `$LATENT_ZOO`, else `bundledDirectory`, else `zoo/` in the
    /// current directory — the first that holds a `.json` card.
    public static func findDirectory() throws -> String {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["LATENT_ZOO"], !dir.isEmpty {
            guard hasCards(dir) else { throw NNError("LATENT_ZOO is \(dir), which holds no zoo cards (<name>.json)") }
            return dir
        }
        let places = [bundledDirectory, FileManager.default.currentDirectoryPath + "/zoo"].compactMap { $0 }
        if let dir = places.first(where: hasCards) { return dir }
        throw NNError("no zoo cards (<name>.json) in \(places.joined(separator: " or ")); set LATENT_ZOO to the folder of pretrained models")
    }

    /// True when `dir` holds zoo cards (the executable asks this of candidate folders).
    public static func holdsCards(_ dir: String) -> Bool { hasCards(dir) }

    static func hasCards(_ dir: String) -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).contains { $0.hasSuffix(".json") }
    }

    /// Every readable card of the zoo, sorted by name (unreadable cards are skipped).
    ///
    ///     for card in try Zoo.list() { print(card.line) }
    public static func list(directory: String? = nil) throws -> [ZooCard] {
        let dir = try directory ?? findDirectory()
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted().compactMap { f in
            try? card(String(f.dropLast(5)), directory: dir)
        }
    }

    /// The card of one zoo model.
    public static func card(_ name: String, directory: String? = nil) throws -> ZooCard {
        guard !name.isEmpty, name.count <= 64,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw NNError("'\(name)' is not a zoo model name (letters, digits, - and _)")
        }
        let dir = try directory ?? findDirectory()
        let path = dir + "/" + name + ".json"
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
            throw NNError("the zoo has no model '\(name)'; it has \(known.isEmpty ? "none" : known.joined(separator: ", "))")
        }
        guard ((attrs[.size] as? NSNumber)?.intValue ?? 0) <= maxCardBytes else { throw NNError("\(path): the card is larger than 1 MB") }
        do {
            let card = try JSONDecoder().decode(ZooCard.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            guard card.name == name else { throw NNError("\(path): the card names '\(card.name)', not '\(name)'") }
            return card
        } catch let e as NNError {
            throw e
        } catch {
            throw NNError("\(path): not a zoo card (\(error.localizedDescription))")
        }
    }

    /// A zoo model with its pretrained weights: the card's builder, then the weights of
    /// `<name>.safetensors` (every name and shape checked before anything is copied).
    ///
    ///     let clf = try Zoo.load("resnet")      // resnet(classes: 5), trained on digits 0–4
    public static func load(_ name: String, directory: String? = nil) throws -> Model {
        let dir = try directory ?? findDirectory()
        let c = try card(name, directory: dir)
        let m = try build(builder: c.builder, args: c.args)
        let path = dir + "/" + name + ".safetensors"
        guard FileManager.default.fileExists(atPath: path) else { throw NNError("\(path) is missing (the card \(name).json has no weights)") }
        do { try m.loadWeights(from: path) } catch let e as NNError {
            throw NNError("zoo model '\(name)': \(e.message)")
        }
        m.isTraining = false
        return m
    }

    /// Builds a model from a card's builder name and integer arguments. Unknown builders
    /// and arguments throw; the builders bound every size.
    public static func build(builder: String, args: [String: Int]) throws -> Model {
        let allowed: [String: Set<String>] = [
            "autoencoder": ["latent"], "classifier": ["classes", "latent"],
            "vgg": ["classes", "width", "blocks"], "alexnet": ["classes", "width"],
            "resnet": ["classes", "width", "stages", "blocksPerStage"], "mobilenet": ["classes", "width"],
            "inception": ["classes", "width"], "unet": ["width", "levels"],
            "resnet18": ["classes"], "mobilenet_v2": ["classes"],
        ]
        guard let keys = allowed[builder] else {
            throw NNError("unknown builder '\(builder)'; known: \(allowed.keys.sorted().joined(separator: ", "))")
        }
        if let bad = args.keys.sorted().first(where: { !keys.contains($0) }) {
            throw NNError("\(builder): unknown argument '\(bad)'")
        }
        let classes = args["classes"] ?? 10
        switch builder {
        case "autoencoder": return try Builders.autoencoder(latent: args["latent"] ?? 72)
        case "classifier": return try Builders.classifier(classes: classes, latent: args["latent"] ?? 72)
        case "vgg": return try Builders.vgg(classes: classes, width: args["width"] ?? 16, blocks: args["blocks"] ?? 3)
        case "alexnet": return try Builders.alexnet(classes: classes, width: args["width"] ?? 32)
        case "resnet": return try Builders.resnet(classes: classes, width: args["width"] ?? 16, stages: args["stages"] ?? 3,
                                                  blocksPerStage: args["blocksPerStage"] ?? 1)
        case "mobilenet": return try Builders.mobilenet(classes: classes, width: args["width"] ?? 16)
        case "inception": return try Builders.inception(classes: classes, width: args["width"] ?? 16)
        case "unet": return try Builders.unet(width: args["width"] ?? 16, levels: args["levels"] ?? 2)
        case "resnet18": return try TorchVision.resnet18(classes: args["classes"] ?? 1000)
        default: return try TorchVision.mobilenetV2(classes: args["classes"] ?? 1000)
        }
    }
}
