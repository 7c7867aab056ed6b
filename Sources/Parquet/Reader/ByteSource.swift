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

    /// Reads `count` bytes at `offset` into the start of `buffer`, growing it when it is too
    /// small; reusing one buffer across chunks avoids fresh pages for every column.
    func read(offset: Int, count: Int, into buffer: inout [UInt8]) throws {
        guard buffer.count >= count else {
            buffer = try read(offset: offset, count: count)
            return
        }
        guard case .file(let descriptor) = storage else {
            let data = try read(offset: offset, count: count)
            buffer.replaceSubrange(0..<count, with: data)
            return
        }
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ParquetError(
                file: name,
                reason: .limitExceeded(what: "read of \(count) bytes at offset \(offset)", value: offset, limit: size))
        }
        var failure: Int32 = 0
        buffer.withUnsafeMutableBytes { target in
            var done = 0
            while done < count {
                // count > done >= 0 and target holds at least count bytes.
                let result = pread(descriptor, target.baseAddress! + done, count - done, off_t(offset + done))
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
            var failure: Int32 = 0
            // Uninitialised capacity: pread fills it, so no zero-fill pass over large chunks.
            let buffer = [UInt8](unsafeUninitializedCapacity: count) { target, initialized in
                LargeBuffers.adviseHugePages(UnsafeMutableRawBufferPointer(target))
                var done = 0
                while done < count {
                    // count > done >= 0, so baseAddress is non-nil here.
                    let result = pread(descriptor, target.baseAddress! + done, count - done, off_t(offset + done))
                    if result > 0 {
                        done += result
                    } else if result == 0 {
                        failure = EIO
                        break
                    } else if errno != EINTR {
                        failure = errno
                        break
                    }
                }
                initialized = failure == 0 ? count : 0
            }
            guard failure == 0 else { throw ParquetError(file: name, reason: .io(call: "pread", errno: failure)) }
            return buffer
        }
    }
}
