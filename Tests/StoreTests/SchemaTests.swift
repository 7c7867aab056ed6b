import Testing

@testable import Store

@Suite struct SchemaTests {
    @Test func versionIsNotNegative() { #expect(StoreSchema.currentVersion >= 0) }
}
