extension AgentStore {
    /// Stores `windows` in one transaction (devices upserted, flagged windows merged into events)
    /// and returns how many were written. When this returns, the batch is committed: it survives
    /// a crash of the agent (see `StoreOpener.configureConnection` for power loss).
    ///
    /// A window that is already stored (same device and start) is replaced, so replaying a
    /// file twice into one database does not duplicate windows or inflate events.
    /// - Throws: `StoreError.sqlite` (the whole batch is rolled back; `isDiskFull` when the disk
    ///   or size limit is full), `.invalidArgument` for a window with non-finite samples.
    @discardableResult
    public func appendWindows(_ windows: [ScoredWindow]) throws -> Int {
        guard !windows.isEmpty else { return 0 }
        // Encode outside the transaction so the write lock is held only for the writes.
        let blobs = try windows.map { window in
            try window.samples.withUnsafeBufferPointer { try WindowDataCodec.encode($0, channels: window.channels) }
        }
        try database.transaction {
            var lastDevice: (external: String, row: Int64)?
            for (window, blob) in zip(windows, blobs) {
                let deviceRow: Int64
                if let lastDevice, lastDevice.external == window.deviceID {
                    deviceRow = lastDevice.row
                } else {
                    deviceRow = try upsertDevice(window.deviceID, seenAtMicros: window.endMicros)
                    lastDevice = (window.deviceID, deviceRow)
                }
                try insertWindow(window, blob: blob, deviceRow: deviceRow)
                if window.flagged { try mergeIntoEvent(window, deviceRow: deviceRow) }
            }
            // Keep last_seen current for every device of the batch (cheap: one row per device).
            var lastSeen: [String: Int64] = [:]
            for window in windows {
                lastSeen[window.deviceID] = max(lastSeen[window.deviceID] ?? .min, window.endMicros)
            }
            for (device, micros) in lastSeen { try upsertDevice(device, seenAtMicros: micros) }
        }
        return windows.count
    }

    private func insertWindow(_ window: ScoredWindow, blob: [UInt8], deviceRow: Int64) throws {
        let statement = try database.prepare(
            """
            INSERT INTO windows (device_id, start_micros, end_micros, data, score, flagged, label, model_version,
                                 labelled_samples, total_samples)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            ON CONFLICT (device_id, start_micros) DO UPDATE SET
                end_micros = excluded.end_micros, data = excluded.data, score = excluded.score,
                flagged = excluded.flagged, label = excluded.label, model_version = excluded.model_version,
                labelled_samples = excluded.labelled_samples, total_samples = excluded.total_samples
            """)
        statement.bind(deviceRow, at: 1)
        statement.bind(window.startMicros, at: 2)
        statement.bind(window.endMicros, at: 3)
        statement.bind(blob, at: 4)
        statement.bind(window.score, at: 5)
        statement.bind(window.flagged ? 1 : 0, at: 6)
        statement.bind(window.label.map { Int64($0 ? 1 : 0) }, at: 7)
        statement.bind(window.modelVersion, at: 8)
        statement.bind(window.labelledSamples.map(Int64.init), at: 9)
        statement.bind(window.totalSamples.map(Int64.init), at: 10)
        try statement.run()
    }

    // MARK: - Reading windows

    /// Windows of `deviceID` starting in `[fromMicros, toMicros)`, oldest first, at most `limit`.
    /// `labelledOnly` keeps only windows with a label (training data).
    /// - Throws: `StoreError.sqlite`, `.invalidWindowData` for a damaged blob.
    public func windows(
        deviceID: String, fromMicros: Int64 = .min, toMicros: Int64 = .max, labelledOnly: Bool = false,
        limit: Int = 10_000
    ) throws -> [StoredWindow] {
        guard let deviceRow = try deviceRowID(deviceID) else { return [] }
        let statement = try database.prepare(
            """
            SELECT id, start_micros, end_micros, data, score, flagged, label, model_version,
                   labelled_samples, total_samples
            FROM windows
            WHERE device_id = ?1 AND start_micros >= ?2 AND start_micros < ?3 AND (?4 = 0 OR label IS NOT NULL)
            ORDER BY start_micros LIMIT ?5
            """)
        statement.bind(deviceRow, at: 1)
        statement.bind(fromMicros, at: 2)
        statement.bind(toMicros, at: 3)
        statement.bind(labelledOnly ? 1 : 0, at: 4)
        statement.bind(limit, at: 5)
        var result: [StoredWindow] = []
        while try statement.step() {
            let decoded = try statement.withBlob(at: 3) { try WindowDataCodec.decode($0) }
            let window = ScoredWindow(
                deviceID: deviceID, startMicros: statement.int64(at: 1), endMicros: statement.int64(at: 2),
                samples: decoded.samples, channels: decoded.channels, score: statement.double(at: 4),
                flagged: statement.int64(at: 5) != 0, label: statement.optionalInt64(at: 6).map { $0 != 0 },
                labelledSamples: statement.optionalInt64(at: 8).map(Int.init),
                totalSamples: statement.optionalInt64(at: 9).map(Int.init), modelVersion: statement.string(at: 7))
            result.append(StoredWindow(rowID: statement.int64(at: 0), window: window))
        }
        return result
    }

    /// The number of stored windows (all devices).
    /// - Throws: `StoreError.sqlite`.
    public func windowCount() throws -> Int {
        let statement = try database.prepare("SELECT count(*) FROM windows")
        _ = try statement.step()
        let count = statement.int(at: 0)
        statement.reset()
        return count
    }

    /// Per-device window counts and the events overlapping `[fromMicros, toMicros)`:
    /// what a replay prints at the end. Each device's counts come from a range of the
    /// (device, start) index, so a replay's summary reads only that replay's rows, not the
    /// whole store.
    /// - Throws: `StoreError.sqlite`.
    public func summary(fromMicros: Int64 = .min, toMicros: Int64 = .max) throws -> StoreSummary {
        let deviceList = try database.prepare("SELECT id, external_id FROM devices ORDER BY external_id")
        var known: [(row: Int64, id: String)] = []
        while try deviceList.step() { known.append((deviceList.int64(at: 0), deviceList.string(at: 1))) }

        let counts = try database.prepare(
            """
            SELECT count(*), coalesce(sum(flagged), 0), count(label), coalesce(sum(label), 0),
                   min(start_micros), max(end_micros)
            FROM windows WHERE device_id = ?1 AND start_micros >= ?2 AND start_micros < ?3
            """)
        var devices: [DeviceSummary] = []
        for device in known {
            counts.reset()
            counts.bind(device.row, at: 1)
            counts.bind(fromMicros, at: 2)
            counts.bind(toMicros, at: 3)
            guard try counts.step(), counts.int(at: 0) > 0 else { continue }
            devices.append(
                DeviceSummary(
                    deviceID: device.id, windows: counts.int(at: 0), flaggedWindows: counts.int(at: 1),
                    labelledWindows: counts.int(at: 2), anomalousLabelledWindows: counts.int(at: 3),
                    firstStartMicros: counts.int64(at: 4), lastEndMicros: counts.int64(at: 5)))
        }
        counts.reset()
        return StoreSummary(devices: devices, events: try events(fromMicros: fromMicros, toMicros: toMicros))
    }
}
