import Testing

@testable import Model

@Suite struct LearningRateScheduleTests {
    /// `torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=5)` over SGD(lr=0.01),
    /// read from `optimizer.param_groups[0]["lr"]` before each epoch's steps (torch 2.13).
    static let torchCosineRates: [Double] = [
        0.01, 0.009045084971874737, 0.0065450849718747366, 0.0034549150281252628, 0.0009549150281252632,
    ]

    @Test func cosineMatchesPyTorchsCosineAnnealing() {
        for (index, expected) in Self.torchCosineRates.enumerated() {
            let rate = 0.01 * Double(LearningRateSchedule.cosine.factor(epoch: index + 1, epochs: 5))
            #expect(abs(rate - expected) <= 1e-9, "epoch \(index + 1): \(rate) vs \(expected)")
        }
    }

    @Test func constantKeepsTheConfiguredRate() {
        for epoch in 1...7 { #expect(LearningRateSchedule.constant.factor(epoch: epoch, epochs: 7) == 1) }
    }

    @Test func theFactorScalesBothOptimizersSteps() {
        for configuration in [OptimizerConfiguration.sgd(learningRate: 0.1, momentum: 0), .adam(learningRate: 0.1)] {
            var moved: [Float] = []
            for factor: Float in [1, 0.25] {
                let optimizer = Optimizer(configuration, parameterCount: 1)
                optimizer.learningRateFactor = factor
                var parameter: Float = 1
                var gradient: Float = 2
                optimizer.step(parameters: &parameter, gradients: &gradient)
                moved.append(1 - parameter)
            }
            #expect(moved[0] > 0 && abs(moved[1] - moved[0] * 0.25) <= 1e-6 * moved[0], "\(configuration): \(moved)")
        }
    }
}
