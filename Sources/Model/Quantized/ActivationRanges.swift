/// The range each quantized activation point saw during calibration: the standardized
/// input, each convolution's output (after ReLU), each linear layer's output (after ReLU,
/// the last one being the logit).
///
/// Kept per window, so a range can cover all calibration windows (plain min/max, as
/// ONNX Runtime's MinMax calibrator) or only most of them. One saturated accelerometer
/// window reads ±8 g, about 20 standard deviations: with plain min/max that single
/// window sets the input scale and leaves a 1 BPM heart-rate step or a fidget far below
/// one quantization step for every normal window. Covering 99 % of windows lets the rare
/// extreme ones clip at the range's end, where they still read as extreme.
struct ActivationRanges {
    /// `windowMinimum[point][window]`: the smallest value the point saw in that window.
    private(set) var windowMinimum: [[Float]]
    /// `windowMaximum[point][window]`: the largest value.
    private(set) var windowMaximum: [[Float]]
    /// The first activation point that saw NaN or infinity, if any (min/max would skip NaN silently).
    private(set) var firstNonFinitePoint: Int?

    init(count: Int) {
        windowMinimum = Array(repeating: [], count: count)
        windowMaximum = Array(repeating: [], count: count)
    }

    /// Records one window's values at `point` (call once per point per window).
    mutating func record(_ values: [Float], at point: Int) {
        var low = Float.infinity
        var high = -Float.infinity
        for value in values {
            if !value.isFinite && firstNonFinitePoint == nil { firstNonFinitePoint = point }
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        windowMinimum[point].append(low)
        windowMaximum[point].append(high)
    }

    /// The range at `point` that contains the whole of a `coverage` share of the windows:
    /// the `coverage` quantile of the per-window maxima and the `1 - coverage` quantile
    /// of the minima. 1 gives the plain minimum and maximum over all windows.
    func range(at point: Int, coverage: Double) -> (minimum: Float, maximum: Float) {
        let lows = windowMinimum[point].sorted()
        let highs = windowMaximum[point].sorted()
        guard !highs.isEmpty else { return (.infinity, -.infinity) }
        // The number of windows allowed outside on each side, rounded down so that a
        // coverage of 1 (or a small calibration set) keeps every window.
        let outside = Int((Double(highs.count) * (1 - coverage)).rounded(.down))
        return (lows[outside], highs[highs.count - 1 - outside])
    }

    /// Activation points recorded.
    var count: Int { windowMaximum.count }
}
