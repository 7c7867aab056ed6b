import Testing

@testable import EdgeAgent

@Suite struct ArgumentParserTests {
    private let command = CommandSpec(
        name: "demo", summary: "", discussion: "",
        positionals: [PositionalSpec(name: "FILE", help: "input", isRequired: true)],
        options: [
            OptionSpec(long: "hop", short: nil, valueName: "N", help: ""),
            OptionSpec(long: "threshold", short: "t", valueName: "P", help: ""),
            OptionSpec(long: "json", short: "j", valueName: nil, help: ""),
        ],
        run: { _ in .success })

    @Test func acceptsEverySpelling() throws {
        let parsed = try ArgumentParser.parse(["--hop=125", "-t", "0.7", "-j", "file.parquet"], for: command)
        #expect(parsed.value("hop") == "125")
        #expect(parsed.value("threshold") == "0.7")
        #expect(parsed.flag("json"))
        #expect(parsed.positionals == ["file.parquet"])

        let joined = try ArgumentParser.parse(["-jt0.9", "--hop", "50", "x"], for: command)
        #expect(joined.value("threshold") == "0.9")
        #expect(joined.value("hop") == "50")
        #expect(joined.flag("json"))
    }

    @Test func treatsEverythingAfterDoubleDashAsPositional() throws {
        let parsed = try ArgumentParser.parse(["--", "--json"], for: command)
        #expect(parsed.positionals == ["--json"])
        #expect(!parsed.flag("json"))
    }

    @Test func negativeNumbersAreValues() throws {
        #expect(try ArgumentParser.parse(["--hop", "-5", "x"], for: command).value("hop") == "-5")
    }

    @Test(arguments: [
        (["--fast", "x"], "unknown option '--fast'"),
        (["-z", "x"], "unknown option '-z'"),
        (["x", "--hop"], "needs a value"),
        (["--json=yes", "x"], "takes no value"),
        ([], "missing FILE"),
        (["x", "y"], "unexpected argument 'y'"),
        (["--hop", "1", "--hop", "2", "x"], "more than once"),
    ])
    func rejectsWrongUsage(arguments: [String], fragment: String) {
        do {
            _ = try ArgumentParser.parse(arguments, for: command)
            Issue.record("expected a usage error for \(arguments)")
        } catch {
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func helpNeedsNoPositionals() throws {
        #expect(try ArgumentParser.parse(["--help"], for: command).flag("help"))
    }
}
