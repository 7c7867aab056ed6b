import Foundation
import Testing

@testable import Model
@testable import TestSupport

@Suite struct ClassificationMetricsTests {
    /// Worked by hand. Scores (label): 0.9 (1), 0.8 (0), 0.7 (1), 0.6 (1), 0.55 (0),
    /// 0.4 (0), 0.3 (1), 0.2 (0). At threshold 0.5: TP 3 (0.9, 0.7, 0.6), FP 2 (0.8,
    /// 0.55), TN 2, FN 1 (0.3). Accuracy 5/8, precision 3/5, recall 3/4, F1 2/3.
    /// AUC: of the 16 positive-negative pairs the positive wins 0.9: 4, 0.7: 3,
    /// 0.6: 3, 0.3: 1 = 11, so 11/16.
    @Test func handComputedExample() {
        let scores: [Float] = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2]
        let labels: [Float] = [1, 0, 1, 1, 0, 0, 1, 0]
        let metrics = ClassificationMetrics(scores: scores, labels: labels, threshold: 0.5)
        #expect(
            metrics.confusion
                == ConfusionMatrix(truePositives: 3, falsePositives: 2, trueNegatives: 2, falseNegatives: 1))
        #expect(metrics.accuracy == 5.0 / 8)
        #expect(metrics.precision == 3.0 / 5)
        #expect(metrics.recall == 3.0 / 4)
        #expect(abs(metrics.f1 - 2.0 / 3) < 1e-15)
        #expect(metrics.rocAUC == 11.0 / 16)
    }

    /// Ties count one half: positives {0.5, 0.5}, negatives {0.5, 0.1}. Pairs: each
    /// positive ties one negative (½) and beats the other (1): (1.5 + 1.5) / 4 = 0.75.
    @Test func tiedScoresCountHalf() {
        #expect(ROCCurve.areaUnderCurve(scores: [0.5, 0.5, 0.5, 0.1], labels: [1, 1, 0, 0]) == 0.75)
        #expect(ROCCurve.areaUnderCurve(scores: [0.3, 0.3, 0.3], labels: [1, 0, 1]) == 0.5)
    }

    @Test func degenerateCasesFollowTheDocumentedConventions() {
        let onlyNegatives = ClassificationMetrics(scores: [0.1, 0.2], labels: [0, 0])
        #expect(onlyNegatives.rocAUC == nil)
        #expect(onlyNegatives.precision == 0 && onlyNegatives.recall == 0 && onlyNegatives.f1 == 0)
        #expect(onlyNegatives.accuracy == 1)
        #expect(ROCCurve.areaUnderCurve(scores: [], labels: []) == nil)
        #expect(ROCCurve.areaUnderCurve(scores: [0.9, 0.1], labels: [1, 0]) == 1)
        #expect(ROCCurve.areaUnderCurve(scores: [0.1, 0.9], labels: [1, 0]) == 0)
    }

    /// Random scores rounded to few distinct values (many ties) against an
    /// independent numpy implementation (trapezoid over the ROC curve).
    @Test(arguments: [1, 2, 3])
    func agreesWithIndependentNumpyComputation(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let count = 500 + Int(seed) * 137
        var scores: [Float] = []
        var labels: [Float] = []
        for _ in 0..<count {
            let label: Float = generator.nextUnitFloat() < 0.2 ? 1 : 0
            let noise = generator.nextUnitFloat()
            // Coarse steps create ties; positives score higher on average.
            scores.append((min(1, noise * 0.8 + label * 0.3) * 20).rounded() / 20)
            labels.append(label)
        }
        let threshold: Float = 0.45
        let metrics = ClassificationMetrics(scores: scores, labels: labels, threshold: threshold)

        let request = try JSONSerialization.data(withJSONObject: [
            "scores": scores.map(Double.init), "labels": labels.map(Double.init), "threshold": Double(threshold),
        ])
        let directory = try TestEnvironment.temporaryDirectory("metrics")
        let input = directory.appendingPathComponent("request.json")
        try request.write(to: input)
        let script = TestEnvironment.packageRoot.appendingPathComponent("scripts/reference/metrics_reference.py").path
        let result = try runProcess(
            "/bin/sh", ["-c", "\"$0\" \"$1\" < \"$2\"", TestEnvironment.python, script, input.path])
        #expect(result.status == 0, "numpy reference failed: \(result.standardError)")
        let reference = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]

        #expect(metrics.confusion.truePositives == reference["tp"] as? Int)
        #expect(metrics.confusion.falsePositives == reference["fp"] as? Int)
        #expect(metrics.confusion.trueNegatives == reference["tn"] as? Int)
        #expect(metrics.confusion.falseNegatives == reference["fn"] as? Int)
        for (name, value) in [
            ("accuracy", metrics.accuracy), ("precision", metrics.precision), ("recall", metrics.recall),
            ("f1", metrics.f1), ("auc", metrics.rocAUC ?? -1),
        ] {
            let expected = reference[name] as! Double
            #expect(abs(value - expected) < 1e-12, "\(name): \(value) vs numpy \(expected)")
        }
    }
}

@Suite struct ThresholdSelectionTests {
    /// The hand example of `ClassificationMetricsTests`: F1 by threshold (≥ s) is
    /// 0.9: 0.4, 0.8: 1/3, 0.7: 4/7, 0.6: 0.75, 0.55: 2/3, 0.4: 0.6, 0.3: 8/11,
    /// 0.2: 2/3; the best is 0.75 at 0.6, returned as the midpoint with 0.55.
    @Test func picksTheF1MaximizingMidpoint() throws {
        let scores: [Float] = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2]
        let labels: [Float] = [1, 0, 1, 1, 0, 0, 1, 0]
        let best = try #require(ThresholdSelection.bestF1(scores: scores, labels: labels))
        #expect(abs(best.threshold - 0.575) < 1e-6)
        #expect(best.f1 == 0.75)
        #expect(ClassificationMetrics(scores: scores, labels: labels, threshold: best.threshold).f1 == 0.75)
    }

    @Test func tiesMoveTogetherAndNoPositivesGiveNil() throws {
        // Tied at 0.5: one positive and one negative cross together.
        let best = try #require(ThresholdSelection.bestF1(scores: [0.9, 0.5, 0.5, 0.1], labels: [1, 1, 0, 0]))
        #expect(best.f1 == 0.8)  // ≥ 0.5: TP 2, FP 1 → 4/5 beats ≥ 0.9: 2/3.
        #expect(best.threshold == 0.3)
        #expect(ThresholdSelection.bestF1(scores: [0.2, 0.4], labels: [0, 0]) == nil)
    }
}
