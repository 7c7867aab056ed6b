/// NumPy `.npy` files holding one float32 array (`descr` `'<f4'`, C order), the
/// form Flower array records carry.
///
/// Layout: the magic `\x93NUMPY`, a major and minor version byte, the header
/// length (2 bytes little-endian in version 1, 4 bytes in versions 2 and 3),
/// an ASCII Python dict literal padded with spaces and ending in a newline so
/// the data starts on a 64-byte boundary, then the raw values.
public enum NumPyArray {
    /// The six bytes every `.npy` file starts with.
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// Largest header accepted; NumPy itself refuses headers above 10,000 bytes by default.
    public static let maximumHeaderBytes = 65_536
    /// Largest number of dimensions accepted.
    public static let maximumRank = 32

    /// The `.npy` bytes of `tensor` (version 1.0; version 2.0 only if the header needs it).
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        let shapeText =
            tensor.shape.count == 1
            ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = Array("{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }".utf8)
        let version1 = header.count + 64 < 65_536
        let prefixLength = version1 ? 10 : 12
        while (prefixLength + header.count + 1) % 64 != 0 { header.append(UInt8(ascii: " ")) }
        header.append(UInt8(ascii: "\n"))

        var bytes = magic + [version1 ? 1 : 2, 0]
        let lengthBytes = version1 ? 2 : 4
        for index in 0..<lengthBytes { bytes.append(UInt8(truncatingIfNeeded: header.count >> (8 * index))) }
        bytes += header
        bytes.reserveCapacity(bytes.count + 4 * tensor.count)
        for value in tensor.values {
            let bits = value.bitPattern
            for index in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(index)))) }
        }
        return bytes
    }

    /// Decodes `.npy` bytes into a tensor; `name` labels errors (a path or an array name).
    public static func decode(_ bytes: [UInt8], name: String) throws(WeightFileError) -> Tensor {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw .malformed(path: name, reason: "not a .npy array (magic bytes missing)")
        }
        let major = bytes[6]
        let lengthBytes: Int
        switch major {
        case 1: lengthBytes = 2
        case 2, 3: lengthBytes = 4
        default: throw .malformed(path: name, reason: ".npy format version \(major).\(bytes[7]) is not supported")
        }
        guard bytes.count >= 8 + lengthBytes else { throw .malformed(path: name, reason: "truncated .npy preamble") }
        var headerLength = 0
        for index in 0..<lengthBytes { headerLength |= Int(bytes[8 + index]) << (8 * index) }
        let dataStart = 8 + lengthBytes + headerLength
        guard headerLength <= maximumHeaderBytes, dataStart <= bytes.count else {
            throw .malformed(path: name, reason: "header length \(headerLength) exceeds the file or the limit")
        }
        let headerText = String(decoding: bytes[(8 + lengthBytes)..<dataStart], as: UTF8.self)
        let header = try NumPyHeader(parsing: headerText, name: name)

        guard header.descr == "<f4" else {
            throw .unsupportedDataType(path: name, tensor: "array", dataType: header.descr)
        }
        // Fortran order is the same memory for arrays of rank 0 or 1.
        guard !header.fortranOrder || header.shape.count <= 1 else {
            throw .malformed(path: name, reason: "Fortran-ordered arrays are not supported")
        }
        guard header.shape.count <= maximumRank else {
            throw .malformed(path: name, reason: "rank \(header.shape.count) exceeds \(maximumRank)")
        }
        let available = (bytes.count - dataStart) / 4
        var count = 1
        for extent in header.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow, product <= available else {
                throw .malformed(path: name, reason: "shape \(header.shape) needs more data than the file holds")
            }
            count = product
        }
        guard bytes.count - dataStart == 4 * count else {
            throw .malformed(
                path: name,
                reason: "data has \(bytes.count - dataStart) bytes, shape \(header.shape) needs \(4 * count)")
        }
        var values = [Float](repeating: 0, count: count)
        for index in 0..<count {
            let offset = dataStart + 4 * index
            let bits =
                UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24
            values[index] = Float(bitPattern: bits)
        }
        return Tensor(shape: header.shape, values: values)
    }

    /// Reads a `.npy` file.
    public static func read(path: String) throws(WeightFileError) -> Tensor {
        try decode(WeightFileAccess.read(path), name: path)
    }

    /// Writes `tensor` as a `.npy` file (atomically, via a rename).
    public static func write(_ tensor: Tensor, to path: String) throws(WeightFileError) {
        try WeightFileAccess.write(encode(tensor), to: path)
    }
}
