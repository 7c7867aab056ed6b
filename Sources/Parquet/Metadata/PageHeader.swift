/// A decoded page header (parquet.thrift `PageHeader` with its per-kind sub-header).
struct PageHeader {
    /// Page kind, raw wire value (unknown kinds are skipped by the reader).
    var typeRaw: Int32 = -1
    /// Size of the page body after decompression.
    var uncompressedSize: Int32 = -1
    /// Size of the page body as stored.
    var compressedSize: Int32 = -1
    /// Whether a CRC was written (not verified; see the reader's notes).
    var hasCRC = false
    /// Values in the page (including nulls), from whichever sub-header is present.
    var numValues: Int32 = 0
    /// Value encoding, raw wire value.
    var encodingRaw: Int32 = 0
    /// v1: encoding of the definition levels (RLE or BIT_PACKED).
    var definitionLevelEncodingRaw: Int32 = Encoding.rle.rawValue
    /// v2: null count.
    var numNulls: Int32 = 0
    /// v2: bytes of definition levels at the start of the body (never compressed).
    var definitionLevelsByteLength: Int32 = 0
    /// v2: bytes of repetition levels before the definition levels.
    var repetitionLevelsByteLength: Int32 = 0
    /// v2: whether the values section is compressed.
    var isCompressed = true

    /// The page kind, when known.
    var type: PageType? { PageType(rawValue: typeRaw) }

    /// Decodes a header starting at `start` in `bytes`; returns it and the offset after it.
    static func decode(_ bytes: [UInt8], start: Int, end: Int) throws -> (PageHeader, Int) {
        var reader = ThriftCompactReader(bytes: bytes, start: start, end: end)
        var header = PageHeader()
        try reader.readStruct { reader, field throws in
            switch field.id {
            case 1: header.typeRaw = try reader.readI32(field)
            case 2: header.uncompressedSize = try reader.readI32(field)
            case 3: header.compressedSize = try reader.readI32(field)
            case 4:
                _ = try reader.readI32(field)
                header.hasCRC = true
            case 5, 7, 8:
                guard field.type == .structure else { throw ParquetError.metadata("page sub-header is not a struct") }
                try header.decodeSubHeader(&reader, kind: field.id)
            default: try reader.skip(field.type)
            }
        }
        guard header.uncompressedSize >= 0, header.compressedSize >= 0 else {
            throw ParquetError.metadata(
                "page header has negative sizes (uncompressed \(header.uncompressedSize), "
                    + "compressed \(header.compressedSize))")
        }
        guard header.numValues >= 0 else {
            throw ParquetError.metadata("page header has negative value count \(header.numValues)")
        }
        return (header, reader.position)
    }

    private mutating func decodeSubHeader(_ reader: inout ThriftCompactReader, kind: Int16) throws {
        try reader.readStruct { reader, field throws in
            switch (kind, field.id) {
            case (_, 1): numValues = try reader.readI32(field)
            case (5, 2), (7, 2), (8, 4): encodingRaw = try reader.readI32(field)
            case (5, 3): definitionLevelEncodingRaw = try reader.readI32(field)
            case (8, 2): numNulls = try reader.readI32(field)
            case (8, 5): definitionLevelsByteLength = try reader.readI32(field)
            case (8, 6): repetitionLevelsByteLength = try reader.readI32(field)
            case (8, 7): isCompressed = try reader.readBool(field)
            default: try reader.skip(field.type)
            }
        }
    }
}
