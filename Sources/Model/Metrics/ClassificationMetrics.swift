/// Counts of a binary classifier's decisions at one threshold.
public struct ConfusionMatrix: Sendable, Equatable, Codable {
    /// Positive windows scored at or above the threshold.
    public var truePositives = 0
    /// Negative windows scored at or above the threshold.
    public var falsePositives = 0
    /// Negative windows scored below the threshold.
    public var trueNegatives = 0
    /// Positive windows scored below the threshold.
    public var falseNegatives = 0

    /// Creates a matrix from counts.
    public init(truePositives: Int = 0, falsePositives: Int = 0, trueNegatives: Int = 0, falseNegatives: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    /// Tallies `scores` against `labels` (positive when the label is ≥ 0.5); a window
    /// is predicted positive when its score is ≥ `threshold`.
    public init(scores: [Float], labels: [Float], threshold: Float) {
        precondition(scores.count == labels.count, "one label per score")
        for (score, label) in zip(scores, labels) {
            switch (label >= 0.5, score >= threshold) {
            case (true, true): truePositives += 1
            case (true, false): falseNegatives += 1
            case (false, true): falsePositives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    /// All windows counted.
    public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
}

/// The metrics train, replay and evaluate all report, computed one way.
///
/// Conventions (the same as scikit-learn's defaults): a ratio whose denominator
/// is zero is 0 (precision with no predicted positives, recall with no actual
/// positives, F1 when both are 0); ROC AUC is nil when only one class is present.
public struct ClassificationMetrics: Sendable, Equatable, Codable {
    /// The decision threshold on the score (probability) used for the counts.
    public var threshold: Float
    /// Decision counts at `threshold`.
    public var confusion: ConfusionMatrix
    /// (TP + TN) / all.
    public var accuracy: Double
    /// TP / (TP + FP).
    public var precision: Double
    /// TP / (TP + FN), the true-positive rate.
    public var recall: Double
    /// Harmonic mean of precision and recall.
    public var f1: Double
    /// Area under the ROC curve, threshold-free; nil with a single class.
    public var rocAUC: Double?

    /// Computes every metric for probability `scores` and 0/1 `labels`.
    public init(scores: [Float], labels: [Float], threshold: Float = 0.5) {
        let confusion = ConfusionMatrix(scores: scores, labels: labels, threshold: threshold)
        self.threshold = threshold
        self.confusion = confusion
        let (tp, fp, tn, fn) = (
            Double(confusion.truePositives), Double(confusion.falsePositives), Double(confusion.trueNegatives),
            Double(confusion.falseNegatives)
        )
        accuracy = confusion.total > 0 ? (tp + tn) / Double(confusion.total) : 0
        precision = tp + fp > 0 ? tp / (tp + fp) : 0
        recall = tp + fn > 0 ? tp / (tp + fn) : 0
        // 2TP / (2TP + FP + FN) equals the harmonic mean and avoids dividing by a zero sum.
        f1 = 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : 0
        rocAUC = ROCCurve.areaUnderCurve(scores: scores, labels: labels)
    }
}

/// Exact ROC AUC.
public enum ROCCurve {
    /// The probability that a random positive scores above a random negative,
    /// counting ties as one half: the Mann-Whitney U statistic from average ranks,
    /// which equals the trapezoidal area under the ROC curve with tied scores
    /// forming one diagonal step. O(n log n); nil when either class is absent.
    /// A NaN score ranks as negative infinity (lowest), so the order stays total.
    public static func areaUnderCurve(scores rawScores: [Float], labels: [Float]) -> Double? {
        precondition(rawScores.count == labels.count, "one label per score")
        let scores = rawScores.map { $0.isNaN ? -Float.infinity : $0 }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positives = 0
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            // A run of equal scores shares the average of the ranks it spans (1-based).
            var end = start + 1
            while end < order.count, scores[order[end]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + 1 + end) / 2
            for position in start..<end where labels[order[position]] >= 0.5 {
                positives += 1
                positiveRankSum += averageRank
            }
            start = end
        }
        let negatives = scores.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let p = Double(positives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }
}
