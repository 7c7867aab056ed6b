import Model

/// Float and int8 metrics of one model on one set of labelled windows.
struct ModelEvaluation {
    var name: String
    var windows: Int
    var anomalous: Int
    var float: ClassificationMetrics
    var int8: ClassificationMetrics

    /// Scores every window with both the float network and the int8 engine.
    static func evaluate(
        name: String, windows data: RecordingWindows, parameters: ModelParameters, quantized: QuantizedModel,
        threshold: Float
    ) throws(CommandFailure) -> ModelEvaluation {
        let floatModel = FloatModel(parameters: parameters, batchCapacity: 256)
        let size = 4 * data.windowLength
        var floatScores: [Float] = []
        floatScores.reserveCapacity(data.count)
        var start = 0
        while start < data.count {
            let count = min(256, data.count - start)
            floatScores += floatModel.probabilities(
                windows: Array(data.values[(start * size)..<((start + count) * size)]), count: count)
            start += count
        }
        let scorer = QuantizedScorer(model: quantized)
        var int8Scores = [Float](repeating: 0, count: data.count)
        do {
            try scorer.score(batch: data.values, into: &int8Scores)
        } catch {
            throw CommandFailure(.software, "int8 scoring failed: \(error)")
        }
        return ModelEvaluation(
            name: name, windows: data.count, anomalous: Int(data.labels.reduce(0, +)),
            float: ClassificationMetrics(scores: floatScores, labels: data.labels, threshold: threshold),
            int8: ClassificationMetrics(scores: int8Scores, labels: data.labels, threshold: threshold))
    }

    /// Table rows: `split  kind  windows  anomalous  precision  recall  F1  ROC AUC`.
    func tableRows() -> [String] {
        [("float32", float), ("int8", int8)].map { kind, metrics in
            let auc = metrics.rocAUC.map { ReplaySummary.fixed($0, 4) } ?? "n/a"
            return name.padded(to: 10) + kind.padded(to: 9) + String(windows).padded(to: 9)
                + String(anomalous).padded(to: 11) + ReplaySummary.fixed(metrics.precision, 3).padded(to: 11)
                + ReplaySummary.fixed(metrics.recall, 3).padded(to: 8)
                + ReplaySummary.fixed(metrics.f1, 3).padded(to: 8)
                + auc
        }
    }

    static let tableHeader =
        "split".padded(to: 10) + "model".padded(to: 9) + "windows".padded(to: 9) + "anomalous".padded(to: 11)
        + "precision".padded(to: 11) + "recall".padded(to: 8) + "F1".padded(to: 8) + "ROC AUC"
}
