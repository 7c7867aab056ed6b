/// Encodes the file footer (FileMetaData) and page headers with the Thrift compact
/// protocol, using the field ids of parquet.thrift.
enum FooterEncoder {
    /// Encodes FileMetaData for a flat schema.
    static func fileMetadata(
        schema: [ParquetColumnSpec], rowGroups: [WrittenRowGroup], createdBy: String,
        keyValueMetadata: [(key: String, value: String)]
    ) -> [UInt8] {
        var thrift = ThriftCompactWriter()
        // Format version 2: the file uses logical types and RLE_DICTIONARY.
        thrift.writeI32(1, 2)

        thrift.beginListField(2, elementType: .structure, count: schema.count + 1)
        thrift.beginStructElement()
        thrift.writeString(4, "schema")
        thrift.writeI32(5, Int32(schema.count))
        thrift.endStruct()
        for column in schema { encodeSchemaElement(column, into: &thrift) }

        thrift.writeI64(3, rowGroups.reduce(0) { $0 + $1.rowCount })
        thrift.beginListField(4, elementType: .structure, count: rowGroups.count)
        for rowGroup in rowGroups { encodeRowGroup(rowGroup, into: &thrift) }

        if !keyValueMetadata.isEmpty {
            thrift.beginListField(5, elementType: .structure, count: keyValueMetadata.count)
            for (key, value) in keyValueMetadata {
                thrift.beginStructElement()
                thrift.writeString(1, key)
                thrift.writeString(2, value)
                thrift.endStruct()
            }
        }
        thrift.writeString(6, createdBy)

        // TYPE_ORDER for every column: readers only trust min_value/max_value when it is present.
        thrift.beginListField(7, elementType: .structure, count: schema.count)
        for _ in schema {
            thrift.beginStructElement()
            thrift.writeEmptyStruct(1)
            thrift.endStruct()
        }
        thrift.finishTopLevel()
        return thrift.bytes
    }

    /// Encodes a PageHeader of a data page v1.
    static func dataPageHeader(
        uncompressedSize: Int32, compressedSize: Int32, valueCount: Int32, encoding: Encoding, crc: Int32?
    ) -> [UInt8] {
        var thrift = ThriftCompactWriter()
        thrift.writeI32(1, PageType.dataPage.rawValue)
        thrift.writeI32(2, uncompressedSize)
        thrift.writeI32(3, compressedSize)
        if let crc { thrift.writeI32(4, crc) }
        thrift.beginStructField(5)
        thrift.writeI32(1, valueCount)
        thrift.writeI32(2, encoding.rawValue)
        thrift.writeI32(3, Encoding.rle.rawValue)
        thrift.writeI32(4, Encoding.rle.rawValue)
        thrift.endStruct()
        thrift.finishTopLevel()
        return thrift.bytes
    }

    /// Encodes a PageHeader of a dictionary page (entries PLAIN-encoded).
    static func dictionaryPageHeader(
        uncompressedSize: Int32, compressedSize: Int32, entryCount: Int32, crc: Int32?
    ) -> [UInt8] {
        var thrift = ThriftCompactWriter()
        thrift.writeI32(1, PageType.dictionaryPage.rawValue)
        thrift.writeI32(2, uncompressedSize)
        thrift.writeI32(3, compressedSize)
        if let crc { thrift.writeI32(4, crc) }
        thrift.beginStructField(7)
        thrift.writeI32(1, entryCount)
        thrift.writeI32(2, Encoding.plain.rawValue)
        thrift.endStruct()
        thrift.finishTopLevel()
        return thrift.bytes
    }

    // MARK: - Schema

    private static func encodeSchemaElement(_ column: ParquetColumnSpec, into thrift: inout ThriftCompactWriter) {
        thrift.beginStructElement()
        thrift.writeI32(1, column.valueType.physicalType.rawValue)
        let repetition: FieldRepetitionType = column.isOptional ? .optional : .required
        thrift.writeI32(3, repetition.rawValue)
        thrift.writeString(4, column.name)
        if let converted = column.convertedType { thrift.writeI32(6, converted.rawValue) }
        if let logical = column.logicalType { encodeLogicalType(logical, field: 10, into: &thrift) }
        thrift.endStruct()
    }

    private static func encodeLogicalType(_ logical: LogicalType, field: Int16, into thrift: inout ThriftCompactWriter)
    {
        thrift.beginStructField(field)
        switch logical {
        case .string:
            thrift.writeEmptyStruct(1)
        case .date:
            thrift.writeEmptyStruct(6)
        case .timestamp(let utc, let unit):
            thrift.beginStructField(8)
            thrift.writeBool(1, utc)
            encodeTimeUnit(unit, into: &thrift)
            thrift.endStruct()
        case .time(let utc, let unit):
            thrift.beginStructField(7)
            thrift.writeBool(1, utc)
            encodeTimeUnit(unit, into: &thrift)
            thrift.endStruct()
        case .integer(let bits, let signed):
            thrift.beginStructField(10)
            thrift.writeByte(1, bits)
            thrift.writeBool(2, signed)
            thrift.endStruct()
        case .decimal(let scale, let precision):
            thrift.beginStructField(5)
            thrift.writeI32(1, scale)
            thrift.writeI32(2, precision)
            thrift.endStruct()
        case .other(let fieldID):
            thrift.writeEmptyStruct(fieldID)
        }
        thrift.endStruct()
    }

    private static func encodeTimeUnit(_ unit: TimeUnit, into thrift: inout ThriftCompactWriter) {
        thrift.beginStructField(2)
        switch unit {
        case .millis: thrift.writeEmptyStruct(1)
        case .micros: thrift.writeEmptyStruct(2)
        case .nanos: thrift.writeEmptyStruct(3)
        }
        thrift.endStruct()
    }

    // MARK: - Row groups

    private static func encodeRowGroup(_ rowGroup: WrittenRowGroup, into thrift: inout ThriftCompactWriter) {
        thrift.beginStructElement()
        thrift.beginListField(1, elementType: .structure, count: rowGroup.columns.count)
        for column in rowGroup.columns { encodeColumnChunk(column, into: &thrift) }
        thrift.writeI64(2, rowGroup.columns.reduce(0) { $0 + $1.totalUncompressedBytes })
        thrift.writeI64(3, rowGroup.rowCount)
        thrift.writeI64(5, rowGroup.columns.first?.startOffset ?? 4)
        thrift.writeI64(6, rowGroup.columns.reduce(0) { $0 + $1.totalCompressedBytes })
        if let ordinal = rowGroup.ordinal { thrift.writeI16(7, ordinal) }
        thrift.endStruct()
    }

    private static func encodeColumnChunk(_ chunk: WrittenColumnChunk, into thrift: inout ThriftCompactWriter) {
        thrift.beginStructElement()
        thrift.writeI64(2, chunk.startOffset)
        thrift.beginStructField(3)
        thrift.writeI32(1, chunk.spec.valueType.physicalType.rawValue)
        thrift.beginListField(2, elementType: .i32, count: chunk.encodings.count)
        for encoding in chunk.encodings { thrift.writeI32Element(encoding.rawValue) }
        thrift.beginListField(3, elementType: .binary, count: 1)
        thrift.writeStringElement(chunk.spec.name)
        thrift.writeI32(4, chunk.codec.rawValue)
        thrift.writeI64(5, chunk.valueCount)
        thrift.writeI64(6, chunk.totalUncompressedBytes)
        thrift.writeI64(7, chunk.totalCompressedBytes)
        thrift.writeI64(9, chunk.dataPageOffset)
        if let dictionaryOffset = chunk.dictionaryPageOffset { thrift.writeI64(11, dictionaryOffset) }
        encodeStatistics(chunk.statistics, into: &thrift)
        thrift.beginListField(13, elementType: .structure, count: chunk.pageEncodingCounts.count)
        for entry in chunk.pageEncodingCounts {
            thrift.beginStructElement()
            thrift.writeI32(1, entry.pageType.rawValue)
            thrift.writeI32(2, entry.encoding.rawValue)
            thrift.writeI32(3, entry.count)
            thrift.endStruct()
        }
        thrift.endStruct()
        thrift.endStruct()
    }

    private static func encodeStatistics(_ statistics: WrittenStatistics, into thrift: inout ThriftCompactWriter) {
        thrift.beginStructField(12)
        if statistics.writesLegacyFields, let maximum = statistics.maximum, let minimum = statistics.minimum {
            thrift.writeBinary(1, maximum)
            thrift.writeBinary(2, minimum)
        }
        thrift.writeI64(3, statistics.nullCount)
        if let maximum = statistics.maximum, let minimum = statistics.minimum {
            thrift.writeBinary(5, maximum)
            thrift.writeBinary(6, minimum)
            thrift.writeBool(7, true)
            thrift.writeBool(8, true)
        }
        thrift.endStruct()
    }
}
