extension AgentStore {
    /// Merges a flagged window into its device's latest event, or starts a new event.
    ///
    /// The window joins the latest event when they overlap or the gap between them is at most
    /// `configuration.eventGapToleranceMicros`, and the event is not acknowledged (activity
    /// after an acknowledgement is a new event, so the operator sees it). The window count
    /// grows only when the window extends the event's end, so storing the same window again
    /// (a replay run twice) leaves the event unchanged.
    func mergeIntoEvent(_ window: ScoredWindow, deviceRow: Int64) throws {
        let latest = try database.prepare(
            """
            SELECT id, start_micros, end_micros, acknowledged FROM events
            WHERE device_id = ?1 ORDER BY end_micros DESC LIMIT 1
            """)
        latest.bind(deviceRow, at: 1)
        if try latest.step() {
            let id = latest.int64(at: 0)
            let start = latest.int64(at: 1)
            let end = latest.int64(at: 2)
            let acknowledged = latest.int64(at: 3) != 0
            latest.reset()
            let tolerance = configuration.eventGapToleranceMicros
            let touches =
                window.startMicros <= end.addingReportingOverflow(tolerance).partialValue
                && window.endMicros >= start.subtractingReportingOverflow(tolerance).partialValue
            if touches && !acknowledged {
                let update = try database.prepare(
                    """
                    UPDATE events SET start_micros = min(start_micros, ?2), end_micros = max(end_micros, ?3),
                        peak_score = max(peak_score, ?4),
                        window_count = window_count + (CASE WHEN ?3 > end_micros THEN 1 ELSE 0 END)
                    WHERE id = ?1
                    """)
                update.bind(id, at: 1)
                update.bind(window.startMicros, at: 2)
                update.bind(window.endMicros, at: 3)
                update.bind(window.score, at: 4)
                try update.run()
                return
            }
        }
        let insert = try database.prepare(
            """
            INSERT INTO events (device_id, start_micros, end_micros, peak_score, window_count)
            VALUES (?1, ?2, ?3, ?4, 1)
            """)
        insert.bind(deviceRow, at: 1)
        insert.bind(window.startMicros, at: 2)
        insert.bind(window.endMicros, at: 3)
        insert.bind(window.score, at: 4)
        try insert.run()
    }

    /// Events overlapping `[fromMicros, toMicros)`, optionally of one device, by start time.
    /// - Throws: `StoreError.sqlite`.
    public func events(
        deviceID: String? = nil, fromMicros: Int64 = .min, toMicros: Int64 = .max
    ) throws
        -> [EventRecord]
    {
        let statement = try database.prepare(
            """
            SELECT e.id, d.external_id, e.start_micros, e.end_micros, e.peak_score, e.window_count,
                   e.acknowledged_micros
            FROM events e JOIN devices d ON d.id = e.device_id
            WHERE (?1 IS NULL OR d.external_id = ?1) AND e.end_micros > ?2 AND e.start_micros < ?3
            ORDER BY e.start_micros, e.id
            """)
        statement.bind(deviceID, at: 1)
        statement.bind(fromMicros, at: 2)
        statement.bind(toMicros, at: 3)
        var result: [EventRecord] = []
        while try statement.step() {
            result.append(
                EventRecord(
                    id: statement.int64(at: 0), deviceID: statement.string(at: 1), startMicros: statement.int64(at: 2),
                    endMicros: statement.int64(at: 3), peakScore: statement.double(at: 4),
                    windowCount: statement.int(at: 5), acknowledgedMicros: statement.optionalInt64(at: 6)))
        }
        return result
    }

    /// Marks event `id` acknowledged at `atMicros`.
    /// - Throws: `StoreError.notFound` when there is no such event, `.sqlite`.
    public func acknowledgeEvent(id: Int64, atMicros: Int64) throws {
        try database.transaction {
            let statement = try database.prepare(
                "UPDATE events SET acknowledged = 1, acknowledged_micros = ?2 WHERE id = ?1")
            statement.bind(id, at: 1)
            statement.bind(atMicros, at: 2)
            try statement.run()
            if database.changes == 0 { throw StoreError.notFound(what: "event \(id)") }
        }
    }

    // MARK: - Label annotations

    /// A labelled time range of one device (e.g. "fall" entered by a nurse, or from a file).
    public struct LabelAnnotation: Sendable, Equatable {
        /// The device's external id.
        public var deviceID: String
        /// Start and end of the labelled range (µs).
        public var startMicros: Int64
        /// See `startMicros`.
        public var endMicros: Int64
        /// What happened ("anomaly", "fall", "normal", …).
        public var kind: String
        /// Who said so ("replay-file", "operator", …).
        public var source: String

        /// Creates an annotation.
        public init(deviceID: String, startMicros: Int64, endMicros: Int64, kind: String, source: String) {
            self.deviceID = deviceID
            self.startMicros = startMicros
            self.endMicros = endMicros
            self.kind = kind
            self.source = source
        }
    }

    /// Stores a label annotation.
    /// - Throws: `StoreError.invalidArgument` when end < start, `.sqlite`.
    public func addLabel(_ label: LabelAnnotation, nowMicros: Int64) throws {
        guard label.endMicros >= label.startMicros else {
            throw StoreError.invalidArgument(
                name: "label range", reason: "end \(label.endMicros) is before start \(label.startMicros)")
        }
        try database.transaction {
            let deviceRow = try upsertDevice(label.deviceID, seenAtMicros: label.endMicros)
            let statement = try database.prepare(
                """
                INSERT INTO label_annotations (device_id, start_micros, end_micros, kind, source, created_micros)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """)
            statement.bind(deviceRow, at: 1)
            statement.bind(label.startMicros, at: 2)
            statement.bind(label.endMicros, at: 3)
            statement.bind(label.kind, at: 4)
            statement.bind(label.source, at: 5)
            statement.bind(nowMicros, at: 6)
            try statement.run()
        }
    }

    /// Label annotations of `deviceID` overlapping `[fromMicros, toMicros)`, by start.
    /// - Throws: `StoreError.sqlite`.
    public func labels(
        deviceID: String, fromMicros: Int64 = .min, toMicros: Int64 = .max
    ) throws
        -> [LabelAnnotation]
    {
        let statement = try database.prepare(
            """
            SELECT l.start_micros, l.end_micros, l.kind, l.source
            FROM label_annotations l JOIN devices d ON d.id = l.device_id
            WHERE d.external_id = ?1 AND l.end_micros >= ?2 AND l.start_micros < ?3
            ORDER BY l.start_micros, l.id
            """)
        statement.bind(deviceID, at: 1)
        statement.bind(fromMicros, at: 2)
        statement.bind(toMicros, at: 3)
        var result: [LabelAnnotation] = []
        while try statement.step() {
            result.append(
                LabelAnnotation(
                    deviceID: deviceID, startMicros: statement.int64(at: 0), endMicros: statement.int64(at: 1),
                    kind: statement.string(at: 2), source: statement.string(at: 3)))
        }
        return result
    }
}
