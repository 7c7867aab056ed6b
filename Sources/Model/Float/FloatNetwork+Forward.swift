/// The forward pass: standardize into the padded input, then each block
/// (Conv1d → BatchNorm1d → ReLU → max-pool or global average pool), then the
/// linear layers (ReLU after hidden ones, dropout after the first) to one logit.
extension FloatNetwork {
    /// Runs the network on `batch` windows `[batch, inputChannels, windowLength]`
    /// at `input`. With `standardization`, each value becomes `(x - mean[c]) / std[c]`
    /// on the way in. `training` selects batch statistics for batch norm (and
    /// updates the running statistics) and applies dropout. Logits land in
    /// `workspace.features.last`.
    func forward(
        batch: Int, input: UnsafePointer<Float>, standardization: Standardization? = nil, training: Bool
    ) {
        precondition(batch > 0, "empty batch")
        reserve(batch: batch)
        copyInput(batch: batch, input: input, standardization: standardization)
        for (index, block) in geometry.blocks.enumerated() {
            let shape = ConvolutionKernels.Shape(
                batch: batch, inChannels: block.inChannels, outChannels: block.outChannels, kernel: block.kernel,
                length: block.length, inputRowStride: block.paddedLength,
                inputSampleStride: block.inChannels * block.paddedLength, outputRowStride: block.length,
                outputSampleStride: block.outChannels * block.length)
            let weights = UnsafePointer(parameters + block.convWeight)
            let bias = UnsafePointer(parameters + block.convBias)
            if usesReferenceKernels {
                ConvolutionKernels.forwardReference(
                    shape, input: workspace.paddedInputs[index], weights: weights, bias: bias,
                    output: workspace.convOutputs[index])
            } else {
                ConvolutionKernels.forward(
                    shape, input: workspace.paddedInputs[index], weights: weights, bias: bias,
                    output: workspace.convOutputs[index], scratch: workspace.broadcastWeights[index])
            }
            if training && !freezesNormalization {
                normalizeWithBatchStatistics(block: index, batch: batch)
            } else {
                normalizeWithRunningStatistics(block: index, batch: batch, keepsNormalized: training)
            }
            if block.pooled {
                maxPool(block: index, batch: batch)
            } else {
                averagePool(block: index, batch: batch)
            }
        }
        if training && !freezesNormalization { batchesTracked += 1 }
        forwardLinears(batch: batch, training: training)
        lastTrainingBatch = training ? batch : nil
    }

    /// Copies (and standardizes) the input into the interior of the padded buffer of block 0.
    private func copyInput(batch: Int, input: UnsafePointer<Float>, standardization: Standardization?) {
        let block = geometry.blocks[0]
        let destination = workspace.paddedInputs[0]
        for n in 0..<batch {
            for channel in 0..<block.inChannels {
                let source = input + (n * block.inChannels + channel) * block.length
                let row = destination + (n * block.inChannels + channel) * block.paddedLength + block.padding
                if let standardization {
                    let (mean, std) = (standardization.mean[channel], standardization.std[channel])
                    let clip = standardization.clip ?? .infinity
                    for t in 0..<block.length { row[t] = min(max((source[t] - mean) / std, -clip), clip) }
                } else {
                    row.update(from: source, count: block.length)
                }
            }
        }
    }

    // MARK: - Batch norm and ReLU

    /// Training-mode batch norm over (batch, time) per channel, then ReLU. Uses
    /// the biased variance to normalize and the unbiased one for the running
    /// variance, with PyTorch's update `running = (1 - momentum) · running + momentum · batch`.
    private func normalizeWithBatchStatistics(block index: Int, batch: Int) {
        let block = geometry.blocks[index]
        let length = block.length
        let count = batch * length
        let convOutput = workspace.convOutputs[index]
        let normalized = workspace.normalized[index]
        let activation = workspace.activations[index]
        let momentum = normMomentumOverride ?? Self.normMomentum
        for channel in 0..<block.outChannels {
            // Two passes: the mean, then squared deviations from it. Rows sum in
            // float lanes; the row totals accumulate in double.
            var sum = 0.0
            for n in 0..<batch {
                sum += Double(RowKernels.sum(convOutput + (n * block.outChannels + channel) * length, count: length))
            }
            let meanValue = Float(sum / Double(count))
            var squares = 0.0
            for n in 0..<batch {
                let row = convOutput + (n * block.outChannels + channel) * length
                squares += Double(RowKernels.squaredDeviations(row, count: length, mean: meanValue))
            }
            let variance = squares / Double(count)
            let inverseStd = Float(1 / (variance + Double(Self.normEpsilon)).squareRoot())
            workspace.batchMean[index][channel] = meanValue
            workspace.batchInverseStd[index][channel] = inverseStd

            let gamma = parameters[block.normWeight + channel]
            let beta = parameters[block.normBias + channel]
            for n in 0..<batch {
                let offset = (n * block.outChannels + channel) * length
                RowKernels.normalizeAndRectify(
                    convOutput + offset, count: length, mean: meanValue, inverseStd: inverseStd, gamma: gamma,
                    beta: beta, normalized: normalized + offset, activation: activation + offset)
            }

            let unbiased = count > 1 ? variance * Double(count) / Double(count - 1) : variance
            let runningMean = statistics + block.runningMean + channel
            let runningVariance = statistics + block.runningVariance + channel
            runningMean.pointee = (1 - momentum) * runningMean.pointee + momentum * meanValue
            runningVariance.pointee = (1 - momentum) * runningVariance.pointee + momentum * Float(unbiased)
        }
    }

    /// Batch norm with the running statistics, then ReLU. `keepsNormalized` stores
    /// x̂ and σ⁻¹ for a backward pass (training with frozen statistics).
    private func normalizeWithRunningStatistics(block index: Int, batch: Int, keepsNormalized: Bool) {
        let block = geometry.blocks[index]
        let length = block.length
        let convOutput = workspace.convOutputs[index]
        let activation = workspace.activations[index]
        for channel in 0..<block.outChannels {
            let mean = statistics[block.runningMean + channel]
            let inverseStd = 1 / (statistics[block.runningVariance + channel] + Self.normEpsilon).squareRoot()
            let gamma = parameters[block.normWeight + channel]
            let beta = parameters[block.normBias + channel]
            workspace.batchInverseStd[index][channel] = inverseStd
            let normalized = keepsNormalized ? workspace.normalized[index] : nil
            for n in 0..<batch {
                let offset = (n * block.outChannels + channel) * length
                RowKernels.normalizeAndRectify(
                    convOutput + offset, count: length, mean: mean, inverseStd: inverseStd, gamma: gamma, beta: beta,
                    normalized: normalized.map { $0 + offset }, activation: activation + offset)
            }
        }
    }

    // MARK: - Pooling

    /// Max-pool by 2 (floor: an odd last step is dropped) into the padded input of the next block.
    private func maxPool(block index: Int, batch: Int) {
        let block = geometry.blocks[index]
        let next = geometry.blocks[index + 1]
        let source = workspace.activations[index]
        let destination = workspace.paddedInputs[index + 1]
        for row in 0..<(batch * block.outChannels) {
            let input = source + row * block.length
            let output = destination + row * next.paddedLength + next.padding
            var t = 0
            while t + 4 <= next.length {
                let pairs = loadVector(input + 2 * t)
                let (even, odd) = (pairs.evenHalf, pairs.oddHalf)
                UnsafeMutableRawPointer(output + t).storeBytes(
                    of: even.replacing(with: odd, where: odd .> even), as: SIMD4<Float>.self)
                t += 4
            }
            while t < next.length {
                output[t] = max(input[2 * t], input[2 * t + 1])
                t += 1
            }
        }
    }

    /// Global average pool over time into the first linear layer's input.
    private func averagePool(block index: Int, batch: Int) {
        let block = geometry.blocks[index]
        let source = workspace.activations[index]
        let destination = workspace.features[0]
        let scale = 1 / Float(block.length)
        for row in 0..<(batch * block.outChannels) {
            let input = source + row * block.length
            var sum: Float = 0
            for t in 0..<block.length { sum += input[t] }
            destination[row] = sum * scale
        }
    }

    // MARK: - Linear layers

    /// `y = W x + b` per sample; ReLU after every hidden layer; dropout after the first.
    private func forwardLinears(batch: Int, training: Bool) {
        for (index, linear) in geometry.linears.enumerated() {
            let input = workspace.features[index]
            let output = workspace.features[index + 1]
            let hidden = index < geometry.linears.count - 1
            for n in 0..<batch {
                for unit in 0..<linear.outputs {
                    let weights = parameters + linear.weight + unit * linear.inputs
                    let features = input + n * linear.inputs
                    var sum = parameters[linear.bias + unit]
                    for feature in 0..<linear.inputs { sum += weights[feature] * features[feature] }
                    output[n * linear.outputs + unit] = hidden ? max(sum, 0) : sum
                }
            }
            if index == 0, hidden, training, spec.dropout > 0 {
                applyDropout(batch: batch, units: linear.outputs, values: output)
            }
        }
    }

    /// Inverted dropout: zero each unit with probability p and scale survivors by 1 / (1 - p).
    private func applyDropout(batch: Int, units: Int, values: UnsafeMutablePointer<Float>) {
        let mask = workspace.dropoutMask
        let count = batch * units
        if let fixedDropoutMask {
            precondition(fixedDropoutMask.count == count, "fixed dropout mask needs \(count) values")
            for index in 0..<count { mask[index] = fixedDropoutMask[index] }
        } else {
            let keep = 1 / (1 - spec.dropout)
            for index in 0..<count {
                mask[index] = dropoutGenerator.nextUnitFloat() < spec.dropout ? 0 : keep
            }
        }
        for index in 0..<count { values[index] *= mask[index] }
    }
}
