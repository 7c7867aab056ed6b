extension InspectionDocument {
    /// The human-readable report.
    var text: String {
        let metadata = reader.metadata
        var lines: [String] = []
        lines.append("file: \(reader.name) (\(reader.fileSize) bytes)")
        lines.append("created by: \(metadata.createdBy ?? "unknown"), format version \(metadata.version)")
        lines.append("rows: \(metadata.numRows) in \(metadata.rowGroups.count) row group(s)")
        if !metadata.keyValueMetadata.isEmpty {
            lines.append("key/value metadata: " + metadata.keyValueMetadata.map(\.key).joined(separator: ", "))
        }

        lines.append("")
        lines.append("schema (\(reader.schema.columns.count) columns):")
        for column in reader.schema.columns {
            lines.append("  \(column.name): \(column.typeSummary), \(column.repetitionSummary)")
        }

        for (index, group) in metadata.rowGroups.enumerated() {
            lines.append("")
            let compressed = group.totalCompressedSize.map { ", \($0) bytes compressed" } ?? ""
            lines.append(
                "row group \(index): \(group.numRows) rows, \(group.totalByteSize) bytes uncompressed\(compressed)")
            for (position, chunk) in group.columns.enumerated() {
                let encodings = chunk.encodingsRaw.map { Encoding.name(raw: $0) }.joined(separator: ",")
                var line =
                    "  \(chunk.pathInSchema.joined(separator: ".")): \(CompressionCodec.name(raw: chunk.codecRaw)) "
                    + "[\(encodings)] \(chunk.totalCompressedSize)/\(chunk.totalUncompressedSize) bytes"
                if let statistics = chunk.statistics, position < reader.schema.columns.count {
                    let column = reader.schema.columns[position]
                    let minimum = Self.statisticCell(statistics.min, column)?.text ?? "-"
                    let maximum = Self.statisticCell(statistics.max, column)?.text ?? "-"
                    let nulls = statistics.nullCount.map(String.init) ?? "-"
                    line += " min=\(minimum) max=\(maximum) nulls=\(nulls)"
                }
                lines.append(line)
            }
        }

        lines.append("")
        lines.append("first \(headRows.count) row(s):")
        if !headRows.isEmpty {
            lines.append("  " + headColumns.map(\.name).joined(separator: " | "))
            for row in headRows { lines.append("  " + row.map(\.text).joined(separator: " | ")) }
        }
        if let headError { lines.append("  error reading rows: \(headError)") }
        let nested = reader.schema.columns.filter(\.isRepeated).map(\.name)
        if !nested.isEmpty { lines.append("  (nested columns not shown: \(nested.joined(separator: ", ")))") }
        return lines.joined(separator: "\n") + "\n"
    }
}
