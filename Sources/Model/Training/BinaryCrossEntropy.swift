#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Class-weighted binary cross-entropy on logits, averaged over the batch, with
/// PyTorch `BCEWithLogitsLoss(pos_weight:)` semantics:
/// `loss = mean(pw · y · softplus(−x) + (1 − y) · softplus(x))`, where
/// `softplus(z) = max(z, 0) + log1p(exp(−|z|))` never overflows.
public struct WeightedBinaryCrossEntropy: Sendable, Equatable {
    /// Weight of the positive class (PyTorch's `pos_weight`); usually negatives / positives.
    public var positiveWeight: Float

    /// Creates the loss; `positiveWeight` 1 is plain binary cross-entropy.
    public init(positiveWeight: Float = 1) {
        self.positiveWeight = positiveWeight
    }

    /// The mean loss over `count` logits and labels (0 or 1, or soft labels in
    /// between), writing d(loss)/d(logit) into `gradient` when it is given.
    public func evaluate(
        logits: UnsafePointer<Float>, labels: UnsafePointer<Float>, count: Int,
        gradient: UnsafeMutablePointer<Float>? = nil
    ) -> Float {
        precondition(count > 0, "loss over an empty batch")
        var total = 0.0
        let scale = 1 / Float(count)
        for index in 0..<count {
            let (x, y) = (logits[index], labels[index])
            total += Double(positiveWeight * y * softplus(-x) + (1 - y) * softplus(x))
            if let gradient {
                // d/dx: −pw·y·σ(−x) + (1 − y)·σ(x).
                gradient[index] = (-positiveWeight * y * sigmoid(-x) + (1 - y) * sigmoid(x)) * scale
            }
        }
        return Float(total / Double(count))
    }

    /// The mean loss for arrays (convenience for tests and evaluation).
    public func evaluate(logits: [Float], labels: [Float]) -> Float {
        precondition(logits.count == labels.count, "one label per logit")
        return logits.withUnsafeBufferPointer { logitBuffer in
            labels.withUnsafeBufferPointer { labelBuffer in
                evaluate(logits: logitBuffer.baseAddress!, labels: labelBuffer.baseAddress!, count: logits.count)
            }
        }
    }
}

/// `log(1 + exp(z))` without overflow for large `z` or loss of precision for small.
@inline(__always)
func softplus(_ z: Float) -> Float {
    max(z, 0) + log1pf(expf(-abs(z)))
}
