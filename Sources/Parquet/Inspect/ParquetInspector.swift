/// What `edge-agent inspect FILE [--head N] [--json]` prints: schema (physical and logical
/// types, nullability), row count, row groups with sizes, codec, encodings and statistics per
/// column chunk, and the first N rows, as text for a person or as one JSON document.
public enum ParquetInspector {
    /// Opens `path` and renders the report. Throws `ParquetError` when the file cannot be
    /// opened or its footer is corrupt; a failure while decoding the first rows is reported
    /// inside the output (`head_error`) so the metadata is still shown.
    public static func report(path: String, head: Int = 10, json: Bool = false) throws -> String {
        try report(reader: ParquetFileReader(path: path), head: head, json: json)
    }

    /// Renders the report for an open reader.
    public static func report(reader: ParquetFileReader, head: Int, json: Bool) throws -> String {
        let document = InspectionDocument(reader: reader, head: max(0, head))
        return json ? document.json.rendered() + "\n" : document.text
    }
}

/// The facts of one report, shared by the text and JSON renderings.
struct InspectionDocument {
    let reader: ParquetFileReader
    let headRows: [[CellValue]]
    let headColumns: [ColumnDescriptor]
    let headError: String?

    init(reader: ParquetFileReader, head: Int) {
        self.reader = reader
        let flat = reader.schema.columns.indices.filter { !reader.schema.columns[$0].isRepeated }
        headColumns = flat.map { reader.schema.columns[$0] }
        var rows: [[CellValue]] = []
        var failure: String?
        var group = 0
        while rows.count < head && group < reader.rowGroupCount {
            do {
                let data = try reader.readRowGroup(group, columnIndices: flat)
                for row in 0..<min(data.rowCount, head - rows.count) {
                    rows.append(data.columns.map { $0.cell(row) })
                }
            } catch {
                failure = "\(error)"
                break
            }
            group += 1
        }
        headRows = rows
        headError = failure
    }

    // MARK: - JSON

    var json: JSONValue {
        let metadata = reader.metadata
        var members: [(String, JSONValue)] = [
            ("file", .string(reader.name)),
            ("size_bytes", .int(Int64(reader.fileSize))),
            ("created_by", metadata.createdBy.map { .string($0) } ?? .null),
            ("format_version", .int(Int64(metadata.version))),
            ("num_rows", .int(metadata.numRows)),
            ("num_row_groups", .int(Int64(metadata.rowGroups.count))),
            ("key_value_metadata_keys", .array(metadata.keyValueMetadata.map { .string($0.key) })),
            ("schema", .array(reader.schema.columns.map(Self.schemaJSON))),
            ("row_groups", .array(metadata.rowGroups.enumerated().map { rowGroupJSON($0.offset, $0.element) })),
        ]
        let rows: [JSONValue] = headRows.map { row in
            .object(zip(headColumns, row).map { ($0.name, $1.json) })
        }
        members.append(("head", .array(rows)))
        if let headError { members.append(("head_error", .string(headError))) }
        return .object(members)
    }

    private static func schemaJSON(_ column: ColumnDescriptor) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("path", .string(column.name)),
            ("physical_type", .string(column.physicalType.thriftName)),
            ("logical_type", column.element.logicalType.map { .string($0.summary) } ?? .null),
            (
                "converted_type",
                column.element.convertedTypeRaw.map { raw in
                    .string(ConvertedType(rawValue: raw).map { "\($0)" } ?? "UNKNOWN(\(raw))")
                } ?? .null
            ),
            ("repetition", .string(column.repetitionSummary)),
            ("nullable", .bool(column.isNullable)),
            ("max_definition_level", .int(Int64(column.maxDefinitionLevel))),
            ("max_repetition_level", .int(Int64(column.maxRepetitionLevel))),
        ]
        if let length = column.element.typeLength { members.append(("type_length", .int(Int64(length)))) }
        return .object(members)
    }

    private func rowGroupJSON(_ index: Int, _ group: RowGroupMetadata) -> JSONValue {
        let columns: [JSONValue] = group.columns.enumerated().map { position, chunk in
            let descriptor = position < reader.schema.columns.count ? reader.schema.columns[position] : nil
            var members: [(String, JSONValue)] = [
                ("path", .string(chunk.pathInSchema.joined(separator: "."))),
                ("codec", .string(CompressionCodec.name(raw: chunk.codecRaw))),
                ("encodings", .array(chunk.encodingsRaw.map { .string(Encoding.name(raw: $0)) })),
                ("num_values", .int(chunk.numValues)),
                ("total_compressed_size", .int(chunk.totalCompressedSize)),
                ("total_uncompressed_size", .int(chunk.totalUncompressedSize)),
            ]
            if let statistics = chunk.statistics {
                var stats: [(String, JSONValue)] = [
                    ("null_count", statistics.nullCount.map { .int($0) } ?? .null),
                    ("distinct_count", statistics.distinctCount.map { .int($0) } ?? .null),
                ]
                if let descriptor {
                    stats.append(("min", Self.statisticCell(statistics.min, descriptor)?.json ?? .null))
                    stats.append(("max", Self.statisticCell(statistics.max, descriptor)?.json ?? .null))
                }
                members.append(("statistics", .object(stats)))
            } else {
                members.append(("statistics", .null))
            }
            return .object(members)
        }
        return .object([
            ("index", .int(Int64(index))),
            ("num_rows", .int(group.numRows)),
            ("total_byte_size", .int(group.totalByteSize)),
            ("total_compressed_size", group.totalCompressedSize.map { .int($0) } ?? .null),
            ("columns", .array(columns)),
        ])
    }

    /// A PLAIN-encoded statistic interpreted like a value of the column.
    static func statisticCell(_ bytes: [UInt8]?, _ column: ColumnDescriptor) -> CellValue? {
        guard let bytes else { return nil }
        func fixed<T: FixedWidthValue>(_: T.Type) -> [T]? {
            guard bytes.count == MemoryLayout<T>.stride else { return nil }
            var values = [T](repeating: T.zero, count: 1)
            bytes.withUnsafeBytes { raw in
                values.withUnsafeMutableBufferPointer { try? FixedWidthDecoding.plain(raw, into: $0) }
            }
            return values
        }
        let values: ColumnValues?
        switch column.physicalType {
        case .boolean: values = bytes.count == 1 ? .boolean([bytes[0] != 0]) : nil
        case .int32: values = fixed(Int32.self).map { .int32($0) }
        case .int64: values = fixed(Int64.self).map { .int64($0) }
        case .int96: values = fixed(Int96.self).map { .int96($0) }
        case .float: values = fixed(Float.self).map { .float($0) }
        case .double: values = fixed(Double.self).map { .double($0) }
        case .byteArray: values = .byteArray(ByteArrayValues(data: bytes, offsets: [0, bytes.count]))
        case .fixedLenByteArray: values = bytes.isEmpty ? nil : .fixedLenByteArray(data: bytes, width: bytes.count)
        }
        guard let values else { return .bytes(bytes) }
        var single = column
        single.maxDefinitionLevel = 0
        return ColumnData(descriptor: single, values: values, validity: nil).cell(0)
    }
}
