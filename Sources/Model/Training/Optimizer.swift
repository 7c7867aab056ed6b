#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which optimizer updates the parameters, with PyTorch's semantics and defaults.
public enum OptimizerConfiguration: Sendable, Equatable, Codable {
    /// Adam (Kingma and Ba) with bias correction; `weightDecay` is PyTorch Adam's
    /// L2 term added to the gradient (not AdamW's decoupled decay).
    case adam(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0)
    /// Stochastic gradient descent with heavy-ball momentum (dampening 0, no
    /// Nesterov) and L2 weight decay added to the gradient.
    case sgd(learningRate: Float = 0.01, momentum: Float = 0.9, weightDecay: Float = 0)

    /// PyTorch's `torch.optim.Adam` defaults.
    public static let defaultAdam = OptimizerConfiguration.adam()

    /// Why the settings cannot train, or nil when they can.
    public var validationProblem: String? {
        switch self {
        case .adam(let learningRate, let beta1, let beta2, let epsilon, let weightDecay):
            guard learningRate > 0, learningRate.isFinite else { return "learning rate must be positive" }
            guard (0..<1).contains(beta1), (0..<1).contains(beta2) else { return "betas must be in [0, 1)" }
            guard epsilon > 0, weightDecay >= 0 else { return "epsilon must be positive, weight decay non-negative" }
        case .sgd(let learningRate, let momentum, let weightDecay):
            guard learningRate > 0, learningRate.isFinite else { return "learning rate must be positive" }
            guard momentum >= 0, momentum < 1, weightDecay >= 0 else {
                return "momentum must be in [0, 1), weight decay non-negative"
            }
        }
        return nil
    }
}

/// The optimizer's per-parameter state over one flat parameter vector.
final class Optimizer {
    let configuration: OptimizerConfiguration
    let count: Int
    /// Adam's first moment, or SGD's momentum buffer.
    private var first: [Float]
    /// Adam's second moment.
    private var second: [Float]
    /// Steps taken so far.
    private(set) var steps = 0
    /// Multiplies the configured learning rate (set by the trainer's schedule each epoch).
    var learningRateFactor: Float = 1

    init(_ configuration: OptimizerConfiguration, parameterCount: Int) {
        self.configuration = configuration
        count = parameterCount
        first = [Float](repeating: 0, count: parameterCount)
        second = [Float](repeating: 0, count: parameterCount)
    }

    /// Applies one update to `parameters` from `gradients` (both `count` long).
    func step(parameters: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>) {
        steps += 1
        switch configuration {
        case .adam(let learningRate, let beta1, let beta2, let epsilon, let weightDecay):
            // Bias corrections in double, as PyTorch computes them in Python floats.
            let correction1 = 1 - pow(Double(beta1), Double(steps))
            let correction2Root = Float((1 - pow(Double(beta2), Double(steps))).squareRoot())
            let stepSize = Float(Double(learningRate * learningRateFactor) / correction1)
            first.withUnsafeMutableBufferPointer { moment in
                second.withUnsafeMutableBufferPointer { squared in
                    for index in 0..<count {
                        var gradient = gradients[index]
                        if weightDecay != 0 { gradient += weightDecay * parameters[index] }
                        moment[index] += (1 - beta1) * (gradient - moment[index])
                        squared[index] = beta2 * squared[index] + (1 - beta2) * gradient * gradient
                        let denominator = squared[index].squareRoot() / correction2Root + epsilon
                        parameters[index] -= stepSize * (moment[index] / denominator)
                    }
                }
            }
        case .sgd(let baseLearningRate, let momentum, let weightDecay):
            let learningRate = baseLearningRate * learningRateFactor
            let firstStep = steps == 1
            first.withUnsafeMutableBufferPointer { buffer in
                for index in 0..<count {
                    var gradient = gradients[index]
                    if weightDecay != 0 { gradient += weightDecay * parameters[index] }
                    if momentum != 0 {
                        // PyTorch starts the buffer at the first gradient, then decays it.
                        buffer[index] = firstStep ? gradient : momentum * buffer[index] + gradient
                        gradient = buffer[index]
                    }
                    parameters[index] -= learningRate * gradient
                }
            }
        }
    }
}
