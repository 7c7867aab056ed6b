/// Choosing the decision threshold from labelled scores.
public enum ThresholdSelection {
    /// The threshold that maximizes F1 when windows scoring at or above it are
    /// called positive, and that F1. Candidates are the distinct scores; the
    /// returned threshold is the midpoint between the best candidate and the next
    /// lower distinct score (or the candidate itself when none is lower), so it
    /// does not sit exactly on a training example. Among equal F1 values the higher
    /// threshold wins (fewer alarms). Nil when there are no positives.
    public static func bestF1(scores: [Float], labels: [Float]) -> (threshold: Float, f1: Double)? {
        precondition(scores.count == labels.count, "one label per score")
        let positives = labels.reduce(0) { $0 + ($1 >= 0.5 ? 1 : 0) }
        guard positives > 0 else { return nil }
        let order = scores.indices.filter { !scores[$0].isNaN }.sorted { scores[$0] > scores[$1] }

        var best: (index: Int, f1: Double)?
        var truePositives = 0
        var falsePositives = 0
        var position = 0
        while position < order.count {
            // Everything tied with this score crosses the threshold together.
            let score = scores[order[position]]
            while position < order.count, scores[order[position]] == score {
                if labels[order[position]] >= 0.5 { truePositives += 1 } else { falsePositives += 1 }
                position += 1
            }
            let falseNegatives = positives - truePositives
            let f1 = Double(2 * truePositives) / Double(2 * truePositives + falsePositives + falseNegatives)
            if f1 > (best?.f1 ?? -1) { best = (position - 1, f1) }
        }
        guard let best else { return nil }
        let candidate = scores[order[best.index]]
        let next = best.index + 1 < order.count ? scores[order[best.index + 1]] : candidate
        return ((candidate + next) / 2, best.f1)
    }
}
