import Testing

@testable import Parquet

@Suite struct MagicTests {
    @Test func magicIsPAR1() { #expect(ParquetFormat.magic == [0x50, 0x41, 0x52, 0x31]) }
}
