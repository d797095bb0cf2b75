import Tensor

/// Anything `fit` can train on: a count and batches by index. Data's datasets
/// conform in Script with a one-line extension.
///
///     struct Toy: TrainingSet {
///         var count: Int { 64 }
///         func batch(_ indices: [Int]) throws -> (images: Tensor, labels: [Int]) { ... }
///     }
public protocol TrainingSet {
    var count: Int { get }
    /// Images [N, C, H, W] (or [N, features]) for the indices, and their labels
    /// (empty when the set has none).
    func batch(_ indices: [Int]) throws -> (images: Tensor, labels: [Int])
}

/// One epoch of training as remembered in a model's history.
public struct EpochRecord: Codable, Equatable, Sendable {
    /// 1-based, counting across all `fit` calls on the model.
    public var epoch: Int
    /// Mean training loss over the batches run.
    public var loss: Float
    public var validationLoss: Float?
    public var validationAccuracy: Float?
    /// Batches run; fewer than `batchesPlanned` when stopped early.
    public var batches: Int
    public var batchesPlanned: Int
    public var samples: Int
    public var seconds: Double
    public var lossKind: LossKind
    /// The batch size of the fit (nil in histories saved before it was kept).
    public var batchSize: Int? = nil
    /// The epoch means of the loss's named parts (the ELBO's `recon` and `kl`);
    /// nil for losses without parts.
    public var terms: [LossTerm]? = nil
    /// The loss of every batch of the epoch, in order (nil in histories saved before it was kept).
    public var batchLosses: [Float]? = nil
    /// False when Ctrl-C (or `shouldStop`) ended the epoch early.
    public var isComplete: Bool { batches == batchesPlanned }
}

/// The losses of every epoch a model was trained for, oldest first.
///
///     ae.history.losses   // [0.2104, 0.1121, ...]
public struct TrainingHistory: Codable, Equatable, Sendable {
    public var epochs: [EpochRecord] = []
    public init() {}
    public var losses: [Float] { epochs.map { $0.loss } }
    public var validationLosses: [Float?] { epochs.map { $0.validationLoss } }
    public var isEmpty: Bool { epochs.isEmpty }
}

/// What one `fit` did.
public struct FitResult: Sendable {
    /// The epochs run by this call (also appended to `model.history`).
    public var epochs: [EpochRecord]
    /// True when `shouldStop` ended training early (weights and history kept).
    public var stopped: Bool
    public var loss: LossKind
    public var finalLoss: Float? { epochs.last?.loss }
}

/// What `evaluate` measures on a data set (in eval mode, without gradients).
public struct Evaluation: Sendable {
    public var loss: Float
    public var lossKind: LossKind
    public var count: Int
    /// Fraction of correctly classified samples (classifiers with labels).
    public var accuracy: Float?
    /// `confusion[true][predicted]` counts (classifiers with labels).
    public var confusion: [[Int]]?
}

/// A classifier's answer for one sample.
public struct Prediction: Sendable {
    /// Class probabilities (softmax of the logits when the model has no softmax).
    public var probabilities: [Float]
    /// The most probable class.
    public var classIndex: Int
    public var confidence: Float { probabilities[classIndex] }
}
