import Testing

@testable import Model

@Suite struct NumPyArrayTests {
    @Test func roundTripKeepsShapeAndValues() throws {
        let tensor = Tensor(shape: [3, 2], values: [1, -2, 3.5, .infinity, 0, -0.125])
        let bytes = NumPyArray.encode(tensor)
        #expect(Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(try NumPyArray.decode(bytes, name: "a") == tensor)
    }

    /// A `.npy` file with the given header text and `dataBytes` zero bytes.
    private func npy(_ header: String, dataBytes: Int, major: UInt8 = 1) -> [UInt8] {
        let text = Array(header.utf8)
        var bytes = [0x93] + Array("NUMPY".utf8) + [major, 0]
        if major == 1 {
            bytes += [UInt8(text.count & 0xFF), UInt8(text.count >> 8)]
        } else {
            bytes += (0..<4).map { UInt8(truncatingIfNeeded: text.count >> (8 * $0)) }
        }
        return bytes + text + [UInt8](repeating: 0, count: dataBytes)
    }

    @Test func versionTwoHeadersAndDoubleQuotesParse() throws {
        let bytes = npy("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2, 2)}\n", dataBytes: 16, major: 2)
        #expect(try NumPyArray.decode(bytes, name: "v2").shape == [2, 2])
    }

    @Test(arguments: [
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16),
        ("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8),
        ("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 8),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 8),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", 8),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 8), }", 8),
        ("{'descr': '<f4', 'fortran_order': False, }", 8),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", 8),
        ("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", 8),
        ("{'descr': '<f4, 'fortran_order': False, 'shape': (2,), }", 8),
    ])
    func malformedArraysAreRejected(header: String, dataBytes: Int) {
        #expect(throws: WeightFileError.self) { try NumPyArray.decode(npy(header, dataBytes: dataBytes), name: "bad") }
    }

    @Test func unknownVersionAndBadMagicAreRejected() {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
        #expect(throws: WeightFileError.self) { try NumPyArray.decode(npy(header, dataBytes: 8, major: 9), name: "v9") }
        #expect(throws: WeightFileError.self) { try NumPyArray.decode(Array("NOTNUMPY00".utf8), name: "magic") }
        let truncated = Array(npy(header, dataBytes: 8).prefix(12))
        #expect(throws: WeightFileError.self) { try NumPyArray.decode(truncated, name: "cut") }
    }
}
