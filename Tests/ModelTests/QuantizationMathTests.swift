import Model
import Testing

@Suite struct QuantizationMathTests {
    @Test func postReLURangeHasZeroPointMinus128() {
        let quantization = ActivationQuantization(minimum: 0, maximum: 5.1)
        #expect(quantization.zeroPoint == -128)
        #expect(quantization.scale == Float(5.1 / 255))
        #expect(quantization.quantize(0) == -128)
        #expect(quantization.quantize(5.1) == 127)
        #expect(quantization.quantize(-3) == -128)
    }

    @Test func rangeIsWidenedToRepresentZeroExactly() {
        let quantization = ActivationQuantization(minimum: 1, maximum: 3)
        #expect(quantization.dequantize(quantization.quantize(0)) == 0)
        let symmetric = ActivationQuantization(minimum: -2, maximum: 2)
        #expect(symmetric.dequantize(symmetric.quantize(0)) == 0)
        #expect(abs(symmetric.zeroPoint) <= 1)
    }

    @Test func quantizeRoundsHalfToEven() {
        let quantization = ActivationQuantization(scale: 1, zeroPoint: 0)
        #expect(quantization.quantize(2.5) == 2)
        #expect(quantization.quantize(3.5) == 4)
        #expect(quantization.quantize(-2.5) == -2)
        #expect(quantization.quantize(1000) == 127)
    }

    @Test func fixedPointMultiplierRoundsLikeTheExactProduct() throws {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<2000 {
            let real = Double(generator.uniform(0.0001...0.9))
            let multiplier = try FixedPointMultiplier(real: real)
            #expect((1 << 30)..<(1 << 31) ~= Int(multiplier.multiplier))
            let accumulator = Int32.random(in: -3_000_000...3_000_000, using: &generator)
            let exact = Double(accumulator) * Double(multiplier.multiplier) / Double(Int64(1) << multiplier.shift)
            // Single rounding: round half up of the exact product.
            #expect(multiplier.apply(accumulator) == Int64((exact + 0.5).rounded(.down)))
            // And the multiplier itself is within 2^-31 relative of the real value.
            let represented = Double(multiplier.multiplier) / Double(Int64(1) << multiplier.shift)
            #expect(abs(represented - real) <= real * 0x1p-30)
        }
    }

    @Test func rejectsUnrepresentableMultipliers() {
        #expect(throws: QuantizationError.invalidMultiplier(0)) { try FixedPointMultiplier(real: 0) }
        #expect(throws: QuantizationError.invalidMultiplier(0x1p40)) { try FixedPointMultiplier(real: 0x1p40) }
    }
}
