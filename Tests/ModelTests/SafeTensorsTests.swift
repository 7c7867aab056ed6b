import Foundation
import Testing

@testable import Model
@testable import TestSupport

@Suite struct SafeTensorsTests {
    @Test func parametersRoundTripWithSpecAndStandardization() throws {
        let parameters = FloatFixtures.rampParameters(FloatFixtures.tinySpec)
        let bytes = parameters.safeTensors(batchesTracked: 42).encoded()
        #expect(bytes.count % 4 == 0)
        let file = try SafeTensorsFile(decoding: bytes, path: "memory")
        #expect(file.integerTensors["bn2.num_batches_tracked"]?.values == [42])
        let loaded = try ModelParameters(safeTensors: file, path: "memory")
        #expect(loaded == parameters)
    }

    @Test func extraMetadataIsKeptButCannotReplaceReservedKeys() throws {
        let parameters = FloatFixtures.rampParameters(FloatFixtures.tinySpec)
        let file = parameters.safeTensors(extraMetadata: ["threshold": "0.7", "model_spec": "bogus"])
        #expect(file.metadata["threshold"] == "0.7")
        let decoded = try SafeTensorsFile(decoding: file.encoded(), path: "memory")
        #expect(try ModelParameters(safeTensors: decoded, path: "memory") == parameters)
    }

    @Test func headerLengthIsPaddedToEightBytes() throws {
        let bytes = FloatFixtures.rampParameters(FloatFixtures.tinySpec).safeTensors().encoded()
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
        #expect(bytes[8] == UInt8(ascii: "{"))
    }

    @Test func fileWithoutSpecNeedsOne() throws {
        var file = FloatFixtures.rampParameters(FloatFixtures.tinySpec).safeTensors()
        file.metadata = [:]
        #expect(throws: WeightFileError.self) { try ModelParameters(safeTensors: file, path: "plain") }
        let standardization = Standardization(mean: [0, 0, 0], std: [1, 1, 1])
        let loaded = try ModelParameters(
            safeTensors: file, path: "plain", spec: FloatFixtures.tinySpec, standardization: standardization)
        #expect(loaded.tensors == FloatFixtures.rampParameters(FloatFixtures.tinySpec).tensors)
    }

    @Test func wrongShapeNamesTheParameter() throws {
        var file = FloatFixtures.rampParameters(FloatFixtures.tinySpec).safeTensors()
        file.floatTensors["fc1.weight"] = Tensor(zeros: [6, 4])
        #expect(
            throws: WeightFileError.invalidParameters(
                path: "f", cause: .shapeMismatch(name: "fc1.weight", expected: [6, 5], found: [6, 4]))
        ) {
            try ModelParameters(safeTensors: file, path: "f")
        }
    }

    @Test func unexpectedIntegerTensorIsRejected() throws {
        var file = FloatFixtures.rampParameters(FloatFixtures.tinySpec).safeTensors()
        file.integerTensors["fc1.step"] = .init(shape: [], values: [1])
        #expect(throws: WeightFileError.unsupportedDataType(path: "f", tensor: "fc1.step", dataType: "I64")) {
            try ModelParameters(safeTensors: file, path: "f")
        }
    }

    /// Builds a file from a literal header and a data section of `dataBytes` zero bytes.
    private func handMade(_ header: String, dataBytes: Int) -> [UInt8] {
        let json = Array(header.utf8)
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) }
        bytes += json
        bytes += [UInt8](repeating: 0, count: dataBytes)
        return bytes
    }

    @Test(arguments: [
        (
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
            12
        ),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 12),
        (#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, 8),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}"#, 8),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, 8),
        (#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, 8),
        (#"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, 8),
        (#"{"a":{"dtype":"F32","shape":[2]}}"#, 8),
        (#"[1, 2]"#, 0),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#, 8),
    ])
    func malformedHeadersAreRejected(header: String, dataBytes: Int) {
        #expect(throws: WeightFileError.self) {
            try SafeTensorsFile(decoding: handMade(header, dataBytes: dataBytes), path: "bad")
        }
    }

    @Test func unsupportedDtypeIsNamed() {
        let bytes = handMade(#"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, dataBytes: 4)
        #expect(throws: WeightFileError.unsupportedDataType(path: "bad", tensor: "a", dataType: "F16")) {
            try SafeTensorsFile(decoding: bytes, path: "bad")
        }
    }

    @Test func oversizedHeaderLengthIsRejectedBeforeReading() {
        var bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0x7F]
        bytes += Array("{}".utf8)
        #expect(throws: WeightFileError.self) { try SafeTensorsFile(decoding: bytes, path: "huge") }
        #expect(throws: WeightFileError.self) { try SafeTensorsFile(decoding: [1, 2, 3], path: "short") }
    }

    @Test func everyTruncationOfAValidFileIsRejected() {
        let bytes = FloatFixtures.rampParameters(FloatFixtures.tinySpec).safeTensors().encoded()
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: WeightFileError.self) {
                try SafeTensorsFile(decoding: Array(bytes[0..<length]), path: "cut")
            }
        }
    }

    @Test func fileAccessErrorsNameThePath() {
        #expect(throws: WeightFileError.self) { try SafeTensorsFile(contentsOf: "/nonexistent/model.safetensors") }
    }
}

@Suite struct WeightFileInteropTests {
    let script = TestEnvironment.packageRoot.appendingPathComponent("scripts/reference/safetensors_interop.py").path

    private func python(_ arguments: [String]) throws -> String {
        let result = try runPython([script] + arguments)
        #expect(result.status == 0, "python failed: \(result.standardError)")
        return result.standardOutput
    }

    @Test func safetensorsWrittenByThePythonPackageLoad() throws {
        let directory = try TestEnvironment.temporaryDirectory("safetensors")
        let path = directory.appendingPathComponent("py.safetensors").path
        _ = try python(["write-safetensors", path])
        let file = try SafeTensorsFile(contentsOf: path)
        let ramp: (Int) -> [Float] = { count in (0..<count).map { Float($0) * 0.25 - 3 } }
        #expect(file.floatTensors["conv1.weight"] == Tensor(shape: [2, 3, 3], values: ramp(18)))
        #expect(file.floatTensors["conv1.bias"] == Tensor(shape: [2], values: ramp(2)))
        #expect(file.floatTensors["bn1.running_var"]?.values == ramp(2).map { $0 * $0 })
        #expect(file.integerTensors["bn1.num_batches_tracked"] == .init(shape: [], values: [7]))
        #expect(file.metadata["note"] == "written by \"safetensors\" \u{e9}")
    }

    @Test func safetensorsWrittenHereLoadInThePythonPackage() throws {
        let directory = try TestEnvironment.temporaryDirectory("safetensors")
        let path = directory.appendingPathComponent("swift.safetensors").path
        let parameters = FloatFixtures.rampParameters(FloatFixtures.tinySpec)
        try parameters.writeSafeTensors(to: path, batchesTracked: 9)
        let output = try python(["read-safetensors", path])
        let report = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        let tensors = report["tensors"] as! [String: [String: Any]]
        #expect(tensors.count == FloatFixtures.tinySpec.parameterShapes.count + 2)
        for (name, shape) in FloatFixtures.tinySpec.parameterShapes {
            #expect(tensors[name]?["dtype"] as? String == "float32")
            #expect(tensors[name]?["shape"] as? [Int] == shape)
            #expect((tensors[name]?["values"] as? [Double])?.map { Float($0) } == parameters[name].values)
        }
        #expect(tensors["bn1.num_batches_tracked"]?["dtype"] as? String == "int64")
        #expect(tensors["bn1.num_batches_tracked"]?["values"] as? [Double] == [9])
        let metadata = report["metadata"] as! [String: String]
        let spec = try JSONDecoder().decode(ModelSpec.self, from: Data(metadata["model_spec"]!.utf8))
        #expect(spec == FloatFixtures.tinySpec)
    }

    @Test func npyWrittenByNumPyLoads() throws {
        let directory = try TestEnvironment.temporaryDirectory("npy")
        let path = directory.appendingPathComponent("a.npy").path
        _ = try python(["write-npy", path])
        let tensor = try NumPyArray.read(path: path)
        #expect(tensor == Tensor(shape: [2, 3, 4], values: (0..<24).map { Float($0) * 0.5 - 1 }))
    }

    @Test func npyWrittenHereLoadsInNumPy() throws {
        let directory = try TestEnvironment.temporaryDirectory("npy")
        for shape in [[2, 3, 4], [5], []] {
            let path = directory.appendingPathComponent("s\(shape.count).npy").path
            let count = shape.reduce(1, *)
            let tensor = Tensor(shape: shape, values: (0..<count).map { Float($0) * -1.75 + 0.1 })
            try NumPyArray.write(tensor, to: path)
            let report =
                try JSONSerialization.jsonObject(with: Data(try python(["read-npy", path]).utf8)) as! [String: Any]
            #expect(report["dtype"] as? String == "float32")
            #expect(report["shape"] as? [Int] == shape)
            #expect((report["values"] as? [Double])?.map { Float($0) } == tensor.values)
        }
    }
}
