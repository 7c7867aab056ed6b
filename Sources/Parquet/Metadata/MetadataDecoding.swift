// Thrift compact decoding of the footer structs. Field ids follow parquet.thrift.

extension FileMetadata {
    /// Decodes a footer from `bytes` (the Thrift bytes between the data and the length word).
    static func decode(_ bytes: [UInt8]) throws -> FileMetadata {
        var reader = ThriftCompactReader(bytes: bytes)
        var metadata = FileMetadata()
        var sawSchema = false
        try reader.readStruct { reader, field throws in
            switch field.id {
            case 1: metadata.version = try reader.readI32(field)
            case 2:
                sawSchema = true
                try reader.readStructList(field) { reader throws in
                    metadata.schema.append(try SchemaElement.decode(&reader))
                }
            case 3: metadata.numRows = try reader.readInt(field)
            case 4:
                try reader.readStructList(field) { reader throws in
                    metadata.rowGroups.append(try RowGroupMetadata.decode(&reader))
                }
            case 5:
                try reader.readStructList(field) { reader throws in
                    var key = ""
                    var value: String?
                    try reader.readStruct { reader, field throws in
                        switch field.id {
                        case 1: key = try reader.readString(field)
                        case 2: value = try reader.readString(field)
                        default: try reader.skip(field.type)
                        }
                    }
                    metadata.keyValueMetadata.append((key, value))
                }
            case 6: metadata.createdBy = try reader.readString(field)
            default: try reader.skip(field.type)
            }
        }
        guard sawSchema, !metadata.schema.isEmpty else { throw ParquetError.metadata("footer has no schema") }
        guard metadata.numRows >= 0 else { throw ParquetError.metadata("negative row count \(metadata.numRows)") }
        return metadata
    }
}

extension SchemaElement {
    static func decode(_ reader: inout ThriftCompactReader) throws -> SchemaElement {
        var element = SchemaElement()
        try reader.readStruct { reader, field throws in
            switch field.id {
            case 1:
                let raw = try reader.readI32(field)
                guard let type = PhysicalType(rawValue: raw) else {
                    throw ParquetError.metadata("invalid physical type \(raw)")
                }
                element.physicalType = type
            case 2: element.typeLength = try reader.readI32(field)
            case 3:
                let raw = try reader.readI32(field)
                guard let repetition = FieldRepetitionType(rawValue: raw) else {
                    throw ParquetError.metadata("invalid repetition type \(raw)")
                }
                element.repetition = repetition
            case 4: element.name = try reader.readString(field)
            case 5: element.numChildren = try reader.readI32(field)
            case 6: element.convertedTypeRaw = try reader.readI32(field)
            case 7: element.scale = try reader.readI32(field)
            case 8: element.precision = try reader.readI32(field)
            case 10: element.logicalType = try LogicalType.decode(&reader, field)
            default: try reader.skip(field.type)
            }
        }
        return element
    }
}

extension LogicalType {
    /// Decodes the `LogicalType` union: exactly one member struct is set.
    static func decode(_ reader: inout ThriftCompactReader, _ outer: ThriftField) throws -> LogicalType? {
        guard outer.type == .structure else { throw ParquetError.metadata("logicalType is not a struct") }
        var result: LogicalType?
        try reader.readStruct { reader, field throws in
            guard field.type == .structure else {
                try reader.skip(field.type)
                return
            }
            switch field.id {
            case 1:
                try reader.skip(field.type)
                result = .string
            case 5:
                var scale: Int32 = 0
                var precision: Int32 = 0
                try reader.readStruct { reader, field throws in
                    switch field.id {
                    case 1: scale = try reader.readI32(field)
                    case 2: precision = try reader.readI32(field)
                    default: try reader.skip(field.type)
                    }
                }
                result = .decimal(scale: scale, precision: precision)
            case 6:
                try reader.skip(field.type)
                result = .date
            case 7, 8:
                var utc = false
                var unit = TimeUnit.millis
                try reader.readStruct { reader, inner throws in
                    switch inner.id {
                    case 1: utc = try reader.readBool(inner)
                    case 2: unit = try TimeUnit.decode(&reader, inner)
                    default: try reader.skip(inner.type)
                    }
                }
                result =
                    field.id == 8
                    ? .timestamp(isAdjustedToUTC: utc, unit: unit) : .time(isAdjustedToUTC: utc, unit: unit)
            case 10:
                var width: Int8 = 0
                var signed = true
                try reader.readStruct { reader, inner throws in
                    switch inner.id {
                    case 1: width = Int8(truncatingIfNeeded: try reader.readInt(inner))
                    case 2: signed = try reader.readBool(inner)
                    default: try reader.skip(inner.type)
                    }
                }
                result = .integer(bitWidth: width, isSigned: signed)
            default:
                try reader.skip(field.type)
                result = .other(fieldID: field.id)
            }
        }
        return result
    }
}

extension TimeUnit {
    static func decode(_ reader: inout ThriftCompactReader, _ outer: ThriftField) throws -> TimeUnit {
        guard outer.type == .structure else { throw ParquetError.metadata("time unit is not a struct") }
        var unit: TimeUnit?
        try reader.readStruct { reader, field throws in
            switch field.id {
            case 1: unit = .millis
            case 2: unit = .micros
            case 3: unit = .nanos
            default: break
            }
            try reader.skip(field.type)
        }
        guard let unit else { throw ParquetError.metadata("time unit union has no known member") }
        return unit
    }
}

extension RowGroupMetadata {
    static func decode(_ reader: inout ThriftCompactReader) throws -> RowGroupMetadata {
        var group = RowGroupMetadata()
        try reader.readStruct { reader, field throws in
            switch field.id {
            case 1:
                try reader.readStructList(field) { reader throws in
                    group.columns.append(try ColumnChunkMetadata.decode(&reader))
                }
            case 2: group.totalByteSize = try reader.readInt(field)
            case 3: group.numRows = try reader.readInt(field)
            case 6: group.totalCompressedSize = try reader.readInt(field)
            default: try reader.skip(field.type)
            }
        }
        guard group.numRows >= 0 else {
            throw ParquetError.metadata("row group has negative row count \(group.numRows)")
        }
        return group
    }
}

extension ColumnChunkMetadata {
    static func decode(_ reader: inout ThriftCompactReader) throws -> ColumnChunkMetadata {
        var chunk = ColumnChunkMetadata()
        try reader.readStruct { reader, field throws in
            switch field.id {
            case 1: chunk.filePath = try reader.readString(field)
            case 3:
                guard field.type == .structure else { throw ParquetError.metadata("column meta_data is not a struct") }
                chunk.hasMetadata = true
                try chunk.decodeColumnMetaData(&reader)
            case 4: chunk.offsetIndexOffset = try reader.readInt(field)
            case 6: chunk.columnIndexOffset = try reader.readInt(field)
            default: try reader.skip(field.type)
            }
        }
        return chunk
    }

    private mutating func decodeColumnMetaData(_ reader: inout ThriftCompactReader) throws {
        try reader.readStruct { reader, field throws in
            switch field.id {
            case 1:
                let raw = try reader.readI32(field)
                guard let type = PhysicalType(rawValue: raw) else {
                    throw ParquetError.metadata("invalid physical type \(raw)")
                }
                physicalType = type
            case 2: encodingsRaw = try reader.readIntList(field).map { Int32(truncatingIfNeeded: $0) }
            case 3: pathInSchema = try reader.readStringList(field)
            case 4: codecRaw = try reader.readI32(field)
            case 5: numValues = try reader.readInt(field)
            case 6: totalUncompressedSize = try reader.readInt(field)
            case 7: totalCompressedSize = try reader.readInt(field)
            case 9: dataPageOffset = try reader.readInt(field)
            case 11: dictionaryPageOffset = try reader.readInt(field)
            case 12: statistics = try Statistics.decode(&reader, field)
            default: try reader.skip(field.type)
            }
        }
    }
}

extension Statistics {
    static func decode(_ reader: inout ThriftCompactReader, _ outer: ThriftField) throws -> Statistics {
        guard outer.type == .structure else { throw ParquetError.metadata("statistics is not a struct") }
        var stats = Statistics()
        try reader.readStruct { reader, field throws in
            switch field.id {
            case 1: stats.legacyMax = try reader.readBinary(field)
            case 2: stats.legacyMin = try reader.readBinary(field)
            case 3: stats.nullCount = try reader.readInt(field)
            case 4: stats.distinctCount = try reader.readInt(field)
            case 5: stats.maxValue = try reader.readBinary(field)
            case 6: stats.minValue = try reader.readBinary(field)
            default: try reader.skip(field.type)
            }
        }
        return stats
    }
}
