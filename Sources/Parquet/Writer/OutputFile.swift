import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The file a writer produces, written under a temporary name beside the
/// destination and renamed over it only when complete, so a failure or a crash
/// never leaves a half-written file under the real name.
final class OutputFile {
    /// The final path.
    let path: String
    /// The temporary path written until `commit()`.
    let temporaryPath: String
    /// Bytes written (or buffered) so far: the offset of the next byte.
    private(set) var position: Int64 = 0
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let bufferLimit = 1 << 20
    private var isOpen = true

    /// Serial numbers keep temporary names unique when one process writes the same path twice.
    private static let serial = Atomic<Int>(0)

    /// Creates the temporary file beside `path` (exclusive create, mode 0644).
    init(path: String) throws(ParquetWriteError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let number = Self.serial.wrappingAdd(1, ordering: .relaxed).newValue
        temporaryPath = "\(directory).\(name).partial-\(getpid())-\(number)"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw Self.failure(temporaryPath, "open") }
        buffer.reserveCapacity(bufferLimit)
    }

    deinit {
        if isOpen { abandon() }
    }

    /// Appends bytes, writing through once the buffer is full.
    func write(_ bytes: UnsafeRawBufferPointer) throws(ParquetWriteError) {
        position += Int64(bytes.count)
        if buffer.count + bytes.count > bufferLimit { try flush() }
        if bytes.count >= bufferLimit {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends an array of bytes.
    func write(_ bytes: [UInt8]) throws(ParquetWriteError) {
        // Typed throws cannot pass through withUnsafeBytes, so the error is carried out by hand.
        var failure: ParquetWriteError?
        bytes.withUnsafeBytes { raw in
            do throws(ParquetWriteError) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Flushes, syncs to storage, closes and renames the file to its final name.
    func commit() throws(ParquetWriteError) {
        do throws(ParquetWriteError) {
            try flush()
            if fsync(descriptor) != 0 { throw Self.failure(temporaryPath, "fsync") }
            let closed = close(descriptor)
            isOpen = false
            if closed != 0 { throw Self.failure(temporaryPath, "close") }
            if rename(temporaryPath, path) != 0 { throw Self.failure(path, "rename") }
            syncDirectory()
        } catch {
            if isOpen { close(descriptor) }
            isOpen = false
            unlink(temporaryPath)
            throw error
        }
    }

    /// Closes and deletes the temporary file; the destination is left untouched.
    func abandon() {
        guard isOpen else { return }
        close(descriptor)
        unlink(temporaryPath)
        isOpen = false
    }

    /// Makes the rename itself durable (a power cut on an SD card must not lose the new name). Best effort:
    /// some filesystems refuse fsync on directories, and the file's own data is already synced.
    private func syncDirectory() {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let handle = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard handle >= 0 else { return }
        _ = fsync(handle)
        close(handle)
    }

    private func flush() throws(ParquetWriteError) {
        guard !buffer.isEmpty else { return }
        var failure: ParquetWriteError?
        buffer.withUnsafeBytes { raw in
            do throws(ParquetWriteError) { try writeAll(raw) } catch { failure = error }
        }
        if let failure { throw failure }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(ParquetWriteError) {
        var offset = 0
        while offset < bytes.count {
            // The base address is non-nil: the loop only runs for a non-empty buffer.
            let written = writeToDescriptor(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure(temporaryPath, "write")
            }
            offset += written
        }
    }

    private static func failure(_ path: String, _ call: String) -> ParquetWriteError {
        let code = errno
        return .io(path: path, call: call, errno: code, message: String(cString: strerror(code)))
    }
}

/// The C `write(2)`, named apart from `OutputFile.write`.
private func writeToDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
