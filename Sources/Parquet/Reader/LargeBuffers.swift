#if canImport(Glibc)
import Glibc
#endif

/// Hints for the multi-megabyte buffers a row group needs (column arrays, chunk bytes).
enum LargeBuffers {
    /// Smallest buffer worth the hint: one huge page (2 MiB on x86-64 and on arm64 with 4 KiB
    /// pages).
    static let hugePageBytes = 2 << 20

    /// Asks Linux to back `buffer` with transparent huge pages: a fresh row group's arrays
    /// are otherwise faulted in and zeroed 4 KiB at a time, which cost more than decoding them
    /// (measured: about 11,000 faults, 30 ms, per 4.3 M-row file's first row group). The
    /// advice covers the whole pages around the buffer, so a buffer malloc placed in a mapping
    /// of its own marks that mapping entire (Linux aligns large mappings to 2 MiB, and a huge
    /// page needs its 2 MiB range inside one marked mapping). Only a hint: without THP, or
    /// on other systems, nothing changes; a failure is ignored.
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= hugePageBytes, let base = buffer.baseAddress else { return }
        let pageMask = UInt(max(sysconf(Int32(_SC_PAGESIZE)), 4096) - 1)
        let start = UInt(bitPattern: base) & ~pageMask
        let end = (UInt(bitPattern: base) + UInt(buffer.count) + pageMask) & ~pageMask
        guard let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, Int(end - start), MADV_HUGEPAGE)
        #endif
    }
}
