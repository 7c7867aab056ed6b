// Names as parquet.thrift spells them, for errors and `inspect`.

extension PhysicalType {
    /// The parquet.thrift name, e.g. `INT64`.
    public var thriftName: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .int32: "INT32"
        case .int64: "INT64"
        case .int96: "INT96"
        case .float: "FLOAT"
        case .double: "DOUBLE"
        case .byteArray: "BYTE_ARRAY"
        case .fixedLenByteArray: "FIXED_LEN_BYTE_ARRAY"
        }
    }
}

extension Encoding {
    /// The parquet.thrift name, e.g. `RLE_DICTIONARY`.
    public var thriftName: String {
        switch self {
        case .plain: "PLAIN"
        case .plainDictionary: "PLAIN_DICTIONARY"
        case .rle: "RLE"
        case .bitPacked: "BIT_PACKED"
        case .deltaBinaryPacked: "DELTA_BINARY_PACKED"
        case .deltaLengthByteArray: "DELTA_LENGTH_BYTE_ARRAY"
        case .deltaByteArray: "DELTA_BYTE_ARRAY"
        case .rleDictionary: "RLE_DICTIONARY"
        case .byteStreamSplit: "BYTE_STREAM_SPLIT"
        }
    }

    /// The name of a raw wire value, or `UNKNOWN(n)`.
    static func name(raw: Int32) -> String { Encoding(rawValue: raw)?.thriftName ?? "UNKNOWN(\(raw))" }
}

extension CompressionCodec {
    /// The parquet.thrift name, e.g. `ZSTD`.
    public var thriftName: String {
        switch self {
        case .uncompressed: "UNCOMPRESSED"
        case .snappy: "SNAPPY"
        case .gzip: "GZIP"
        case .lzo: "LZO"
        case .brotli: "BROTLI"
        case .lz4: "LZ4"
        case .zstd: "ZSTD"
        case .lz4Raw: "LZ4_RAW"
        }
    }

    /// The name of a raw wire value, or `UNKNOWN(n)`.
    static func name(raw: Int32) -> String { CompressionCodec(rawValue: raw)?.thriftName ?? "UNKNOWN(\(raw))" }
}
