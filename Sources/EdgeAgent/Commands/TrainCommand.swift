import Model
import SensorIO

extension CommandSpec {
    /// `edge-agent train`: float training on a labelled recording, then int8 quantization.
    static let train = CommandSpec(
        name: "train",
        summary: "Train the CNN on a labelled recording and save float and int8 weights",
        discussion: """
            Cuts the recording into windows exactly as replay does (50 Hz grid, 250 samples, the shared window \
            label rule), trains fedsense-cnn-v1 in float32 with class weighting and early stopping on a \
            stratified validation split, then quantizes it to int8 (calibrated on 1,000 windows of the \
            recording; each activation range contains 99 % of them whole, so a rare extreme window clips \
            instead of coarsening every step). \
            Writes MODEL (float safetensors with PyTorch names) and MODEL with .int8 before the extension (the \
            int8 model replay and the daemon run). With --eval, reports float and int8 metrics on a held-out \
            recording.
            """,
        options: [
            OptionSpec(long: "data", short: "d", valueName: "FILE", help: "labelled Parquet recording (required)"),
            OptionSpec(long: "eval", short: nil, valueName: "FILE", help: "held-out labelled recording to evaluate on"),
            OptionSpec(
                long: "holdout", short: nil, valueName: "F",
                help: "hold out the last fraction F of the recording (by time) as a test split (default 0)"),
            OptionSpec(long: "out", short: "o", valueName: "MODEL", help: "weights file (default model.safetensors)"),
            OptionSpec(
                long: "init", short: nil, valueName: "MODEL",
                help: "continue from these float weights (and their standardization)"),
            OptionSpec(
                long: "calibration-coverage", short: nil, valueName: "F",
                help: "share of calibration windows each int8 range contains whole (default 0.99; 1 = min/max)"),
            OptionSpec(long: "epochs", short: "e", valueName: "N", help: "maximum epochs (default 20)"),
            OptionSpec(long: "batch-size", short: nil, valueName: "N", help: "mini-batch size (default 64)"),
            OptionSpec(
                long: "patience", short: nil, valueName: "N",
                help: "stop after N epochs without a better --monitor value (default 5; 0 never stops early)"),
            OptionSpec(long: "learning-rate", short: nil, valueName: "LR", help: "Adam learning rate (default 0.001)"),
            OptionSpec(
                long: "schedule", short: nil, valueName: "S",
                help: "learning-rate schedule: constant (default) or cosine (annealed to 0 over --epochs)"),
            OptionSpec(
                long: "validation", short: nil, valueName: "V",
                help: "validation split: stratified (random, default) or latest (the end of the training part)"),
            OptionSpec(
                long: "input-clip", short: nil, valueName: "C",
                help: "limit standardized inputs to ±C standard deviations (default: no limit)"),
            OptionSpec(
                long: "monitor", short: nil, valueName: "M",
                help: "what early stopping keeps the best epoch by: loss (validation loss, default) or auc"),
            OptionSpec(
                long: "hop", short: nil, valueName: "N",
                help: "samples between training window starts (250); held-out and --eval windows use 250, as replay"),
            OptionSpec(long: "seed", short: nil, valueName: "S", help: "seed for initialization and shuffling (42)"),
        ],
        examples: [
            ("edge-agent train --data day.parquet --out model.safetensors", "train a model"),
            (
                "edge-agent train --data train.parquet --eval test.parquet --epochs 30",
                "train and report metrics on a held-out recording"
            ),
        ],
        run: { arguments in try TrainRun(arguments).run() }
    )
}

/// One `edge-agent train` invocation.
private struct TrainRun {
    let dataPath: String
    let evalPath: String?
    let outputPath: String
    let hop: Int
    let holdoutFraction: Double
    let initialPath: String?
    let calibrationCoverage: Double
    var configuration: TrainingConfiguration

    init(_ arguments: ParsedArguments) throws(CommandFailure) {
        guard let data = arguments.value("data") else {
            throw CommandFailure(.usage, "--data FILE is required (a labelled Parquet recording)")
        }
        dataPath = data
        evalPath = arguments.value("eval")
        outputPath = arguments.value("out") ?? "model.safetensors"
        hop = try arguments.integer("hop", default: 250, range: 1...250)
        holdoutFraction = try arguments.number("holdout", default: 0, range: 0...0.5)
        initialPath = arguments.value("init")
        calibrationCoverage = try arguments.number(
            "calibration-coverage", default: QuantizedModel.recommendedWindowCoverage, range: 0.51...1)
        let learningRate = try arguments.number("learning-rate", default: 0.001, range: 1e-7...1)
        configuration = TrainingConfiguration(
            epochs: try arguments.integer("epochs", default: 20, range: 1...10_000),
            batchSize: try arguments.integer("batch-size", default: 64, range: 1...4096),
            optimizer: .adam(learningRate: Float(learningRate)),
            learningRateSchedule: try arguments.choice("schedule", default: LearningRateSchedule.constant),
            validationSplit: try arguments.choice("validation", default: ValidationSplit.stratified),
            monitor: try arguments.choice("monitor", default: EarlyStoppingMonitor.loss),
            patience: try arguments.integer("patience", default: 5, range: 0...10_000),
            seed: UInt64(try arguments.integer("seed", default: 42, range: 0...Int.max)))
        configuration.inputClip = try arguments.optionalNumber("input-clip", range: 0.5...1000).map { Float($0) }
    }

    /// `model.safetensors` → `model.int8.safetensors`.
    var int8Path: String {
        if outputPath.hasSuffix(".safetensors") {
            return String(outputPath.dropLast(".safetensors".count)) + ".int8.safetensors"
        }
        return outputPath + ".int8"
    }

    func run() throws(CommandFailure) -> ExitStatus {
        let (windows, heldOut) = try RecordingWindows.loadSplittingByTime(
            dataPath, hop: hop, holdoutFraction: holdoutFraction)
        let positives = Int(windows.labels.reduce(0, +))
        Console.output(
            "training on \(dataPath): \(windows.count) labelled windows, \(positives) anomalous"
                + (windows.unlabelledWindows > 0 ? ", \(windows.unlabelledWindows) without labels skipped" : "")
                + (heldOut.count > 0 ? "; the last \(heldOut.count) windows are held out for testing" : "") + "\n")

        var initial: ModelParameters?
        if let initialPath {
            do {
                initial = try ModelParameters(safeTensorsAt: initialPath)
            } catch {
                throw CommandFailure(.dataError, "--init \(initialPath): \(error)")
            }
        }
        var bar = ProgressBar(label: "train")
        let result: TrainingResult
        do {
            result = try Trainer(configuration: configuration).train(try windows.labeled(), startingFrom: initial) {
                progress in
                bar.update(
                    fraction: (Double(progress.epoch - 1) + Double(progress.batch) / Double(max(1, progress.batches)))
                        / Double(progress.epochs),
                    detail: "epoch \(progress.epoch) loss \(ReplaySummary.fixed(Double(progress.runningLoss), 4))")
                // Without a terminal (a pipe, a file, the journal) there is no bar: one line per
                // epoch tells whoever tails the log how far training is.
                if let record = progress.completedEpoch, !Console.errorIsTerminal {
                    Console.error(epochLine(record, of: progress.epochs))
                }
            }
        } catch {
            bar.finish()
            throw CommandFailure(.dataError, "\(error)")
        }
        bar.finish()
        printHistory(result)

        // Quantize, then write both files only once everything succeeded. The operating point
        // stored with the model is the F1-best threshold on the validation split.
        let threshold = result.recommendedThreshold ?? configuration.threshold
        var quantized: QuantizedModel
        do {
            quantized = try QuantizedModel(
                parameters: result.parameters,
                calibrationWindows: windows.sample(limit: 1000),
                windowCoverage: calibrationCoverage)
        } catch {
            throw CommandFailure(.software, "int8 quantization failed: \(error)")
        }
        quantized.decisionThreshold = threshold
        do {
            try result.parameters.writeSafeTensors(to: outputPath, batchesTracked: result.batchesTracked)
            try quantized.save(to: int8Path)
        } catch {
            throw CommandFailure(.ioError, "cannot write the model: \(error)")
        }
        Console.output(
            "wrote \(outputPath) (float32) and \(int8Path) (int8), decision threshold "
                + "\(ReplaySummary.fixed(Double(threshold), 3))\n")

        var evaluations: [ModelEvaluation] = []
        if heldOut.count > 0 {
            evaluations.append(
                try ModelEvaluation.evaluate(
                    name: "held-out", windows: heldOut, parameters: result.parameters, quantized: quantized,
                    threshold: threshold))
        }
        if let evalPath {
            evaluations.append(
                try ModelEvaluation.evaluate(
                    name: "eval-file", windows: try RecordingWindows.load(evalPath, hop: WindowerConfiguration().hop),
                    parameters: result.parameters, quantized: quantized, threshold: threshold))
        }
        if !evaluations.isEmpty {
            Console.output("\n" + ModelEvaluation.tableHeader + "\n")
            Console.output(evaluations.flatMap { $0.tableRows() }.joined(separator: "\n") + "\n")
        }
        return .success
    }

    /// `train: epoch 3/60 loss 0.1234 val loss 0.2345 val AUC 0.9612 (12.3 s)`.
    private func epochLine(_ record: EpochRecord, of epochs: Int) -> String {
        var line = "train: epoch \(record.epoch)/\(epochs) loss \(ReplaySummary.fixed(Double(record.trainingLoss), 4))"
        if let loss = record.validationLoss { line += " val loss \(ReplaySummary.fixed(Double(loss), 4))" }
        if let auc = record.validationMetrics?.rocAUC { line += " val AUC \(ReplaySummary.fixed(auc, 4))" }
        return line + " (\(ReplaySummary.fixed(record.durationSeconds, 1)) s)\n"
    }

    private func printHistory(_ result: TrainingResult) {
        var text = "\nepoch  train loss  val loss  val F1  val AUC  seconds\n"
        for record in result.history {
            let marker = record.epoch == result.bestEpoch ? " *" : ""
            text +=
                String(record.epoch).padded(to: 7) + ReplaySummary.fixed(Double(record.trainingLoss), 4).padded(to: 12)
            text += (record.validationLoss.map { ReplaySummary.fixed(Double($0), 4) } ?? "-").padded(to: 10)
            text += (record.validationMetrics.map { ReplaySummary.fixed($0.f1, 3) } ?? "-").padded(to: 8)
            text += (record.validationMetrics?.rocAUC.map { ReplaySummary.fixed($0, 4) } ?? "-").padded(to: 9)
            text += ReplaySummary.fixed(record.durationSeconds, 1) + marker + "\n"
        }
        text += "kept epoch \(result.bestEpoch)\(result.stoppedEarly ? " (stopped early)" : ""); "
        text += "\(result.trainingCount) training and \(result.validationCount) validation windows, "
        text += "positive weight \(ReplaySummary.fixed(Double(result.positiveWeight), 2))\n"
        if let validation = result.validationMetrics {
            text += "validation (float32): precision \(ReplaySummary.fixed(validation.precision, 3)) recall "
            text += "\(ReplaySummary.fixed(validation.recall, 3)) F1 \(ReplaySummary.fixed(validation.f1, 3)) "
            text += "ROC AUC \(validation.rocAUC.map { ReplaySummary.fixed($0, 4) } ?? "n/a")\n"
        }
        Console.output(text)
    }
}
