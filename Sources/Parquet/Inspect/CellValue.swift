/// One value of one row, interpreted with the column's logical / converted type. Used by
/// `inspect` and by anything that wants to show values rather than compute with them.
public enum CellValue: Sendable, Equatable {
    /// SQL null.
    case null
    /// BOOLEAN.
    case bool(Bool)
    /// Signed integers of any width.
    case int(Int64)
    /// Unsigned integers (UINT_8...UINT_64 annotations).
    case uint(UInt64)
    /// FLOAT (widened), DOUBLE, FLOAT16.
    case double(Double)
    /// UTF-8 text (STRING / UTF8 / ENUM / JSON annotations).
    case string(String)
    /// Uninterpreted bytes.
    case bytes([UInt8])
    /// TIMESTAMP: `raw` units since the Unix epoch.
    case timestamp(raw: Int64, unit: TimeUnit, isAdjustedToUTC: Bool)
    /// INT96 legacy timestamp.
    case int96(Int96)
    /// DATE: days since the Unix epoch.
    case date(days: Int32)
    /// TIME: `raw` units since midnight.
    case time(raw: Int64, unit: TimeUnit)
    /// DECIMAL rendered exactly, e.g. `-12.30`.
    case decimal(String)
}

extension ColumnData {
    /// The value of row `row`, interpreted with the column's annotations.
    public func cell(_ row: Int) -> CellValue {
        if isNull(row) { return .null }
        let element = descriptor.element
        switch values {
        case .boolean(let values): return .bool(values[row])
        case .int32(let values): return Self.interpretInteger(Int64(values[row]), bits: 32, element: element)
        case .int64(let values): return Self.interpretInteger(values[row], bits: 64, element: element)
        case .int96(let values): return .int96(values[row])
        case .float(let values): return .double(Double(values[row]))
        case .double(let values): return .double(values[row])
        case .byteArray(let values): return Self.interpretBytes(Array(values[row]), element: element)
        case .fixedLenByteArray(let data, let width):
            return Self.interpretBytes(Array(data[row * width..<(row + 1) * width]), element: element)
        }
    }

    private static func interpretInteger(_ value: Int64, bits: Int, element: SchemaElement) -> CellValue {
        switch element.logicalType {
        case .timestamp(let utc, let unit)?: return .timestamp(raw: value, unit: unit, isAdjustedToUTC: utc)
        case .time(_, let unit)?: return .time(raw: value, unit: unit)
        case .date?: return .date(days: Int32(truncatingIfNeeded: value))
        case .decimal(let scale, _)?: return .decimal(DecimalText.format(unscaled: value, scale: Int(scale)))
        case .integer(let width, let signed)?:
            return signed ? .int(truncate(value, Int(width))) : .uint(unsigned(value, Int(width)))
        default: break
        }
        switch element.convertedType {
        case .timestampMillis?: return .timestamp(raw: value, unit: .millis, isAdjustedToUTC: true)
        case .timestampMicros?: return .timestamp(raw: value, unit: .micros, isAdjustedToUTC: true)
        case .timeMillis?: return .time(raw: value, unit: .millis)
        case .timeMicros?: return .time(raw: value, unit: .micros)
        case .date?: return .date(days: Int32(truncatingIfNeeded: value))
        case .decimal?: return .decimal(DecimalText.format(unscaled: value, scale: Int(element.scale ?? 0)))
        case .uint8?: return .uint(unsigned(value, 8))
        case .uint16?: return .uint(unsigned(value, 16))
        case .uint32?: return .uint(unsigned(value, 32))
        case .uint64?: return .uint(unsigned(value, 64))
        case .int8?: return .int(truncate(value, 8))
        case .int16?: return .int(truncate(value, 16))
        default: return .int(value)
        }
    }

    private static func truncate(_ value: Int64, _ width: Int) -> Int64 {
        switch width {
        case 8: Int64(Int8(truncatingIfNeeded: value))
        case 16: Int64(Int16(truncatingIfNeeded: value))
        case 32: Int64(Int32(truncatingIfNeeded: value))
        default: value
        }
    }

    /// The unsigned value of the low `width` bits; widths other than 8, 16 and 32 (including
    /// nonsense from a corrupt footer) keep all 64 bits.
    private static func unsigned(_ value: Int64, _ width: Int) -> UInt64 {
        switch width {
        case 8: UInt64(UInt8(truncatingIfNeeded: value))
        case 16: UInt64(UInt16(truncatingIfNeeded: value))
        case 32: UInt64(UInt32(truncatingIfNeeded: value))
        default: UInt64(bitPattern: value)
        }
    }

    private static func interpretBytes(_ bytes: [UInt8], element: SchemaElement) -> CellValue {
        switch element.logicalType {
        case .string?: return .string(String(decoding: bytes, as: UTF8.self))
        case .decimal(let scale, _)?: return .decimal(DecimalText.format(bigEndian: bytes, scale: Int(scale)))
        case .other(let field)? where field == 15 && bytes.count == 2:
            // FLOAT16 (LogicalType union member 15): IEEE half precision, little-endian.
            return .double(Double(halfToFloat(UInt16(bytes[0]) | UInt16(bytes[1]) << 8)))
        default: break
        }
        switch element.convertedType {
        case .utf8?, .enumeration?, .json?: return .string(String(decoding: bytes, as: UTF8.self))
        case .decimal?: return .decimal(DecimalText.format(bigEndian: bytes, scale: Int(element.scale ?? 0)))
        default: return .bytes(bytes)
        }
    }

    private static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * Float(sign: .plus, exponent: -24, significand: 1)
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}

/// Exact decimal text of unscaled integers.
enum DecimalText {
    /// `unscaled / 10^scale` written exactly.
    static func format(unscaled: Int64, scale: Int) -> String {
        let negative = unscaled < 0
        return place(String(unscaled.magnitude), scale: scale, negative: negative)
    }

    /// A big-endian two's complement integer of any length, divided by 10^scale.
    static func format(bigEndian bytes: [UInt8], scale: Int) -> String {
        guard !bytes.isEmpty else { return "0" }
        // DECIMAL256 needs 32 bytes; longer values (corrupt files) would make the base-256 to
        // base-10 conversion quadratic, so show them as hex.
        guard bytes.count <= 32 else { return "0x" + CellValue.hex(bytes) }
        let negative = bytes[0] & 0x80 != 0
        var magnitude = bytes
        if negative {
            // Two's complement negate: invert, add one.
            var carry = 1
            for index in stride(from: magnitude.count - 1, through: 0, by: -1) {
                let value = Int(~magnitude[index]) + carry
                magnitude[index] = UInt8(truncatingIfNeeded: value)
                carry = value >> 8
            }
        }
        // Repeated division by 10 of the base-256 number.
        var digits: [UInt8] = []
        while magnitude.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in magnitude.indices {
                let value = remainder * 256 + Int(magnitude[index])
                magnitude[index] = UInt8(value / 10)
                remainder = value % 10
            }
            digits.append(UInt8(remainder) + 48)
        }
        let text = digits.isEmpty ? "0" : String(decoding: digits.reversed(), as: UTF8.self)
        return place(text, scale: scale, negative: negative)
    }

    private static func place(_ digits: String, scale: Int, negative: Bool) -> String {
        // Real decimals have |scale| <= 76; a corrupt footer's huge scale must not build a
        // gigabyte of zeros, so fall back to exponent notation.
        guard (-76...76).contains(scale) else { return (negative ? "-" : "") + digits + "e\(-scale)" }
        var text = digits
        if scale > 0 {
            if text.count <= scale { text = String(repeating: "0", count: scale - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
        } else if scale < 0 {
            text += String(repeating: "0", count: -scale)
        }
        return (negative ? "-" : "") + text
    }
}
