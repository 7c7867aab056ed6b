/// The JSON header of a safetensors file as decoded, before validation.
extension SafeTensorsFile {
    /// Element types this loader reads.
    enum DataType: String {
        case f32 = "F32"
        case i64 = "I64"

        var byteWidth: Int { self == .f32 ? 4 : 8 }
    }

    /// One validated tensor entry.
    struct Entry {
        var name: String
        var dataType: DataType
        var shape: [Int]
        var count: Int
        var begin: Int
        var end: Int
    }

    /// A header entry as written in JSON, before validation (also what writers encode,
    /// here and in the int8 model file).
    struct RawEntry: Codable {
        var dtype: String
        var shape: [Int]
        var dataOffsets: [Int]

        enum CodingKeys: String, CodingKey {
            case dtype
            case shape
            case dataOffsets = "data_offsets"
        }
    }

    /// The header object: tensor entries under arbitrary names plus `__metadata__`.
    struct RawHeader: Decodable {
        var entries: [String: RawEntry] = [:]
        var metadata: [String: String] = [:]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                if key.stringValue == "__metadata__" {
                    metadata = try container.decode([String: String].self, forKey: key)
                } else {
                    entries[key.stringValue] = try container.decode(RawEntry.self, forKey: key)
                }
            }
        }
    }
}
