/// Vectorized loops over one contiguous row of a channel (the time axis of one
/// sample): the batch-norm and ReLU arithmetic. Each processes 8 lanes at a time
/// with a scalar loop for the last `count % 8` values; sums accumulate per lane,
/// so they round differently from a sequential sum (within float rounding).
enum RowKernels {
    /// Σ row[t].
    @inline(__always)
    static func sum(_ row: UnsafePointer<Float>, count: Int) -> Float {
        var accumulator = SIMD8<Float>()
        var t = 0
        while t + 8 <= count {
            accumulator += loadVector(row + t)
            t += 8
        }
        var total = accumulator.sum()
        while t < count {
            total += row[t]
            t += 1
        }
        return total
    }

    /// Σ (row[t] − mean)².
    @inline(__always)
    static func squaredDeviations(_ row: UnsafePointer<Float>, count: Int, mean: Float) -> Float {
        var accumulator = SIMD8<Float>()
        let center = SIMD8<Float>(repeating: mean)
        var t = 0
        while t + 8 <= count {
            let deviation = loadVector(row + t) - center
            accumulator = multiplyAdd(accumulator, deviation, deviation)
            t += 8
        }
        var total = accumulator.sum()
        while t < count {
            total += (row[t] - mean) * (row[t] - mean)
            t += 1
        }
        return total
    }

    /// x̂ = (y − mean) · inverseStd into `normalized`; max(γ·x̂ + β, 0) into `activation`.
    @inline(__always)
    static func normalizeAndRectify(
        _ row: UnsafePointer<Float>, count: Int, mean: Float, inverseStd: Float, gamma: Float, beta: Float,
        normalized: UnsafeMutablePointer<Float>?, activation: UnsafeMutablePointer<Float>
    ) {
        let (meanVector, scaleVector) = (SIMD8<Float>(repeating: mean), SIMD8<Float>(repeating: inverseStd))
        let (gammaVector, betaVector) = (SIMD8<Float>(repeating: gamma), SIMD8<Float>(repeating: beta))
        var t = 0
        while t + 8 <= count {
            let xHat = (loadVector(row + t) - meanVector) * scaleVector
            if let normalized { storeVector(xHat, normalized + t) }
            let affine = gammaVector * xHat + betaVector
            storeVector(affine.replacing(with: 0, where: affine .< 0), activation + t)
            t += 8
        }
        while t < count {
            let xHat = (row[t] - mean) * inverseStd
            normalized?[t] = xHat
            activation[t] = max(gamma * xHat + beta, 0)
            t += 1
        }
    }

    /// The gradient sums of batch-norm backward: (Σ g, Σ g·x̂), g the gradient
    /// with respect to the batch-norm output (ReLU mask already applied).
    @inline(__always)
    static func gradientSums(
        gradActivation: UnsafePointer<Float>, normalized: UnsafePointer<Float>, count: Int
    ) -> (Float, Float) {
        var sumGradient = SIMD8<Float>()
        var sumProduct = SIMD8<Float>()
        var t = 0
        while t + 8 <= count {
            let gradient = loadVector(gradActivation + t)
            sumGradient += gradient
            sumProduct = multiplyAdd(sumProduct, gradient, loadVector(normalized + t))
            t += 8
        }
        var (totalGradient, totalProduct) = (sumGradient.sum(), sumProduct.sum())
        while t < count {
            let gradient = gradActivation[t]
            totalGradient += gradient
            totalProduct += gradient * normalized[t]
            t += 1
        }
        return (totalGradient, totalProduct)
    }

    /// dy = scale · (M·g − Σg − x̂·Σ(g·x̂)) into `destination`.
    @inline(__always)
    static func normalizationInputGradient(
        gradActivation: UnsafePointer<Float>, normalized: UnsafePointer<Float>,
        count: Int, scale: Float, elements: Float, sumGradient: Float, sumProduct: Float,
        destination: UnsafeMutablePointer<Float>
    ) {
        let scaleVector = SIMD8<Float>(repeating: scale)
        let elementsVector = SIMD8<Float>(repeating: elements)
        let sumVector = SIMD8<Float>(repeating: sumGradient)
        let productVector = SIMD8<Float>(repeating: sumProduct)
        var t = 0
        while t + 8 <= count {
            let gradient = loadVector(gradActivation + t)
            let value =
                scaleVector * (elementsVector * gradient - sumVector - loadVector(normalized + t) * productVector)
            storeVector(value, destination + t)
            t += 8
        }
        while t < count {
            let gradient = gradActivation[t]
            destination[t] = scale * (elements * gradient - sumGradient - normalized[t] * sumProduct)
            t += 1
        }
    }
}

/// `accumulator + a · b` lane by lane (see the scalar-broadcast version).
@inline(__always)
func multiplyAdd(_ accumulator: SIMD8<Float>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    #if arch(arm64)
    accumulator.addingProduct(a, b)
    #else
    accumulator + a * b
    #endif
}
