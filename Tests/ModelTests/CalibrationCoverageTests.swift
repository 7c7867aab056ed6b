import Model
import Testing

@Suite struct CalibrationCoverageTests {
    /// Twenty ordinary windows and one whose every value is 50 times larger (a saturated
    /// sensor): plain min/max lets that window set the input scale; covering 95 % of the
    /// windows leaves it outside, so the scale follows the ordinary windows.
    @Test func oneExtremeWindowSetsTheScaleOnlyWithFullCoverage() throws {
        let spec = QuantizedScorerTests.oddSpec
        let parameters = try RandomModel.parameters(spec: spec, seed: 31)
        var windows = RandomModel.windows(spec: spec, count: 20, seed: 32)
        windows.append(windows[0].map { $0 * 50 })

        let everyWindow = try QuantizedModel(parameters: parameters, calibrationWindows: windows)
        let mostWindows = try QuantizedModel(parameters: parameters, calibrationWindows: windows, windowCoverage: 0.95)
        let ordinaryOnly = try QuantizedModel(parameters: parameters, calibrationWindows: Array(windows.prefix(20)))
        #expect(everyWindow.input.scale > 10 * ordinaryOnly.input.scale)
        // 21 windows × 5 % rounds down to one window left out on each side: exactly the extreme one.
        #expect(mostWindows.input == ordinaryOnly.input)
        #expect(mostWindows.logit != everyWindow.logit)
    }

    @Test func coverageOutsideTheRangeIsRefused() throws {
        let spec = QuantizedScorerTests.oddSpec
        let parameters = try RandomModel.parameters(spec: spec, seed: 31)
        let windows = RandomModel.windows(spec: spec, count: 4, seed: 32)
        for coverage in [0.5, 0, 1.01, -1] {
            #expect(throws: QuantizationError.invalidCoverage(coverage)) {
                try QuantizedModel(parameters: parameters, calibrationWindows: windows, windowCoverage: coverage)
            }
        }
        #expect("\(QuantizationError.invalidCoverage(2))".contains("coverage is 2.0"))
    }
}
