extension FloatModel {
    /// Scores every window of `data` (raw values; the model standardizes them) and
    /// returns the metrics at `threshold`, for `evaluate` and `replay` with labels.
    /// Throws when the windows' shape differs from the model's input.
    public func metrics(on data: LabeledWindows, threshold: Float = 0.5) throws(TrainingError) -> ClassificationMetrics
    {
        let spec = parameters.spec
        guard data.channels == spec.inputChannels, data.length == spec.windowLength else {
            throw .specMismatch(
                reason: "windows are \(data.channels)×\(data.length), the model takes "
                    + "\(spec.inputChannels)×\(spec.windowLength)")
        }
        let scores = probabilities(windows: data.values, count: data.count)
        return ClassificationMetrics(scores: scores, labels: data.labels, threshold: threshold)
    }
}
