import Glibc

/// A failed system call on a path, with errno's explanation.
struct SystemError: Error, CustomStringConvertible {
    /// The call that failed (`open`, `read`).
    var call: String
    /// The path it was given.
    var path: String
    /// errno right after the call.
    var code: Int32

    /// `open: No such file or directory`.
    var description: String { "\(call): \(String(cString: strerror(code)))" }
}

/// Whole-file reads for small inputs (configuration, model files).
enum SystemFile {
    /// Reads all bytes of `path`, refusing files larger than `limit` bytes.
    static func read(_ path: String, limit: Int = 64 << 20) throws(SystemError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError(call: "open", path: path, code: errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError(call: "read", path: path, code: errno)
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else { throw SystemError(call: "read", path: path, code: EFBIG) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
