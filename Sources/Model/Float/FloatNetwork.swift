/// The float32 `fedsense-cnn` network for a spec: parameters, gradients,
/// batch-norm statistics and workspaces, with batched forward and backward passes.
///
/// Not thread-safe: one network per thread. The trainer and `FloatModel` own one.
final class FloatNetwork {
    /// PyTorch's BatchNorm1d defaults.
    static let normEpsilon: Float = 1e-5
    static let normMomentum: Float = 0.1

    let spec: ModelSpec
    let geometry: NetworkGeometry
    /// Trainable parameters in state-dict order (see `NetworkGeometry`).
    let parameters: UnsafeMutablePointer<Float>
    /// Gradients of the last backward pass, same layout as `parameters`.
    let gradients: UnsafeMutablePointer<Float>
    /// Batch-norm running means and variances.
    let statistics: UnsafeMutablePointer<Float>
    /// Training batches seen by the batch norms (PyTorch's `num_batches_tracked`).
    var batchesTracked: Int64 = 0
    /// When set, training passes update the running statistics with this momentum
    /// instead of `normMomentum` (1/k on the k-th batch gives a cumulative average).
    var normMomentumOverride: Float?
    /// Use the plain reference convolution kernels (tests and benchmarks compare both).
    var usesReferenceKernels = false
    /// Training passes use the running statistics in batch norm (and leave them
    /// unchanged) while γ and β still learn: fine-tuning on small local datasets,
    /// and what makes each window's gradient independent of its batch neighbours
    /// (needed for per-example clipping in DP-SGD).
    var freezesNormalization = false
    /// Draws the dropout masks.
    var dropoutGenerator: SplitMix64
    /// When set, training forward passes use these multipliers instead of drawing
    /// a mask: `[batch, hidden[0]]`, each 0 or 1 / (1 - p). For reference vectors.
    var fixedDropoutMask: [Float]?

    private(set) var workspace: NetworkWorkspace
    /// Batch size of the last training-mode forward pass, or nil when the last pass
    /// was in inference mode; backward needs the training pass's buffers.
    var lastTrainingBatch: Int?

    /// A network with PyTorch's default initialization drawn from `seed`:
    /// Conv1d and Linear weights and biases uniform in ±1/sqrt(fan_in) (Kaiming
    /// uniform with a = sqrt(5)), batch-norm weight 1, bias 0, running mean 0, variance 1.
    init(spec: ModelSpec, seed: UInt64, batchCapacity: Int = 64) {
        precondition(spec.validationProblem == nil, "invalid model spec: \(spec.validationProblem ?? "")")
        self.spec = spec
        geometry = NetworkGeometry(spec: spec)
        parameters = .allocate(capacity: geometry.parameterCount)
        parameters.initialize(repeating: 0, count: geometry.parameterCount)
        gradients = .allocate(capacity: geometry.parameterCount)
        gradients.initialize(repeating: 0, count: geometry.parameterCount)
        statistics = .allocate(capacity: geometry.statisticCount)
        statistics.initialize(repeating: 0, count: geometry.statisticCount)
        workspace = NetworkWorkspace(geometry: geometry, capacity: max(batchCapacity, 1))

        var generator = SplitMix64(seed: seed)
        dropoutGenerator = SplitMix64(seed: generator.next())
        for block in geometry.blocks {
            let bound = 1 / Float(block.inChannels * block.kernel).squareRoot()
            for index in 0..<(block.outChannels * block.inChannels * block.kernel) {
                parameters[block.convWeight + index] = generator.nextFloat(symmetricBound: bound)
            }
            for index in 0..<block.outChannels {
                parameters[block.convBias + index] = generator.nextFloat(symmetricBound: bound)
                parameters[block.normWeight + index] = 1
                statistics[block.runningVariance + index] = 1
            }
        }
        for linear in geometry.linears {
            let bound = 1 / Float(linear.inputs).squareRoot()
            for index in 0..<(linear.outputs * linear.inputs) {
                parameters[linear.weight + index] = generator.nextFloat(symmetricBound: bound)
            }
            for index in 0..<linear.outputs {
                parameters[linear.bias + index] = generator.nextFloat(symmetricBound: bound)
            }
        }
    }

    /// A network holding `modelParameters` (already validated against their spec).
    convenience init(parameters modelParameters: ModelParameters, batchCapacity: Int = 64) {
        self.init(spec: modelParameters.spec, seed: 0, batchCapacity: batchCapacity)
        load(modelParameters)
    }

    deinit {
        parameters.deallocate()
        gradients.deallocate()
        statistics.deallocate()
    }

    /// Grows the workspace when a batch larger than its capacity arrives.
    func reserve(batch: Int) {
        if batch > workspace.capacity { workspace = NetworkWorkspace(geometry: geometry, capacity: batch) }
    }

    // MARK: - Parameter exchange

    /// Copies parameters and running statistics in from `modelParameters`.
    func load(_ modelParameters: ModelParameters) {
        precondition(modelParameters.spec == spec, "parameters belong to a different spec")
        for slot in geometry.parameterSlots {
            let values = modelParameters[slot.name].values
            for index in 0..<slot.count { parameters[slot.offset + index] = values[index] }
        }
        for slot in geometry.statisticSlots {
            let values = modelParameters[slot.name].values
            for index in 0..<slot.count { statistics[slot.offset + index] = values[index] }
        }
    }

    /// The current parameters and statistics by PyTorch name.
    func exportTensors() -> [String: Tensor] {
        var tensors: [String: Tensor] = [:]
        for slot in geometry.parameterSlots {
            tensors[slot.name] = Tensor(
                shape: slot.shape,
                values: Array(UnsafeBufferPointer(start: parameters + slot.offset, count: slot.count)))
        }
        for slot in geometry.statisticSlots {
            tensors[slot.name] = Tensor(
                shape: slot.shape,
                values: Array(UnsafeBufferPointer(start: statistics + slot.offset, count: slot.count)))
        }
        return tensors
    }

    /// The current state as validated model parameters.
    func exportParameters(standardization: Standardization) -> ModelParameters {
        // The names and shapes come from the same spec the validator checks against.
        try! ModelParameters(spec: spec, tensors: exportTensors(), standardization: standardization)
    }

    /// The gradients of the last backward pass by parameter name.
    func exportGradients() -> [String: Tensor] {
        var tensors: [String: Tensor] = [:]
        for slot in geometry.parameterSlots {
            tensors[slot.name] = Tensor(
                shape: slot.shape, values: Array(UnsafeBufferPointer(start: gradients + slot.offset, count: slot.count))
            )
        }
        return tensors
    }
}
