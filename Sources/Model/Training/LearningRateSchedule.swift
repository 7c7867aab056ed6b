#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How the optimizer's learning rate changes from epoch to epoch.
public enum LearningRateSchedule: String, Sendable, Equatable, Codable, CaseIterable {
    /// The configured rate throughout (federated rounds: a few local epochs each).
    case constant
    /// Cosine annealing from the configured rate towards zero over the configured number
    /// of epochs, stepped once per epoch: PyTorch's `CosineAnnealingLR(T_max: epochs,
    /// eta_min: 0)`. Late epochs take small steps, so the kept epoch is a settled model
    /// rather than one caught mid-oscillation.
    case cosine

    /// The factor applied to the configured rate during `epoch` (1-based) of `epochs`.
    public func factor(epoch: Int, epochs: Int) -> Float {
        switch self {
        case .constant:
            return 1
        case .cosine:
            guard epochs > 1 else { return 1 }
            let progress = Double(min(max(epoch - 1, 0), epochs)) / Double(epochs)
            return Float((1 + cos(Double.pi * progress)) / 2)
        }
    }
}
