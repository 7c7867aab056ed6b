/// How to train: epochs, batches, optimizer, validation and early stopping.
public struct TrainingConfiguration: Sendable, Equatable, Codable {
    /// Passes over the training split (an upper bound when early stopping is on).
    public var epochs: Int
    /// Windows per mini-batch; the last batch of an epoch may be smaller.
    public var batchSize: Int
    /// Optimizer and its hyperparameters.
    public var optimizer: OptimizerConfiguration
    /// How the learning rate changes over the epochs.
    public var learningRateSchedule: LearningRateSchedule
    /// Fraction of windows held out for validation, in [0, 0.9]. 0 trains on everything
    /// and disables early stopping.
    public var validationFraction: Double
    /// Which windows form the validation split.
    public var validationSplit: ValidationSplit
    /// What early stopping watches on the validation split to keep the best epoch.
    public var monitor: EarlyStoppingMonitor
    /// Epochs without an improvement of the monitored value before stopping; 0 never stops early.
    public var patience: Int
    /// Smallest improvement of the monitored value that counts.
    public var minimumImprovement: Float
    /// Weight the positive class by negatives / positives of the training split
    /// (PyTorch `pos_weight`); off means weight 1.
    public var weightsClasses: Bool
    /// Score threshold for the reported confusion-based metrics.
    public var threshold: Float
    /// Seed for initialization, the split, shuffling and dropout.
    public var seed: UInt64
    /// Keep batch norm in inference mode while training (running statistics fixed,
    /// γ and β still learned). For fine-tuning a trained model on a small local
    /// dataset, and it makes each window's gradient independent of the rest of its
    /// batch, which per-example clipping (DP-SGD) requires.
    public var freezesBatchNormalization: Bool
    /// Limit of the standardized input values stored with a newly fitted standardization
    /// (see `Standardization.clip`); nil for none. A model trained further keeps its own.
    public var inputClip: Float?
    /// Recompute the batch norms' running statistics as the average batch statistics
    /// under the current weights ("precise batch norm"): before every validation pass
    /// (over a shuffled sample of the training split), so early stopping judges each
    /// epoch as it would be kept, and after training over the whole training split with
    /// the kept weights. Ignored when batch norm is frozen.
    public var recomputesNormalizationStatistics: Bool

    /// Creates a configuration; defaults suit the default model on a gateway.
    public init(
        epochs: Int = 20, batchSize: Int = 64, optimizer: OptimizerConfiguration = .defaultAdam,
        learningRateSchedule: LearningRateSchedule = .constant, validationFraction: Double = 0.2,
        validationSplit: ValidationSplit = .stratified,
        monitor: EarlyStoppingMonitor = .loss, patience: Int = 5, minimumImprovement: Float = 0,
        weightsClasses: Bool = true, threshold: Float = 0.5, seed: UInt64 = 42,
        freezesBatchNormalization: Bool = false, recomputesNormalizationStatistics: Bool = true
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRateSchedule = learningRateSchedule
        self.validationFraction = validationFraction
        self.validationSplit = validationSplit
        self.monitor = monitor
        self.patience = patience
        self.minimumImprovement = minimumImprovement
        self.weightsClasses = weightsClasses
        self.threshold = threshold
        self.seed = seed
        self.freezesBatchNormalization = freezesBatchNormalization
        self.recomputesNormalizationStatistics = recomputesNormalizationStatistics
    }

    /// Why the configuration cannot train, or nil when it can.
    public var validationProblem: String? {
        guard epochs >= 1, epochs <= 100_000 else { return "epochs must be in 1...100000" }
        guard batchSize >= 1, batchSize <= 65_536 else { return "batch size must be in 1...65536" }
        guard validationFraction >= 0, validationFraction <= 0.9 else {
            return "validation fraction must be in [0, 0.9]"
        }
        guard patience >= 0, minimumImprovement >= 0 else { return "patience and minimum improvement must be ≥ 0" }
        guard threshold.isFinite else { return "threshold must be finite" }
        if let inputClip, !(inputClip.isFinite && inputClip > 0) { return "input clip must be positive and finite" }
        return optimizer.validationProblem
    }
}

/// How the trainer picks its validation windows.
public enum ValidationSplit: String, Sendable, Equatable, Codable, CaseIterable {
    /// A random share of each class (windows from every part of the data, the same
    /// anomaly rate as training). Neighbouring windows are alike, so it measures how well
    /// the network fits the episodes it trains on as much as how it generalizes.
    case stratified
    /// The last windows in the given order: for windows in time order, later episodes the
    /// network never saw, as a held-out test split or the next day's data would be; and
    /// overlapping windows (a hop below the window length) cannot straddle the split
    /// except at its one boundary.
    case latest
}

/// The validation value early stopping keeps the best epoch by.
public enum EarlyStoppingMonitor: String, Sendable, Equatable, Codable, CaseIterable {
    /// The class-weighted validation loss (lower is better): rewards calibrated scores.
    case loss
    /// The validation ROC AUC (higher is better): rewards ranking anomalies above normal
    /// windows, which is what the decision threshold is then chosen on. With few positives of
    /// some kind the loss can keep falling while their ranking gets worse, and the reverse.
    case auc

    /// The epoch's monitored value with lower meaning better (AUC as 1 − AUC); nil when the
    /// epoch has no validation value to watch.
    func lowerIsBetter(_ record: EpochRecord) -> Float? {
        switch self {
        case .loss: return record.validationLoss
        case .auc: return record.validationMetrics?.rocAUC.map { Float(1 - $0) }
        }
    }
}

/// What one epoch achieved.
public struct EpochRecord: Sendable, Equatable, Codable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean training loss over the epoch's batches (dropout and batch statistics on).
    public var trainingLoss: Float
    /// Validation loss in inference mode; nil without a validation split.
    public var validationLoss: Float?
    /// Validation metrics at the configured threshold; nil without a validation split.
    public var validationMetrics: ClassificationMetrics?
    /// Wall-clock duration of the epoch, seconds (for display only).
    public var durationSeconds: Double
}

/// A progress report, sent after every batch and at the end of every epoch.
public struct TrainingProgress: Sendable {
    /// 1-based current epoch.
    public var epoch: Int
    /// Upper bound on epochs.
    public var epochs: Int
    /// Batches done in this epoch.
    public var batch: Int
    /// Batches per epoch.
    public var batches: Int
    /// Mean training loss of this epoch so far.
    public var runningLoss: Float
    /// Set on the report that ends an epoch.
    public var completedEpoch: EpochRecord?
}

/// What training returns.
public struct TrainingResult: Sendable {
    /// The trained parameters (the best validation epoch's when early stopping was
    /// on), with the standardization they expect.
    public var parameters: ModelParameters
    /// Every epoch run, in order.
    public var history: [EpochRecord]
    /// 1-based epoch whose parameters were kept.
    public var bestEpoch: Int
    /// Whether patience ran out before the last epoch.
    public var stoppedEarly: Bool
    /// Positive-class weight used by the loss.
    public var positiveWeight: Float
    /// Training batches the batch norms saw (PyTorch `num_batches_tracked`).
    public var batchesTracked: Int64
    /// Windows in the training and validation splits.
    public var trainingCount: Int
    /// Windows held out for validation.
    public var validationCount: Int
    /// Metrics of the kept parameters on the training split (inference mode).
    public var trainingMetrics: ClassificationMetrics
    /// Metrics of the kept parameters on the validation split; nil without one.
    public var validationMetrics: ClassificationMetrics?
    /// The F1-maximizing decision threshold on the validation split (see
    /// `ThresholdSelection.bestF1`); nil without a validation split or positives.
    /// The class-weighted loss shifts probabilities towards the positive class,
    /// so this is usually above 0.5 for rare anomalies.
    public var recommendedThreshold: Float?
}
