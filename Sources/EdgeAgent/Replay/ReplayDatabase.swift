import Glibc
import Store

/// The database a replay writes: the one given with `--db` (durable settings), or a
/// fresh file in a temporary folder that is removed afterwards (no fsync: nothing
/// in it outlives the command).
struct ReplayDatabase {
    let path: String
    let configuration: StoreConfiguration
    private let temporaryFolder: String?

    init(path: String?) throws(CommandFailure) {
        if let path {
            self.path = path
            configuration = StoreConfiguration(path: path)
            temporaryFolder = nil
            return
        }
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((base + "/edge-agent-replay-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            // mkdtemp fills in the XXXXXX of the non-empty template buffer in place.
            mkdtemp(buffer.baseAddress!) != nil
        }
        guard created else {
            throw CommandFailure(.ioError, "cannot create a temporary database folder in \(base)")
        }
        let folder = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        temporaryFolder = folder
        self.path = folder + "/replay.db"
        configuration = StoreConfiguration(path: self.path, synchronous: .off, integrityCheck: .none)
    }

    /// Removes the temporary database and its folder (no-op for `--db`).
    func removeIfTemporary() {
        guard let temporaryFolder else { return }
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
        rmdir(temporaryFolder)
    }
}

/// Writes `text` to `path` through a temporary file and a rename, so a reader never
/// sees half a file and a failure leaves the old file (or none).
func writeAtomically(_ text: String, to path: String) throws(CommandFailure) {
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
        throw CommandFailure(.ioError, "cannot write \(path): \(String(cString: strerror(errno)))")
    }
    var bytes = Array(text.utf8)
    var offset = 0
    let failed = bytes.withUnsafeMutableBytes { buffer -> Int32 in
        while offset < buffer.count {
            // The base address is non-nil: the loop runs only for a non-empty buffer.
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }
    let synced = fsync(descriptor) == 0 ? 0 : errno
    close(descriptor)
    guard failed == 0, synced == 0, rename(temporary, path) == 0 else {
        let code = failed != 0 ? failed : synced != 0 ? synced : errno
        unlink(temporary)
        throw CommandFailure(.ioError, "cannot write \(path): \(String(cString: strerror(code)))")
    }
}

/// Paces a replay by the recording's timestamps: the window ending at recording
/// offset t is released no earlier than t after the replay started.
final class RealtimePacer {
    private let startNanos = ProgressBar.monotonicNanos()
    /// How many times faster than real time (1 = real time).
    private let factor: Double

    init(factor: Double) { self.factor = factor }

    func wait(until recordingOffsetMicros: Int64) {
        let target = startNanos + UInt64(Double(max(0, recordingOffsetMicros)) * 1000 / factor)
        while !StopSignal.isRequested {
            let now = ProgressBar.monotonicNanos()
            guard now < target else { return }
            // Sleep in slices of at most 200 ms so Ctrl-C is honoured promptly.
            let slice = min(target - now, 200_000_000)
            var request = timespec(tv_sec: Int(slice / 1_000_000_000), tv_nsec: Int(slice % 1_000_000_000))
            nanosleep(&request, nil)
        }
    }
}
