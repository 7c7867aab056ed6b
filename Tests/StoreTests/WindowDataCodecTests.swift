import Testing

@testable import Store

@Suite struct WindowDataCodecTests {
    @Test func encodingIsCompactAndWithinItsStatedError() throws {
        let samples = sampleWindow(seed: 11)
        let blob = try samples.withUnsafeBufferPointer { try WindowDataCodec.encode($0, channels: 4) }
        #expect(blob.count == 2036 && WindowDataCodec.encodedSize(channels: 4, samplesPerChannel: 250) == 2036)
        let decoded = try blob.withUnsafeBytes { try WindowDataCodec.decode($0) }
        #expect(decoded.channels == 4)
        for channel in 0..<4 {
            let range = (channel * 250)..<((channel + 1) * 250)
            let span = samples[range].max()! - samples[range].min()!  // non-empty slice
            for index in range { #expect(abs(decoded.samples[index] - samples[index]) <= span / 131_070 + 1e-5) }
        }
    }

    @Test func constantChannelsAreExact() throws {
        let samples = [Float](repeating: 72.5, count: 250) + [Float](repeating: -9.81, count: 750)
        let blob = try samples.withUnsafeBufferPointer { try WindowDataCodec.encode($0, channels: 4) }
        #expect(try blob.withUnsafeBytes { try WindowDataCodec.decode($0) }.samples == samples)
    }

    @Test func damagedBlobsAreRejected() throws {
        let blob = try sampleWindow(seed: 1).withUnsafeBufferPointer { try WindowDataCodec.encode($0, channels: 4) }
        #expect(throws: StoreError.self) {
            try Array(blob.dropLast()).withUnsafeBytes { try WindowDataCodec.decode($0) }
        }
        var wrongVersion = blob
        wrongVersion[0] = 9
        #expect(throws: StoreError.self) { try wrongVersion.withUnsafeBytes { try WindowDataCodec.decode($0) } }
        #expect(throws: StoreError.self) { try [UInt8]([1]).withUnsafeBytes { try WindowDataCodec.decode($0) } }
    }
}
