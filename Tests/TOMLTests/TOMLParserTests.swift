import Testing

@testable import TOML

@Suite struct TOMLParserTests {
    private func parse(_ text: String) throws(TOMLError) -> TOMLTable { try TOMLParser.parse(text) }

    private func table(_ node: TOMLNode?) -> TOMLTable? {
        if case .table(let table)? = node?.value { return table }
        return nil
    }

    @Test func readsScalarsWithTheirLines() throws {
        let document = try parse(
            """
            # comment
            name = "gateway-1"   # trailing comment
            port = 9_095
            hex = 0xFF
            ratio = 0.25
            big = 1e6
            on = true
            off = false
            """)
        #expect(document["name"] == TOMLNode(.string("gateway-1"), line: 2))
        #expect(document["port"]?.value == .integer(9095))
        #expect(document["hex"]?.value == .integer(255))
        #expect(document["ratio"]?.value == .float(0.25))
        #expect(document["big"]?.value == .float(1_000_000))
        #expect(document["on"]?.value == .boolean(true))
        #expect(document["off"]?.value == .boolean(false))
        #expect(document.keys == ["name", "port", "hex", "ratio", "big", "on", "off"])
    }

    @Test func readsEveryStringForm() throws {
        let document = try parse(
            #"""
            basic = "tab\there \u00e9 \"q\""
            literal = 'C:\path\no-escape'
            multi = """
            line one
            line two"""
            joined = """\
                a \
                b"""
            raw = '''
            keep \n as is'''
            """#)
        #expect(document["basic"]?.value == .string("tab\there é \"q\""))
        #expect(document["literal"]?.value == .string(#"C:\path\no-escape"#))
        #expect(document["multi"]?.value == .string("line one\nline two"))
        #expect(document["joined"]?.value == .string("a b"))
        #expect(document["raw"]?.value == .string(#"keep \n as is"#))
    }

    @Test func readsTablesDottedKeysAndArraysOfTables() throws {
        let document = try parse(
            """
            [store]
            quota_mb = 512
            limits.max_windows = 10

            [[device]]
            id = "a"
            [[device]]
            id = "b"
            tags = ["x", "y",
                    "z",  # comment inside
            ]
            point = { x = 1, y = -2.5 }
            """)
        let store = try #require(table(document["store"]))
        #expect(store["quota_mb"]?.value == .integer(512))
        #expect(table(store["limits"])?["max_windows"]?.value == .integer(10))
        guard case .array(let devices)? = document["device"]?.value else {
            Issue.record("device is not an array")
            return
        }
        #expect(devices.count == 2)
        let second = try #require(table(devices[1]))
        #expect(second["id"]?.value == .string("b"))
        guard case .array(let tags)? = second["tags"]?.value else {
            Issue.record("tags is not an array")
            return
        }
        #expect(tags.map(\.value) == [.string("x"), .string("y"), .string("z")])
        #expect(table(second["point"])?["y"]?.value == .float(-2.5))
    }

    @Test func readsSpecialFloats() throws {
        let document = try parse("a = inf\nb = -inf\nc = nan\nd = -0.5e-3")
        #expect(document["a"]?.value == .float(.infinity))
        #expect(document["b"]?.value == .float(-.infinity))
        guard case .float(let nan)? = document["c"]?.value else {
            Issue.record("c is not a float")
            return
        }
        #expect(nan.isNaN)
        #expect(document["d"]?.value == .float(-0.0005))
    }

    @Test(arguments: [
        ("a = 1\na = 2", 2, "defined twice"),
        ("[t]\nx = 1\n[t]\ny = 2", 3, "defined twice"),
        ("a = \"unterminated", 1, "not closed"),
        ("a = 01", 1, "not a valid number"),
        ("a = 1_", 1, "not a valid number"),
        ("a = bare", 1, "strings need quotes"),
        ("\n\na 1", 3, "expected '='"),
        ("a = 1 b = 2", 1, "unexpected text"),
        ("a = [1, 2", 1, "not closed"),
        ("a = 1979-05-27", 1, "dates and times are not supported"),
        ("a = 99999999999999999999", 1, "64 bits"),
        ("a = \"\\q\"", 1, "unknown escape"),
        ("x = 1\n[x]\n", 2, "redefines key x"),
        ("p = { a = 1 }\n[p]\n", 2, "defined twice"),
    ])
    func reportsErrorsWithTheirLine(source: String, line: Int, fragment: String) {
        do {
            _ = try parse(source)
            Issue.record("expected an error for \(source)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        }
    }

    @Test func refusesHostileNesting() {
        let source = "a = " + String(repeating: "[", count: 10_000)
        #expect(throws: TOMLError.self) { try parse(source) }
    }
}
