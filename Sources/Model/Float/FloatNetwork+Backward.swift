/// The backward pass: gradients of a scalar loss with respect to every
/// parameter, given the loss gradient with respect to the logits of the last
/// training forward pass (whose activations are still in the workspace).
extension FloatNetwork {
    /// Overwrites `gradients` with d(loss)/d(parameters). `gradLogits` holds
    /// d(loss)/d(logit) for each of the `batch` windows of the last forward pass,
    /// which must have run in training mode with the same batch.
    func backward(batch: Int, gradLogits: UnsafePointer<Float>) {
        precondition(lastTrainingBatch == batch, "backward needs a training forward pass of the same batch")
        gradients.update(repeating: 0, count: geometry.parameterCount)
        let logitGradient = workspace.gradFeatures[geometry.linears.count]
        logitGradient.update(from: gradLogits, count: batch)
        backwardLinears(batch: batch)

        let last = geometry.blocks.count - 1
        spreadAveragePoolGradient(block: last, batch: batch)
        for index in stride(from: last, through: 0, by: -1) {
            if geometry.blocks[index].pooled { routeMaxPoolGradient(block: index, batch: batch) }
            normalizationBackward(block: index, batch: batch)
            convolutionBackward(block: index, batch: batch)
        }
    }

    // MARK: - Linear layers

    /// Through the linear layers from the logit back to the global-average-pool output.
    private func backwardLinears(batch: Int) {
        for index in stride(from: geometry.linears.count - 1, through: 0, by: -1) {
            let linear = geometry.linears[index]
            let input = workspace.features[index]
            let output = workspace.features[index + 1]
            let gradOutput = workspace.gradFeatures[index + 1]
            let gradInput = workspace.gradFeatures[index]

            // Hidden outputs went through ReLU (and dropout for the first); the stored
            // output is positive exactly where both let the gradient through.
            if index < geometry.linears.count - 1 {
                let dropout = index == 0 && spec.dropout > 0
                for element in 0..<(batch * linear.outputs) {
                    var gradient = output[element] > 0 ? gradOutput[element] : 0
                    if dropout { gradient *= workspace.dropoutMask[element] }
                    gradOutput[element] = gradient
                }
            }

            let gradWeight = gradients + linear.weight
            let gradBias = gradients + linear.bias
            for n in 0..<batch {
                let features = input + n * linear.inputs
                for unit in 0..<linear.outputs {
                    let gradient = gradOutput[n * linear.outputs + unit]
                    gradBias[unit] += gradient
                    let row = gradWeight + unit * linear.inputs
                    for feature in 0..<linear.inputs { row[feature] += gradient * features[feature] }
                }
            }
            for n in 0..<batch {
                let destination = gradInput + n * linear.inputs
                destination.update(repeating: 0, count: linear.inputs)
                for unit in 0..<linear.outputs {
                    let gradient = gradOutput[n * linear.outputs + unit]
                    let weights = parameters + linear.weight + unit * linear.inputs
                    for feature in 0..<linear.inputs { destination[feature] += gradient * weights[feature] }
                }
            }
        }
    }

    // MARK: - Pooling

    /// Global average pool: each time step receives 1/length of its channel's
    /// gradient, and ReLU passes it only where the activation is positive.
    private func spreadAveragePoolGradient(block index: Int, batch: Int) {
        let block = geometry.blocks[index]
        let gradPooled = workspace.gradFeatures[0]
        let activation = workspace.activations[index]
        let destination = workspace.gradActivations[index]
        let scale = 1 / Float(block.length)
        for row in 0..<(batch * block.outChannels) {
            let value = gradPooled[row] * scale
            let input = activation + row * block.length
            let output = destination + row * block.length
            for t in 0..<block.length { output[t] = input[t] > 0 ? value : 0 }
        }
    }

    /// Max-pool by 2: the gradient goes to the larger input of each pair (the first
    /// one on ties, as PyTorch does); a dropped odd last step gets zero. ReLU then
    /// passes it only where that activation is positive.
    private func routeMaxPoolGradient(block index: Int, batch: Int) {
        let block = geometry.blocks[index]
        let pooledLength = geometry.blocks[index + 1].length
        let activation = workspace.activations[index]
        let gradPooled = workspace.gradInputs[index + 1]
        let destination = workspace.gradActivations[index]
        for row in 0..<(batch * block.outChannels) {
            let input = activation + row * block.length
            let output = destination + row * block.length
            let gradient = gradPooled + row * pooledLength
            var t = 0
            // Four pairs at a time: split into even and odd steps, route, interleave back.
            while t + 4 <= pooledLength {
                let pairs = loadVector(input + 2 * t)
                let (even, odd) = (pairs.evenHalf, pairs.oddHalf)
                let values = loadVector4(gradient + t)
                let firstWins = even .>= odd
                let zero = SIMD4<Float>()
                let toEven = values.replacing(with: 0, where: .!firstWins .| (even .<= zero))
                let toOdd = values.replacing(with: 0, where: firstWins .| (odd .<= zero))
                storeVector(
                    SIMD8(toEven[0], toOdd[0], toEven[1], toOdd[1], toEven[2], toOdd[2], toEven[3], toOdd[3]),
                    output + 2 * t)
                t += 4
            }
            while t < pooledLength {
                let firstWins = input[2 * t] >= input[2 * t + 1]
                output[2 * t] = firstWins && input[2 * t] > 0 ? gradient[t] : 0
                output[2 * t + 1] = !firstWins && input[2 * t + 1] > 0 ? gradient[t] : 0
                t += 1
            }
            for t in (2 * pooledLength)..<block.length { output[t] = 0 }
        }
    }

    // MARK: - Batch norm and ReLU

    /// Batch norm backward into the padded convolution-output gradient (the pooling
    /// backward already applied the ReLU mask). With batch statistics:
    /// `dx = γ·σ⁻¹/M · (M·dy − Σdy − x̂·Σ(dy·x̂))`, M = batch × length; with frozen
    /// statistics `dx = γ·σ⁻¹·dy`. Both: `dγ = Σ(dy·x̂)`, `dβ = Σdy`.
    private func normalizationBackward(block index: Int, batch: Int) {
        let block = geometry.blocks[index]
        let length = block.length
        let count = Float(batch * length)
        let normalized = workspace.normalized[index]
        let gradActivation = workspace.gradActivations[index]
        let destination = workspace.gradConvPadded[index]
        for channel in 0..<block.outChannels {
            var sumGradient: Float = 0
            var sumProduct: Float = 0
            for n in 0..<batch {
                let offset = (n * block.outChannels + channel) * length
                let (rowGradient, rowProduct) = RowKernels.gradientSums(
                    gradActivation: gradActivation + offset,
                    normalized: normalized + offset, count: length)
                sumGradient += rowGradient
                sumProduct += rowProduct
            }
            gradients[block.normWeight + channel] += sumProduct
            gradients[block.normBias + channel] += sumGradient

            // With frozen statistics the normalization is affine per channel, so the
            // batch terms vanish: dy = γ·σ⁻¹·g (the same kernel with M = 1 and no sums).
            let frozen = freezesNormalization
            let gammaInverseStd = parameters[block.normWeight + channel] * workspace.batchInverseStd[index][channel]
            for n in 0..<batch {
                let offset = (n * block.outChannels + channel) * length
                RowKernels.normalizationInputGradient(
                    gradActivation: gradActivation + offset, normalized: normalized + offset, count: length,
                    scale: frozen ? gammaInverseStd : gammaInverseStd / count, elements: frozen ? 1 : count,
                    sumGradient: frozen ? 0 : sumGradient, sumProduct: frozen ? 0 : sumProduct,
                    destination: destination + (n * block.outChannels + channel) * block.paddedLength + block.padding)
            }
        }
    }

    // MARK: - Convolution

    /// Weight and bias gradients of a block's convolution, and (except for the
    /// first block, whose input is data) the gradient with respect to its input.
    private func convolutionBackward(block index: Int, batch: Int) {
        let block = geometry.blocks[index]
        let gradOutput = UnsafePointer(workspace.gradConvPadded[index] + block.padding)
        let shape = ConvolutionKernels.Shape(
            batch: batch, inChannels: block.inChannels, outChannels: block.outChannels, kernel: block.kernel,
            length: block.length, inputRowStride: block.paddedLength,
            inputSampleStride: block.inChannels * block.paddedLength, outputRowStride: block.paddedLength,
            outputSampleStride: block.outChannels * block.paddedLength)
        if usesReferenceKernels {
            ConvolutionKernels.weightGradientReference(
                shape, input: workspace.paddedInputs[index], gradOutput: gradOutput,
                gradWeights: gradients + block.convWeight, gradBias: gradients + block.convBias)
        } else {
            ConvolutionKernels.weightGradient(
                shape, input: workspace.paddedInputs[index], gradOutput: gradOutput,
                gradWeights: gradients + block.convWeight, gradBias: gradients + block.convBias)
        }
        guard index > 0 else { return }

        let flipped = workspace.flippedWeights[index]
        ConvolutionKernels.transposeAndFlip(
            weights: parameters + block.convWeight, outChannels: block.outChannels, inChannels: block.inChannels,
            kernel: block.kernel, into: flipped)
        let transposed = ConvolutionKernels.Shape(
            batch: batch, inChannels: block.outChannels, outChannels: block.inChannels, kernel: block.kernel,
            length: block.length, inputRowStride: block.paddedLength,
            inputSampleStride: block.outChannels * block.paddedLength, outputRowStride: block.length,
            outputSampleStride: block.inChannels * block.length)
        if usesReferenceKernels {
            ConvolutionKernels.forwardReference(
                transposed, input: workspace.gradConvPadded[index], weights: flipped, bias: nil,
                output: workspace.gradInputs[index])
        } else {
            ConvolutionKernels.forward(
                transposed, input: workspace.gradConvPadded[index], weights: flipped, bias: nil,
                output: workspace.gradInputs[index], scratch: workspace.broadcastWeights[index])
        }
    }
}
