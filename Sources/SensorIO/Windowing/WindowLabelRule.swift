/// The one rule that turns per-sample labels into a window label, shared by replay,
/// training and evaluation so their numbers agree: a window is anomalous when at
/// least `minimumAnomalousShare` of its samples are labelled anomalous. A window
/// whose samples are not all labelled has no label.
///
/// 20 % (50 of 250 samples, one second at 50 Hz) counts a window that contains the
/// core of a fall or the onset of an arrhythmia episode, while a window that only
/// grazes an event by a few samples stays normal: the model cannot be expected to
/// see a handful of samples at a window's edge.
public enum WindowLabelRule {
    /// Share of a window's samples that must be anomalous, in (0, 1].
    public static let minimumAnomalousShare = 0.2

    /// The window label from its counts, or nil when not every sample was labelled.
    public static func isAnomalous(anomalousSamples: Int?, labelledSamples: Int, windowLength: Int) -> Bool? {
        guard let anomalousSamples, labelledSamples == windowLength, windowLength > 0 else { return nil }
        return Double(anomalousSamples) >= minimumAnomalousShare * Double(windowLength)
    }

    /// A sentence for summaries: `anomalous when at least 20 % of its samples are`.
    public static var description: String {
        "a window is anomalous when at least \(Int(minimumAnomalousShare * 100)) % of its samples are"
    }
}
