// latent-zoo: trains the models of zoo/ on latent's own runtime and runs the
// transfer-learning sequence. `scripts/train-zoo` and `scripts/transfer-learning` call it.
import Foundation
import Data
import NN
import Tensor

import Script  // for `extension Dataset: TrainingSet {}`, written once in Script

let usage = """
usage: latent-zoo train [NAME ...] [--out DIR] [--seed N]   train zoo models (default: all) into DIR (default zoo)
       latent-zoo list [--zoo DIR]                           the zoo's cards
       latent-zoo transfer [--backbone NAME] [--per-class N] [--head-epochs N] [--head-lr X] [--fine-tune-epochs N] [--zoo DIR]
models: \(Recipe.all.map { $0.name }.joined(separator: ", "))
"""

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("latent-zoo: \(message)\n".utf8))
    exit(2)
}

// The fast (oneDNN) backend unless --backend says otherwise.
if Backend.available["fast"] != nil { try? Backend.use("fast") }
var args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else { fail(usage) }
args.removeFirst()
var names: [String] = []
var out = "zoo"
var zooDir: String? = nil
var seed: UInt64 = 1
var transfer = Transfer.Options()
while let a = args.first {
    args.removeFirst()
    func value() -> String { guard let v = args.first else { fail("\(a) needs a value\n\(usage)") }; args.removeFirst(); return v }
    func int() -> Int { guard let v = Int(value()), v > 0 else { fail("\(a) needs a positive integer") }; return v }
    switch a {
    case "--out": out = value()
    case "--zoo": zooDir = value(); transfer.zoo = zooDir
    case "--seed": seed = UInt64(int())
    case "--backbone": transfer.backbone = value()
    case "--per-class": transfer.perClass = int()
    case "--head-epochs": transfer.headEpochs = int()
    case "--head-lr": guard let v = Float(value()), v > 0, v < 10 else { fail("--head-lr needs a positive number") }; transfer.headLR = v
    case "--fine-tune-epochs": transfer.fineTuneEpochs = int()
    case "--backend": do { try Backend.use(value()) } catch { fail("\(error)") }
    default:
        if a.hasPrefix("-") { fail("unknown option \(a)\n\(usage)") }
        names.append(a)
    }
}

do {
    switch command {
    case "train":
        let recipes = names.isEmpty ? Recipe.all : try names.map { n in
            guard let r = Recipe.all.first(where: { $0.name == n }) else { throw NNError("no recipe '\(n)'") }
            return r
        }
        for r in recipes {
            print("training \(r.name) = \(r.call) …"); fflush(stdout)
            let card = try ZooTrainer.train(r, out: out, seed: seed)
            print("  " + card.line + String(format: "  (%.0f s)", card.seconds ?? 0)); fflush(stdout)
        }
    case "list":
        for c in try Zoo.list(directory: zooDir) { print(c.line) }
    case "transfer":
        try Transfer.run(transfer)
    default:
        fail(usage)
    }
} catch {
    fail("\(error)")
}
