#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a Parquet file's bytes come from: an open file read with `pread` (only the parts
/// needed), or a buffer already in memory (tests, fuzzing).
final class ByteSource: @unchecked Sendable {
    // Unchecked Sendable: the descriptor is only read with pread (no shared offset) and the
    // buffer is immutable, so concurrent readers are safe.
    private enum Storage {
        case file(descriptor: Int32)
        case memory([UInt8])
    }

    private let storage: Storage
    /// Total size in bytes.
    let size: Int
    /// Name used in errors.
    let name: String

    /// Opens `path` read-only.
    init(path: String) throws {
        name = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ParquetError(file: path, reason: .io(call: "open", errno: errno)) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw ParquetError(file: path, reason: .io(call: "fstat", errno: code))
        }
        storage = .file(descriptor: descriptor)
        size = Int(info.st_size)
    }

    /// Wraps bytes in memory.
    init(bytes: [UInt8], name: String) {
        self.name = name
        storage = .memory(bytes)
        size = bytes.count
    }

    deinit {
        if case .file(let descriptor) = storage { close(descriptor) }
    }

    /// Reads `count` bytes at `offset`; the range must lie inside the file (checked).
    func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ParquetError(
                file: name,
                reason: .limitExceeded(what: "read of \(count) bytes at offset \(offset)", value: offset, limit: size))
        }
        switch storage {
        case .memory(let bytes):
            return Array(bytes[offset..<offset + count])
        case .file(let descriptor):
            var buffer = [UInt8](repeating: 0, count: count)
            var done = 0
            var failure: Int32 = 0
            buffer.withUnsafeMutableBytes { target in
                while done < count {
                    let result = pread(descriptor, target.baseAddress! + done, count - done, off_t(offset + done))  // count > 0 here
                    if result > 0 {
                        done += result
                    } else if result == 0 {
                        failure = EIO
                        return
                    } else if errno != EINTR {
                        failure = errno
                        return
                    }
                }
            }
            guard failure == 0 else { throw ParquetError(file: name, reason: .io(call: "pread", errno: failure)) }
            return buffer
        }
    }
}
