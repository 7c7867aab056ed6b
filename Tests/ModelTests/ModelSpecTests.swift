import Testing

@testable import Model

@Suite struct ModelSpecTests {
    @Test func defaultSpecHasTheDesignedSize() {
        let spec = ModelSpec.fedsenseV1
        #expect(spec.convInputLengths == [250, 125, 62])
        // conv 112,000 + 320,000 + 380,928; linear 2,048 + 512 + 16.
        #expect(spec.multiplyAddsPerWindow == 815_504)
        #expect(spec.parameterShapes.first?.name == "conv1.weight")
        #expect(spec.parameterShapes.last?.name == "out.bias")
    }

    @Test func parametersRejectAWrongShape() throws {
        let spec = ModelSpec.fedsenseV1
        var tensors: [String: Tensor] = [:]
        for (name, shape) in spec.parameterShapes { tensors[name] = Tensor(zeros: shape) }
        let standardization = Standardization(mean: [0, 0, 0, 0], std: [1, 1, 1, 1])
        _ = try ModelParameters(spec: spec, tensors: tensors, standardization: standardization)

        tensors["fc1.weight"] = Tensor(zeros: [32, 63])
        #expect(throws: ModelError.shapeMismatch(name: "fc1.weight", expected: [32, 64], found: [32, 63])) {
            try ModelParameters(spec: spec, tensors: tensors, standardization: standardization)
        }
    }
}
