/// The one rule that turns per-sample labels into a window label, shared by
/// `simulate`, replay, training and evaluation so their numbers agree.
///
/// A window of `windowLength` samples (250 = 5 s on the 50 Hz grid) is anomalous
/// when at least `minimumLabelledShare` (20 %) of its samples, i.e. 50, are
/// labelled anomalous. 50 samples (one second) count a window that holds the core
/// of a fall or the onset of an arrhythmia episode, while a window that only grazes
/// an event by a few samples at its edge stays normal: the model cannot be expected
/// to see those. A window whose samples do not all carry a label has no label.
public enum WindowLabelRule {
    /// Samples per window on the 50 Hz grid.
    public static let windowLength = 250
    /// Share of a window's samples that must be labelled anomalous.
    public static let minimumLabelledShare = 0.2
    /// The same threshold in samples: 50 of 250.
    public static let minimumLabelledSamples = 50

    /// Whether a window with `labelledSamples` anomalous samples is anomalous.
    public static func isAnomalous(labelledSamples: Int) -> Bool {
        labelledSamples >= minimumLabelledSamples
    }

    /// Whether a window with these per-sample labels (non-zero = anomalous) is anomalous.
    public static func isAnomalous<Labels: Sequence>(labels: Labels) -> Bool where Labels.Element: BinaryInteger {
        var labelled = 0
        for label in labels where label != 0 {
            labelled += 1
            if labelled >= minimumLabelledSamples { return true }
        }
        return false
    }

    /// The label of a window from the windower's counts, or nil when not every one of
    /// its `windowLength` samples carried a label.
    public static func isAnomalous(anomalousSamples: Int?, labelledSamples: Int, windowLength: Int) -> Bool? {
        guard let anomalousSamples, labelledSamples == windowLength, windowLength > 0 else { return nil }
        return Double(anomalousSamples) >= minimumLabelledShare * Double(windowLength)
    }

    /// A sentence for summaries.
    public static var description: String {
        "a window is anomalous when at least \(Int(minimumLabelledShare * 100)) % of its samples are"
    }
}
