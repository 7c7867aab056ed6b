import Testing

@testable import Store

@Suite struct CapacityTests {
    /// The README's capacity sentence rests on this: a stored 250 × 4 window with its row,
    /// index entry and page overhead costs about 2.7 KB with 8 KiB pages (three rows per page).
    @Test func aStoredWindowCostsUnderThreeKilobytes() throws {
        let (store, _) = try makeStore("capacity")
        let empty = try store.storageUsage().usedBytes
        let windows = 6000
        for batch in stride(from: 0, to: windows, by: 500) {
            try store.appendWindows(
                (batch..<(batch + 500)).map { scoredWindow("strap", $0, flagged: $0 % 100 == 0, label: $0 % 2 == 0) })
        }
        let perWindow = Double(try store.storageUsage().usedBytes - empty) / Double(windows)
        print("store capacity: bytes per window row = \(Int(perWindow.rounded()))")
        #expect(perWindow > 2036 && perWindow < 3000)
    }
}
