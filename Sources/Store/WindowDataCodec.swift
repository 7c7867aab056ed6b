/// The compact blob that holds a window's samples in the `windows.data` column.
///
/// Layout (all little-endian):
/// - byte 0: format version (1); byte 1: channel count C; bytes 2–3: samples per channel N (UInt16)
/// - C × (offset: Float32, step: Float32): per-channel affine quantization parameters
/// - C × N × UInt16: the samples, channel-major (all of channel 0, then channel 1, …),
///   the same `[C][N]` order the windower emits and the model reads
///
/// A sample is stored as `q = round((value - offset) / step)` with `offset` the channel's
/// minimum in this window and `step = (max - min) / 65535`, and read back as
/// `offset + q * step`. The absolute error is at most `step / 2 = (max - min) / 131070` plus
/// Float32 rounding: 0.0002 m/s² for a window spanning ±16 m/s², 0.001 bpm for one spanning
/// 60–180 bpm — far below sensor resolution. A 250 × 4 window takes 2,036 bytes (half of
/// Float32). A constant channel is stored exactly (step 0).
public enum WindowDataCodec {
    /// The format version written in byte 0.
    public static let formatVersion: UInt8 = 1

    /// The encoded size of `channels` × `samplesPerChannel` samples.
    public static func encodedSize(channels: Int, samplesPerChannel: Int) -> Int {
        4 + 8 * channels + 2 * channels * samplesPerChannel
    }

    /// Encodes channel-major samples (`channels` rows of `samples.count / channels`).
    /// - Throws: `StoreError.invalidArgument` for a non-finite sample or a shape that does not fit.
    public static func encode(_ samples: UnsafeBufferPointer<Float>, channels: Int) throws -> [UInt8] {
        guard channels > 0, channels <= 255, samples.count % channels == 0, samples.count / channels <= 65535
        else {
            throw StoreError.invalidArgument(
                name: "window samples", reason: "\(samples.count) samples do not split into \(channels) channels")
        }
        let perChannel = samples.count / channels
        let size = encodedSize(channels: channels, samplesPerChannel: perChannel)
        var firstBad: Int?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { out, initialized in
            let raw = UnsafeMutableRawPointer(out.baseAddress!)  // capacity `size` ≥ 4, so non-nil
            raw.storeBytes(of: formatVersion, toByteOffset: 0, as: UInt8.self)
            raw.storeBytes(of: UInt8(channels), toByteOffset: 1, as: UInt8.self)
            raw.storeBytes(of: UInt16(perChannel).littleEndian, toByteOffset: 2, as: UInt16.self)
            for channel in 0..<channels {
                let values = UnsafeBufferPointer(
                    rebasing: samples[(channel * perChannel)..<((channel + 1) * perChannel)])
                var low = Float.infinity
                var high = -Float.infinity
                // value × 0 is 0 for finite values and NaN for NaN or ±∞: one NaN poisons the sum.
                // Plain comparisons (not min/max with NaN rules) let the loop vectorize.
                var poison: Float = 0
                for value in values {
                    poison += value * 0
                    low = value < low ? value : low
                    high = value > high ? value : high
                }
                let finite = poison == 0
                if !finite, firstBad == nil { firstBad = channel }
                if perChannel == 0 || !finite { (low, high) = (0, 0) }
                let step = Float((Double(high) - Double(low)) / 65535)
                raw.storeBytes(of: low.bitPattern.littleEndian, toByteOffset: 4 + 8 * channel, as: UInt32.self)
                raw.storeBytes(of: step.bitPattern.littleEndian, toByteOffset: 8 + 8 * channel, as: UInt32.self)

                // Float arithmetic is enough: (value - low) * inverse ≤ 65535 (+ rounding) needs
                // 17 bits of the 24-bit mantissa, so the quantization error stays ≈ step / 2.
                let inverse: Float = step > 0 ? 1 / step : 0
                let base = raw + (4 + 8 * channels + 2 * perChannel * channel)
                guard finite else {
                    // The encode throws below; keep the bytes defined meanwhile.
                    base.initializeMemory(as: UInt8.self, repeating: 0, count: 2 * perChannel)
                    continue
                }
                for index in 0..<perChannel {
                    // value ≥ low, so scaled ≥ 0.5 and truncation rounds to nearest; clamp because
                    // float rounding at the top edge can land just past 65535.
                    let scaled = (values[index] - low) * inverse + 0.5
                    let quantized = UInt16(truncatingIfNeeded: min(UInt32(scaled), 65535))
                    base.storeBytes(of: quantized.littleEndian, toByteOffset: 2 * index, as: UInt16.self)
                }
            }
            initialized = size
        }
        if let firstBad {
            throw StoreError.invalidArgument(
                name: "window samples", reason: "channel \(firstBad) has a non-finite value")
        }
        return bytes
    }

    /// Decodes a blob into channel-major Float samples.
    /// - Throws: `StoreError.invalidWindowData` when the header or the length is wrong.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws -> (channels: Int, samples: [Float]) {
        guard bytes.count >= 4 else {
            throw StoreError.invalidWindowData(reason: "\(bytes.count) bytes, header needs 4")
        }
        guard bytes[0] == formatVersion else {
            throw StoreError.invalidWindowData(reason: "format version \(bytes[0]), expected \(formatVersion)")
        }
        let channels = Int(bytes[1])
        let perChannel = Int(load16(bytes, at: 2))
        let expected = encodedSize(channels: channels, samplesPerChannel: perChannel)
        guard bytes.count == expected else {
            throw StoreError.invalidWindowData(
                reason: "\(bytes.count) bytes for \(channels)×\(perChannel) samples, expected \(expected)")
        }
        var samples = [Float](repeating: 0, count: channels * perChannel)
        samples.withUnsafeMutableBufferPointer { out in
            for channel in 0..<channels {
                let offset = Float(bitPattern: load32(bytes, at: 4 + 8 * channel))
                let step = Float(bitPattern: load32(bytes, at: 8 + 8 * channel))
                let base = 4 + 8 * channels + 2 * perChannel * channel
                for index in 0..<perChannel {
                    let quantized = UInt16(
                        littleEndian: bytes.loadUnaligned(fromByteOffset: base + 2 * index, as: UInt16.self))
                    out[channel * perChannel + index] = offset + Float(quantized) * step
                }
            }
        }
        return (channels, samples)
    }

    @inline(__always)
    private static func load16(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    @inline(__always)
    private static func load32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for byte in 0..<4 { value |= UInt32(bytes[offset + byte]) << (8 * byte) }
        return value
    }
}
