#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What went wrong reading or writing a weight file (safetensors or NumPy `.npy`).
///
/// Every case names the file (or the array, for in-memory decoding) so the person
/// who sees the message knows which input to look at.
public enum WeightFileError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened, read or written; `reason` is the system's message.
    case fileAccess(path: String, reason: String)
    /// The file is larger than the loader accepts.
    case tooLarge(path: String, bytes: Int, limit: Int)
    /// The bytes do not follow the format; `reason` says where and how.
    case malformed(path: String, reason: String)
    /// A tensor's element type is not one this loader supports.
    case unsupportedDataType(path: String, tensor: String, dataType: String)
    /// The arrays are well formed but do not fit the model spec.
    case invalidParameters(path: String, cause: ModelError)

    /// A sentence for the person who sees the error.
    public var description: String {
        switch self {
        case .fileAccess(let path, let reason): "\(path): cannot access weight file: \(reason)"
        case .tooLarge(let path, let bytes, let limit):
            "\(path): weight file is \(bytes) bytes, more than the limit of \(limit) bytes"
        case .malformed(let path, let reason): "\(path): malformed weight file: \(reason)"
        case .unsupportedDataType(let path, let tensor, let dataType):
            "\(path): tensor \(tensor) has dtype \(dataType), expected F32 (or I64 for num_batches_tracked)"
        case .invalidParameters(let path, let cause): "\(path): \(cause)"
        }
    }
}

/// Whole-file reads and writes with a size cap, shared by the weight formats.
enum WeightFileAccess {
    /// Largest weight file accepted: the default model is about 50 KB; this leaves
    /// room for much wider specs while keeping a bad path from exhausting memory.
    static let maximumFileBytes = 256 << 20

    /// Reads `path` completely after checking its size against `limit`.
    static func read(_ path: String, limit: Int = maximumFileBytes) throws(WeightFileError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw .fileAccess(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        guard fseeko(file, 0, SEEK_END) == 0 else {
            throw .fileAccess(path: path, reason: String(cString: strerror(errno)))
        }
        let size = Int(ftello(file))
        guard size >= 0 else { throw .fileAccess(path: path, reason: String(cString: strerror(errno))) }
        guard size <= limit else { throw .tooLarge(path: path, bytes: size, limit: limit) }
        rewind(file)
        var bytes = [UInt8](repeating: 0, count: size)
        let got = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, file) }
        guard got == size else { throw .fileAccess(path: path, reason: "short read: \(got) of \(size) bytes") }
        return bytes
    }

    /// Writes `bytes` to a temporary file beside `path` and renames it into place,
    /// so a crash never leaves a half-written model where a whole one was.
    static func write(_ bytes: [UInt8], to path: String) throws(WeightFileError) {
        let temporary = path + ".tmp"
        guard let file = fopen(temporary, "wb") else {
            throw .fileAccess(path: path, reason: String(cString: strerror(errno)))
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        let flushed = fflush(file) == 0
        fclose(file)
        guard written == bytes.count, flushed else {
            let reason = String(cString: strerror(errno))
            remove(temporary)
            throw .fileAccess(path: path, reason: "write failed: \(reason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            remove(temporary)
            throw .fileAccess(path: path, reason: "rename failed: \(reason)")
        }
    }
}
