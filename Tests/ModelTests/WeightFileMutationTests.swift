import Testing

@testable import Model

/// Fault injection: random byte corruptions and truncations of valid files must
/// either decode (when the damage is inside tensor data) or throw, never trap.
@Suite struct WeightFileMutationTests {
    private func mutations(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var copy = bytes
            // Most damage goes to the header region, where the parser works.
            let headerLimit = min(copy.count, 600)
            for _ in 0..<(1 + generator.nextIndex(below: 4)) {
                let position = generator.nextIndex(below: generator.nextIndex(below: 4) == 0 ? copy.count : headerLimit)
                copy[position] = UInt8(truncatingIfNeeded: generator.next())
            }
            if generator.nextIndex(below: 5) == 0 { copy.removeLast(generator.nextIndex(below: copy.count)) }
            return copy
        }
    }

    @Test func corruptedSafetensorsNeverTrap() {
        let valid = FloatFixtures.rampParameters(FloatFixtures.tinySpec).safeTensors(batchesTracked: 3).encoded()
        var decoded = 0
        for bytes in mutations(of: valid, count: 3000, seed: 1) {
            guard let file = try? SafeTensorsFile(decoding: bytes, path: "fuzz") else { continue }
            decoded += 1
            // Whatever decoded must also pass or fail model validation cleanly.
            _ = try? ModelParameters(safeTensors: file, path: "fuzz")
        }
        #expect(decoded < 3000)
    }

    @Test func corruptedNpyNeverTraps() {
        let valid = NumPyArray.encode(Tensor(shape: [3, 5], values: (0..<15).map(Float.init)))
        for bytes in mutations(of: valid, count: 3000, seed: 2) {
            _ = try? NumPyArray.decode(bytes, name: "fuzz")
        }
    }
}
