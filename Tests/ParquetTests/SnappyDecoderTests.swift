import Testing

@testable import Parquet

/// `SnappyDecoder` against libsnappy: streams libsnappy compressed decode to the original
/// bytes, and damaged streams are accepted or refused exactly as libsnappy's decoder does
/// (with the same bytes when accepted), never read or written out of bounds.
@Suite struct SnappyDecoderTests {
    /// A deterministic byte generator (the tests must not depend on the run).
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
    }

    /// Inputs that reach every element kind and copy path: incompressible bytes (long
    /// literals), short repeats at offsets 1...20 (overlapping copies), 8-byte little-endian
    /// counters like Parquet timestamps (offset-8 copies), long zero runs and text.
    static func samples() -> [[UInt8]] {
        var generator = Generator(state: 42)
        var samples: [[UInt8]] = [[], [7], Array("snappy".utf8)]
        samples.append((0..<70_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        for period in 1...20 {
            let pattern = (0..<period).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            samples.append((0..<(3000 + period)).map { pattern[$0 % period] })
        }
        var counters: [UInt8] = []
        for index in 0..<20_000 {
            withUnsafeBytes(of: (1_700_000_000_000_000 + Int64(index) * 20_000).littleEndian) {
                counters.append(contentsOf: $0)
            }
        }
        samples.append(counters)
        samples.append([UInt8](repeating: 0, count: 100_000) + [1, 2, 3])
        let words = ["heart", "rate", "accel", "label", "window", "gateway", "clinic"]
        samples.append(
            Array(
                (0..<5000).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ").utf8))
        return samples
    }

    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        let compressor = try PageCompressor(codec: .snappy)
        return try bytes.withUnsafeBytes { raw in try compressor.compress(raw) { Array($0) } }
    }

    /// Decodes with `SnappyDecoder` (library false) or libsnappy (true); nil when refused.
    static func decode(_ stream: [UInt8], size: Int, library: Bool) -> [UInt8]? {
        var output = [UInt8](repeating: 0xAA, count: size)
        do {
            try stream.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { target in
                    if library {
                        try Decompression.snappyWithLibrary(input, target)
                    } else {
                        try SnappyDecoder.decompress(input, into: target)
                    }
                }
            }
            return output
        } catch {
            return nil
        }
    }

    @Test func libsnappyOutputDecodesToTheOriginal() throws {
        for sample in Self.samples() {
            let stream = try Self.compress(sample)
            #expect(Self.decode(stream, size: sample.count, library: false) == sample, "\(sample.count) bytes")
        }
    }

    @Test func wrongDeclaredSizeIsRefused() throws {
        let sample = Array("a page of some length".utf8)
        let stream = try Self.compress(sample)
        #expect(Self.decode(stream, size: sample.count - 1, library: false) == nil)
        #expect(Self.decode(stream, size: sample.count + 1, library: false) == nil)
    }

    @Test func everyTruncationIsRefused() throws {
        for sample in Self.samples() where sample.count > 0 && sample.count < 4000 {
            let stream = try Self.compress(sample)
            for length in 0..<stream.count {
                #expect(Self.decode(Array(stream[0..<length]), size: sample.count, library: false) == nil)
            }
        }
    }

    @Test func damagedStreamsAreTreatedAsLibsnappyTreatsThem() throws {
        var generator = Generator(state: 7)
        var accepted = 0
        var refused = 0
        for sample in Self.samples() where sample.count > 0 && sample.count < 8000 {
            let stream = try Self.compress(sample)
            for _ in 0..<300 {
                var damaged = stream
                for _ in 0..<(1 + Int(generator.next() % 3)) {
                    let position = Int(generator.next() % UInt64(damaged.count))
                    damaged[position] = UInt8(truncatingIfNeeded: generator.next())
                }
                let ours = Self.decode(damaged, size: sample.count, library: false)
                let theirs = Self.decode(damaged, size: sample.count, library: true)
                #expect(ours == theirs, "sample of \(sample.count) bytes, stream \(damaged)")
                if ours == nil { refused += 1 } else { accepted += 1 }
            }
        }
        // Both outcomes occurred, so the comparison covered both paths.
        #expect(accepted > 100 && refused > 100, "accepted \(accepted), refused \(refused)")
    }
}
