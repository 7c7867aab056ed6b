import Testing

@testable import Store

@Suite struct WindowStoreTests {
    @Test func windowsRoundTripWithinTheCodecPrecision() throws {
        let (store, _) = try makeStore("windows")
        var window = scoredWindow("strap", 0, flagged: true, label: true)
        window.labelledSamples = 200
        window.totalSamples = 250
        #expect(try store.appendWindows([window, scoredWindow("strap", 1)]) == 2)
        let stored = try store.windows(deviceID: "strap")
        #expect(stored.count == 2)
        let first = stored[0].window
        #expect(first.startMicros == window.startMicros && first.endMicros == window.endMicros)
        #expect(first.flagged && first.score == 0.9 && first.label == true && first.labelledSamples == 200)
        #expect(first.channels == 4 && first.samples.count == 1000)
        for channel in 0..<4 {
            let values = window.samples[(channel * 250)..<((channel + 1) * 250)]
            let bound = (values.max()! - values.min()!) / 131_070 + 1e-5  // non-empty: 250 values
            for index in values.indices { #expect(abs(first.samples[index] - window.samples[index]) <= bound) }
        }
        #expect(try store.devices().map(\.id) == ["strap"])
    }

    @Test func nonFiniteSamplesAreRejectedBeforeWriting() throws {
        let (store, _) = try makeStore("nonfinite")
        var window = scoredWindow("strap", 0)
        window.samples[600] = .nan
        #expect(throws: StoreError.self) { try store.appendWindows([scoredWindow("strap", 1), window]) }
        #expect(try store.windowCount() == 0)
    }

    @Test func flaggedWindowsMergeIntoEvents() throws {
        let (store, _) = try makeStore("events", gapToleranceMicros: 0)
        // Device a: windows 0-2 flagged (one episode), 3 not, 5-6 flagged (a second episode).
        // Device b: window 1 flagged.
        try store.appendWindows(
            [0, 1, 2, 3, 5].map { scoredWindow("a", $0, flagged: $0 != 3, score: 0.5 + Double($0) / 100) }
                + [scoredWindow("b", 1, flagged: true)])
        // The second episode is extended as the next batch arrives.
        try store.appendWindows([scoredWindow("a", 6, flagged: true, score: 0.99)])

        let events = try store.events(deviceID: "a")
        #expect(events.count == 2)
        let base: Int64 = 1_700_000_000_000_000
        #expect(events[0].startMicros == base && events[0].endMicros == base + 15_000_000)
        #expect(events[0].windowCount == 3 && events[0].peakScore == 0.52)
        #expect(events[1].startMicros == base + 25_000_000 && events[1].endMicros == base + 35_000_000)
        #expect(events[1].windowCount == 2 && events[1].peakScore == 0.99)
        #expect(try store.events(deviceID: "b").count == 1)

        // Storing the same windows again (a replay run twice) changes nothing.
        try store.appendWindows([scoredWindow("a", 5, flagged: true), scoredWindow("a", 6, flagged: true, score: 0.99)])
        #expect(try store.events(deviceID: "a") == events)
        #expect(try store.windowCount() == 7)
    }

    @Test func overlappingWindowsAndToleranceMergeOneEpisode() throws {
        let (store, _) = try makeStore("overlap", gapToleranceMicros: 5_000_000)
        // Half-overlapping flagged windows, then one unflagged window's worth of quiet.
        func flagged(at seconds: Double) -> ScoredWindow {
            var window = scoredWindow("a", 0, flagged: true)
            window.startMicros += Int64(seconds * 1e6)
            window.endMicros += Int64(seconds * 1e6)
            return window
        }
        // Four half-overlapping windows (0-12.5 s), one starting exactly the tolerance after
        // the episode's end (17.5 s), one beyond it (35 s).
        let windows = [0, 2.5, 5, 7.5, 17.5, 35].map { flagged(at: $0) }
        try store.appendWindows(windows)
        let events = try store.events(deviceID: "a")
        #expect(events.map(\.windowCount) == [5, 1])
    }

    @Test func acknowledgedEventsAreNotExtended() throws {
        let (store, _) = try makeStore("ack")
        try store.appendWindows([scoredWindow("a", 0, flagged: true)])
        let first = try #require(try store.events().first)
        try store.acknowledgeEvent(id: first.id, atMicros: 42)
        try store.appendWindows([scoredWindow("a", 1, flagged: true)])
        let events = try store.events()
        #expect(events.count == 2)
        #expect(events[0].acknowledgedMicros == 42 && events[1].acknowledgedMicros == nil)
        #expect(throws: StoreError.notFound(what: "event 999")) { try store.acknowledgeEvent(id: 999, atMicros: 1) }
    }

    @Test func summaryCountsPerDeviceAndListsEvents() throws {
        let (store, _) = try makeStore("summary", gapToleranceMicros: 0)
        try store.appendWindows(
            (0..<10).map { scoredWindow("a", $0, flagged: (4...5).contains($0), label: $0 >= 4) }
                + (0..<3).map { scoredWindow("b", $0) })
        let summary = try store.summary()
        #expect(summary.devices.map(\.deviceID) == ["a", "b"])
        #expect(summary.devices[0].windows == 10 && summary.devices[0].flaggedWindows == 2)
        #expect(summary.devices[0].labelledWindows == 10 && summary.devices[0].anomalousLabelledWindows == 6)
        #expect(summary.devices[1].labelledWindows == 0)
        #expect(summary.devices[0].firstStartMicros == 1_700_000_000_000_000)
        #expect(summary.devices[0].lastEndMicros == 1_700_000_000_000_000 + 50_000_000)
        #expect(summary.totalWindows == 13 && summary.totalFlaggedWindows == 2)
        #expect(summary.events.count == 1 && summary.events[0].windowCount == 2)

        // A time range restricts both counts and events.
        let early = try store.summary(toMicros: 1_700_000_000_000_000 + 20_000_000)
        #expect(early.totalWindows == 7 && early.events.isEmpty)
    }

    @Test func labelAnnotationsAreStoredAndQueried() throws {
        let (store, _) = try makeStore("labels")
        let label = AgentStore.LabelAnnotation(
            deviceID: "a", startMicros: 10, endMicros: 20, kind: "fall", source: "operator")
        try store.addLabel(label, nowMicros: 30)
        #expect(try store.labels(deviceID: "a") == [label])
        #expect(try store.labels(deviceID: "a", fromMicros: 21).isEmpty)
        #expect(throws: StoreError.self) {
            try store.addLabel(
                AgentStore.LabelAnnotation(deviceID: "a", startMicros: 5, endMicros: 4, kind: "x", source: "y"),
                nowMicros: 0)
        }
    }
}
