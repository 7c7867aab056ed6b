/// Trains a float32 `fedsense-cnn` on labelled windows: a stratified or latest
/// validation split, standardization fitted on the training split, shuffled mini-batches,
/// class-weighted loss, Adam or SGD (optionally cosine-annealed), early stopping on the validation loss or ROC AUC with
/// the best epoch's parameters kept. Deterministic for a given seed and input on
/// one architecture (arm64 fuses multiply-adds, x86-64 does not, so the two
/// round differently and their trained weights differ in the last bits).
///
/// Runs on the calling thread; call it from a dedicated thread or task, never
/// from a latency-sensitive loop. When the calling task is cancelled, training
/// stops before the next batch and throws `TrainingError.cancelled`.
public struct Trainer: Sendable {
    /// The architecture to train.
    public var spec: ModelSpec
    /// How to train it.
    public var configuration: TrainingConfiguration
    /// Runs the plain reference convolution kernels instead of the optimized ones
    /// (benchmarks compare the two; results agree within float rounding).
    public var usesReferenceKernels = false

    /// Creates a trainer for `spec` with `configuration`.
    public init(spec: ModelSpec = .fedsenseV1, configuration: TrainingConfiguration = TrainingConfiguration()) {
        self.spec = spec
        self.configuration = configuration
    }

    /// Trains on `data` and returns the kept parameters, the per-epoch history and
    /// final metrics. With `initial`, training continues from those parameters and
    /// keeps their standardization (as federated rounds need); otherwise it starts
    /// from PyTorch's default initialization drawn from the seed. `progress` is
    /// called after every batch and at the end of every epoch.
    public func train(
        _ data: LabeledWindows, startingFrom initial: ModelParameters? = nil,
        progress: (TrainingProgress) -> Void = { _ in }
    ) throws(TrainingError) -> TrainingResult {
        try validate(data, initial: initial)
        var generator = SplitMix64(seed: configuration.seed)
        let (trainingIndices, validationIndices) = split(data, generator: &generator)
        guard !trainingIndices.isEmpty else { throw .emptyDataset(reason: "the validation split took every window") }

        var standardization = initial?.standardization ?? Standardization(fitting: data, indices: trainingIndices)
        if initial == nil { standardization.clip = configuration.inputClip }
        let network = FloatNetwork(spec: spec, seed: generator.next(), batchCapacity: configuration.batchSize)
        network.usesReferenceKernels = usesReferenceKernels
        network.freezesNormalization = configuration.freezesBatchNormalization
        if let initial { network.load(initial) }
        let positives = trainingIndices.reduce(0) { $0 + (data.labels[$1] == 1 ? 1 : 0) }
        let negatives = trainingIndices.count - positives
        let positiveWeight: Float =
            configuration.weightsClasses && positives > 0 && negatives > 0 ? Float(negatives) / Float(positives) : 1
        let loss = WeightedBinaryCrossEntropy(positiveWeight: positiveWeight)
        let optimizer = Optimizer(configuration.optimizer, parameterCount: network.geometry.parameterCount)
        var batcher = Batcher(data: data, capacity: configuration.batchSize)

        // Its own generator, so whether statistics are recomputed never changes the training itself.
        var statisticsGenerator = SplitMix64(seed: generator.next())
        let recomputesStatistics =
            configuration.recomputesNormalizationStatistics && !configuration.freezesBatchNormalization
        var history: [EpochRecord] = []
        var best = Snapshot(network)
        var bestEpoch = 0
        var bestMonitored = Float.infinity
        var epochsWithoutImprovement = 0
        var stoppedEarly = false
        var order = trainingIndices
        let batches = (order.count + configuration.batchSize - 1) / configuration.batchSize
        let clock = ContinuousClock()

        for epoch in 1...configuration.epochs {
            let started = clock.now
            optimizer.learningRateFactor = configuration.learningRateSchedule.factor(
                epoch: epoch, epochs: configuration.epochs)
            generator.shuffle(&order)
            var lossSum = 0.0
            for batchIndex in 0..<batches {
                if Task.isCancelled { throw .cancelled(epoch: epoch) }
                let start = batchIndex * configuration.batchSize
                let indices = order[start..<min(start + configuration.batchSize, order.count)]
                let batchLoss = batcher.trainStep(
                    indices: indices, network: network, standardization: standardization, loss: loss,
                    optimizer: optimizer)
                guard batchLoss.isFinite else { throw .diverged(epoch: epoch, batch: batchIndex + 1) }
                lossSum += Double(batchLoss)
                progress(
                    TrainingProgress(
                        epoch: epoch, epochs: configuration.epochs, batch: batchIndex + 1, batches: batches,
                        runningLoss: Float(lossSum / Double(batchIndex + 1)), completedEpoch: nil))
            }

            var record = EpochRecord(
                epoch: epoch, trainingLoss: Float(lossSum / Double(batches)), validationLoss: nil,
                validationMetrics: nil, durationSeconds: 0)
            if !validationIndices.isEmpty {
                if recomputesStatistics {
                    // The running statistics are an average over the last few dozen batches, and
                    // they swing from epoch to epoch (validation ROC AUC 0.954 to 0.976 between
                    // neighbouring epochs at a near-zero learning rate): judged with them, the kept
                    // epoch is partly the luckiest average, which the final recomputation then
                    // replaces. A sample of the training split is enough for the estimate.
                    batcher.recomputeNormalizationStatistics(
                        indices: trainingIndices, limit: Self.statisticsSampleLimit, generator: &statisticsGenerator,
                        network: network, standardization: standardization)
                }
                let evaluation = batcher.evaluate(
                    indices: validationIndices, network: network, standardization: standardization, loss: loss,
                    threshold: configuration.threshold)
                record.validationLoss = evaluation.loss
                record.validationMetrics = evaluation.metrics
            }
            let elapsed = clock.now - started
            record.durationSeconds =
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            history.append(record)
            progress(
                TrainingProgress(
                    epoch: epoch, epochs: configuration.epochs, batch: batches, batches: batches,
                    runningLoss: record.trainingLoss, completedEpoch: record))

            // Early stopping keeps the parameters of the best validation epoch.
            let monitored = configuration.monitor.lowerIsBetter(record) ?? record.trainingLoss
            if validationIndices.isEmpty || monitored < bestMonitored - configuration.minimumImprovement {
                bestMonitored = min(bestMonitored, monitored)
                best = Snapshot(network)
                bestEpoch = epoch
                epochsWithoutImprovement = 0
            } else {
                epochsWithoutImprovement += 1
                if configuration.patience > 0, epochsWithoutImprovement >= configuration.patience,
                    epoch < configuration.epochs
                {
                    stoppedEarly = true
                    break
                }
            }
        }

        best.restore(into: network)
        if recomputesStatistics {
            batcher.recomputeNormalizationStatistics(
                indices: trainingIndices, limit: trainingIndices.count, generator: &statisticsGenerator,
                network: network, standardization: standardization)
        }
        let trainingMetrics = batcher.evaluate(
            indices: trainingIndices, network: network, standardization: standardization, loss: loss,
            threshold: configuration.threshold
        ).metrics
        var validationMetrics: ClassificationMetrics?
        var recommendedThreshold: Float?
        if !validationIndices.isEmpty {
            let evaluation = batcher.evaluate(
                indices: validationIndices, network: network, standardization: standardization, loss: loss,
                threshold: configuration.threshold)
            validationMetrics = evaluation.metrics
            recommendedThreshold =
                ThresholdSelection.bestF1(scores: evaluation.scores, labels: validationIndices.map { data.labels[$0] })?
                .threshold
        }
        return TrainingResult(
            parameters: network.exportParameters(standardization: standardization), history: history,
            bestEpoch: bestEpoch, stoppedEarly: stoppedEarly, positiveWeight: positiveWeight,
            batchesTracked: network.batchesTracked, trainingCount: trainingIndices.count,
            validationCount: validationIndices.count, trainingMetrics: trainingMetrics,
            validationMetrics: validationMetrics, recommendedThreshold: recommendedThreshold)
    }

    /// Training windows whose batch statistics estimate the running statistics before each
    /// validation pass: 128 batches of 64, a few per cent of an epoch on the default model's data.
    static let statisticsSampleLimit = 8192

    /// Checks the configuration, the spec and the data against each other.
    private func validate(_ data: LabeledWindows, initial: ModelParameters?) throws(TrainingError) {
        if let problem = configuration.validationProblem { throw .invalidConfiguration(reason: problem) }
        if let problem = spec.validationProblem { throw .invalidConfiguration(reason: "model spec: \(problem)") }
        guard data.count > 0 else { throw .emptyDataset(reason: "no windows given") }
        guard data.channels == spec.inputChannels, data.length == spec.windowLength else {
            throw .specMismatch(
                reason: "windows are \(data.channels)×\(data.length), the model takes "
                    + "\(spec.inputChannels)×\(spec.windowLength)")
        }
        if let initial, initial.spec != spec {
            throw .specMismatch(reason: "initial parameters are for spec \(initial.spec.name), not \(spec.name)")
        }
    }

    /// Splits window indices into training and validation as `validationSplit` says:
    /// stratified (each class contributes `round(fraction × its count)` random windows) or
    /// the latest `round(fraction × count)` windows.
    private func split(
        _ data: LabeledWindows, generator: inout SplitMix64
    ) -> (training: [Int], validation: [Int]) {
        if configuration.validationSplit == .latest {
            let held = Int((configuration.validationFraction * Double(data.count)).rounded())
            return (Array(0..<(data.count - held)), Array((data.count - held)..<data.count))
        }
        var training: [Int] = []
        var validation: [Int] = []
        for label: Float in [0, 1] {
            var members = data.labels.indices.filter { data.labels[$0] == label }
            generator.shuffle(&members)
            let held = Int((configuration.validationFraction * Double(members.count)).rounded())
            validation += members[0..<held]
            training += members[held...]
        }
        training.sort()
        validation.sort()
        return (training, validation)
    }
}

/// A copy of a network's parameters, running statistics and batch counter.
private struct Snapshot {
    var parameters: [Float]
    var statistics: [Float]
    var batchesTracked: Int64

    init(_ network: FloatNetwork) {
        parameters = Array(UnsafeBufferPointer(start: network.parameters, count: network.geometry.parameterCount))
        statistics = Array(UnsafeBufferPointer(start: network.statistics, count: network.geometry.statisticCount))
        batchesTracked = network.batchesTracked
    }

    func restore(into network: FloatNetwork) {
        parameters.withUnsafeBufferPointer { network.parameters.update(from: $0.baseAddress!, count: $0.count) }
        statistics.withUnsafeBufferPointer { network.statistics.update(from: $0.baseAddress!, count: $0.count) }
        network.batchesTracked = batchesTracked
    }
}
