/// Buffers that decoding a column chunk needs besides its output, handed from chunk to chunk
/// and from row group to row group (through `RowGroupData` and `ReplayBatch`): allocated
/// once per file instead of once per chunk, they cost no fresh pages (page faults and
/// zeroing) after the first row group. Every use overwrites what it reads.
struct DecodeScratch: Sendable {
    /// The column chunk's bytes as stored in the file.
    var chunkBytes: [UInt8] = []
    /// Decompressed page bytes.
    var page: [UInt8] = []
    /// Definition levels of one page.
    var levels: [UInt32] = []
    /// Dictionary indices of one step of a gather.
    var indices: [UInt32] = []

    /// Moves the buffers out, leaving empty ones, so the taker holds the only references and
    /// writes to them do not copy.
    mutating func take() -> DecodeScratch {
        let buffers = self
        self = DecodeScratch()
        return buffers
    }
}
