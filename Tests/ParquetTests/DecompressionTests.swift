import Foundation
import TestSupport
import Testing

@testable import Parquet

/// Codec edge cases the fixtures do not reach: concatenated gzip members, size mismatches,
/// and codecs that are not built in.
@Suite struct DecompressionTests {
    private func decompress(_ codec: CompressionCodec, _ input: [UInt8], size: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        try input.withUnsafeBytes { source in
            try output.withUnsafeMutableBytes { target in
                try Decompression.decompress(codecRaw: codec.rawValue, input: source, output: target)
            }
        }
        return output
    }

    @Test func gzipWithSeveralMembersInflatesThemAll() throws {
        // Two gzip members back to back, as hex (the process output is read as text).
        let hexResult = try runPython([
            "-c", "import gzip; print((gzip.compress(b'first,') + gzip.compress(b'second')).hex())",
        ])
        try #require(hexResult.status == 0, "\(hexResult.standardError)")
        let hexText = hexResult.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        var bytes: [UInt8] = []
        var index = hexText.startIndex
        while index < hexText.endIndex {
            let next = hexText.index(index, offsetBy: 2)
            bytes.append(UInt8(hexText[index..<next], radix: 16) ?? 0)
            index = next
        }
        #expect(try decompress(.gzip, bytes, size: 12) == Array("first,second".utf8))
        // Declaring more bytes than the members hold is an error, not zero padding.
        #expect(throws: ParquetError.self) { try decompress(.gzip, bytes, size: 13) }
    }

    @Test func uncompressedSizeMismatchIsAnError() {
        #expect(throws: ParquetError.self) { try decompress(.uncompressed, [1, 2, 3], size: 4) }
    }

    @Test func garbageIsADecompressionErrorForEveryCodec() {
        let garbage: [UInt8] = [0xFF, 0x13, 0x37, 0x00, 0x42, 0x99, 0x01, 0x02]
        for codec in [CompressionCodec.snappy, .gzip, .zstd, .lz4Raw, .lz4] {
            let error = #expect(throws: ParquetError.self, "\(codec)") { try decompress(codec, garbage, size: 64) }
            if case .decompression? = error?.reason {} else { Issue.record("\(codec): \(String(describing: error))") }
        }
    }

    @Test func codecsNotBuiltInAreNamed() {
        for (codec, name) in [(CompressionCodec.lzo, "LZO"), (.brotli, "BROTLI")] {
            let error = #expect(throws: ParquetError.self) { try decompress(codec, [0], size: 1) }
            #expect(error?.reason == .unsupported("compression codec \(name) is not built in"))
        }
        let error = #expect(throws: ParquetError.self) {
            var output = [UInt8](repeating: 0, count: 1)
            try output.withUnsafeMutableBytes { target in
                try [UInt8(0)].withUnsafeBytes { source in
                    try Decompression.decompress(codecRaw: 16, input: source, output: target)
                }
            }
        }
        #expect(error?.reason == .unsupported("compression codec id 16 is not defined by Parquet"))
    }
}
