/// How per-sample labels become a window label, shared by `simulate`, replay and training.
///
/// A window of `windowLength` samples (250 = 5 s on the 50 Hz grid) is anomalous
/// when at least `minimumLabelledShare` (20 %) of its samples, i.e. 50, are
/// labelled anomalous. Samples missing from the window (gaps) count as not
/// labelled; the threshold stays 50 of the nominal 250.
public enum WindowLabelRule {
    /// Samples per window on the 50 Hz grid.
    public static let windowLength = 250
    /// Share of a window's nominal samples that must be labelled for the window to be anomalous.
    public static let minimumLabelledShare = 0.2
    /// The same threshold in samples: 50 of 250.
    public static let minimumLabelledSamples = 50

    /// Whether a window with `labelledSamples` labelled samples is anomalous.
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
}
