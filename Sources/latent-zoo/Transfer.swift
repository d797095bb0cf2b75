import Foundation
import Data
import NN
import Tensor

/// The lecture's steps 13–14 on MNIST: a backbone pretrained on digits 0–4 (from the
/// zoo) gets a new head for digits 5–9 with few labels, backbone frozen; the same
/// network trained from scratch on those labels for comparison; then the backbone is
/// unfrozen and the whole fine-tuned at a lower learning rate.
enum Transfer {
    struct Options {
        var backbone = "resnet"
        var perClass = 100
        var headEpochs = 20
        var fineTuneEpochs = 10
        /// The new head alone learns fast on fixed features: a larger rate than from scratch.
        var headLR: Float = 1e-2
        var lr: Float = 1e-3
        var fineTuneLR: Float = 1e-4
        var seed: UInt64 = 5
        var zoo: String? = nil
    }

    static func say(_ s: String) { print(s); fflush(stdout) }

    static func accuracy(_ m: Model, _ data: Dataset) throws -> Float {
        try Trainer.evaluate(model: m, data: data).accuracy ?? .nan
    }

    static func run(_ o: Options) throws {
        let mnist = try MNIST.load()
        let few = try mnist.train.filter(labels: [5, 6, 7, 8, 9], relabel: true).take(perClass: o.perClass, seed: o.seed)
        let test59 = try mnist.test.filter(labels: [5, 6, 7, 8, 9], relabel: true)
        let test04 = try mnist.test.filter(labels: [0, 1, 2, 3, 4])
        let card = try Zoo.card(o.backbone, directory: o.zoo)
        let pre = try Zoo.load(o.backbone, directory: o.zoo)
        say("transfer learning with zoo model '\(o.backbone)' = \(card.call): \(card.data)")
        say(String(format: "  pretrained on digits 0–4: test accuracy %.2f %% (%@)", try accuracy(pre, test04) * 100, formatCount(test04.count)))
        say("  new task: digits 5–9 (relabelled 0–4), \(o.perClass) labelled images per class = \(formatCount(few.count)); test on \(formatCount(test59.count))")

        // 1. keep the backbone, new head, backbone frozen.
        Random.seed(o.seed)
        let tl = try Zoo.build(builder: card.builder, args: card.args)
        let backboneState = pre.stateDict().filter { $0.0.hasPrefix("backbone.") }
        try tl.load(stateDict: Dictionary(backboneState, uniquingKeysWith: { a, _ in a }), strict: false)
        try tl.part("backbone").freeze()
        say(String(format: "  new head, untrained:                         %5.2f %%", try accuracy(tl, test59) * 100))
        var t0 = Date()
        _ = try Trainer.fit(model: tl, data: few, epochs: o.headEpochs, batchSize: 50, lr: o.headLR, optimizer: Adam(lr: o.headLR))
        let headAcc = try accuracy(tl, test59)
        say(String(format: "  1. frozen pretrained backbone + new head, %d epochs at lr %g (%d trainable of %d parameters): %5.2f %%  (%.0f s)",
                    o.headEpochs, Double(o.headLR), tl.trainableCount, tl.parameterCount, headAcc * 100, Date().timeIntervalSince(t0)))

        // 2. the same network from scratch on the same few labels.
        Random.seed(o.seed)
        let scratch = try Zoo.build(builder: card.builder, args: card.args)
        t0 = Date()
        _ = try Trainer.fit(model: scratch, data: few, epochs: o.headEpochs, batchSize: 50, lr: o.lr, optimizer: Adam(lr: o.lr))
        let scratchAcc = try accuracy(scratch, test59)
        say(String(format: "  2. same network from scratch, %d epochs at lr %g (all %d parameters): %5.2f %%  (%.0f s)",
                    o.headEpochs, Double(o.lr), scratch.parameterCount, scratchAcc * 100, Date().timeIntervalSince(t0)))
        _ = try Trainer.fit(model: scratch, data: few, epochs: o.fineTuneEpochs, batchSize: 50, lr: o.fineTuneLR)
        say(String(format: "     … and %d more epochs at lr %g (as many steps as 1 + 3):  %5.2f %%",
                    o.fineTuneEpochs, Double(o.fineTuneLR), try accuracy(scratch, test59) * 100))

        // 3. fine-tuning: unfreeze and continue at a lower learning rate.
        tl.unfreeze()
        t0 = Date()
        // A fresh Adam: the head's state came from a 100× larger rate.
        _ = try Trainer.fit(model: tl, data: few, epochs: o.fineTuneEpochs, batchSize: 50, lr: o.fineTuneLR, optimizer: Adam(lr: o.fineTuneLR))
        let ftAcc = try accuracy(tl, test59)
        say(String(format: "  3. fine-tuned (unfrozen, lr %g, fresh Adam), %d epochs: %5.2f %%  (%.0f s)",
                    Double(o.fineTuneLR), o.fineTuneEpochs, ftAcc * 100, Date().timeIntervalSince(t0)))
        say(String(format: "  summary %@: scratch %.2f %% → frozen backbone + head %.2f %% → fine-tuned %.2f %%",
                    o.backbone, scratchAcc * 100, headAcc * 100, ftAcc * 100))
    }
}
