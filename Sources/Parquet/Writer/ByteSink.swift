/// A growable little-endian byte buffer for page bodies, with bulk copies of
/// contiguous typed values (the host is little-endian on every platform we ship;
/// a big-endian host takes the per-value path).
struct ByteSink {
    /// The bytes written so far.
    var bytes: [UInt8] = []

    /// Creates an empty sink with room for `capacity` bytes.
    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Number of bytes written.
    var count: Int { bytes.count }

    /// Forgets the contents but keeps the allocation for reuse.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Appends one byte.
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends raw bytes.
    mutating func append(contentsOf other: some Collection<UInt8>) {
        bytes.append(contentsOf: other)
    }

    /// Appends an integer in little-endian byte order.
    mutating func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends values in their PLAIN encoding: little-endian, back to back.
    mutating func appendPlain<Value: PlainFixedWidth>(_ values: UnsafeBufferPointer<Value>) {
        #if _endian(little)
        bytes.append(contentsOf: UnsafeRawBufferPointer(values))
        #else
        for value in values { appendLittleEndian(value.plainBits) }
        #endif
    }

    /// Appends an unsigned LEB128 varint (used by the RLE / bit-packed hybrid headers).
    mutating func appendVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }
}

/// A fixed-width value with a PLAIN encoding equal to its little-endian bit pattern.
protocol PlainFixedWidth: BitwiseCopyable {
    /// The unsigned integer holding the same bits.
    associatedtype Bits: FixedWidthInteger & UnsignedInteger & Hashable
    /// The value's bits, as written by PLAIN.
    var plainBits: Bits { get }
}

extension Int32: PlainFixedWidth {
    var plainBits: UInt32 { UInt32(bitPattern: self) }
}

extension Int64: PlainFixedWidth {
    var plainBits: UInt64 { UInt64(bitPattern: self) }
}

extension Float: PlainFixedWidth {
    var plainBits: UInt32 { bitPattern }
}

extension Double: PlainFixedWidth {
    var plainBits: UInt64 { bitPattern }
}
