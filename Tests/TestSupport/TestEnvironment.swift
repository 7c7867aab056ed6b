import Foundation

/// Where the test suites find the repository, its fixtures, the project's Python
/// environment and the built `edge-agent` binary.
public enum TestEnvironment {
    /// The repository root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        // Tests/TestSupport/TestEnvironment.swift -> repository root.
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `Tests/Fixtures/<relativePath>`: committed test material (see its MANIFEST.md).
    public static func fixture(_ relativePath: String) -> URL {
        packageRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relativePath)
    }

    /// The project's Python (scripts/bootstrap makes `.venv`); `EDGE_AGENT_PYTHON` overrides.
    public static var python: String {
        if let override = ProcessInfo.processInfo.environment["EDGE_AGENT_PYTHON"], !override.isEmpty {
            return override
        }
        return packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    /// The `edge-agent` binary of the current debug build.
    public static var agentBinary: URL {
        if let override = ProcessInfo.processInfo.environment["EDGE_AGENT_BINARY"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.appendingPathComponent(".build/debug/edge-agent")
    }

    /// A fresh, empty temporary directory for one test.
    public static func temporaryDirectory(_ label: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("edge-agent-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    /// Exit status (or 128 + signal number when killed by a signal).
    public var status: Int32
    /// Everything the process wrote to standard output.
    public var standardOutput: String
    /// Everything the process wrote to standard error.
    public var standardError: String
}

/// Runs `executable` with `arguments` to completion and captures both streams.
public func runProcess(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
    currentDirectory: URL? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let outPipe = Pipe()
    let errPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    try process.run()
    // Read both pipes concurrently so a chatty child cannot block on a full pipe.
    nonisolated(unsafe) var errData = Data()
    let errReader = Thread { errData = errPipe.fileHandleForReading.readDataToEndOfFile() }
    errReader.start()
    let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errReader.isFinished { usleep(1000) }
    let status =
        process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return ProcessResult(
        status: status, standardOutput: String(decoding: outData, as: UTF8.self),
        standardError: String(decoding: errData, as: UTF8.self))
}

/// Runs the project's Python with `arguments` (a script path and its arguments).
public func runPython(_ arguments: [String]) throws -> ProcessResult {
    try runProcess(TestEnvironment.python, arguments)
}

/// A child process started in the background, for tests that signal it mid-run.
public final class RunningProcess: @unchecked Sendable {
    // @unchecked: the captured data is written by the reader threads and read only after
    // `wait()` has joined them.
    private let process = Process()
    private let outPipe = Pipe()
    private let errPipe = Pipe()
    private var outData = Data()
    private var errData = Data()
    private let readers = DispatchGroup()

    /// Starts `executable` with `arguments`.
    public init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        DispatchQueue.global().async(group: readers) { [self] in
            outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        }
        DispatchQueue.global().async(group: readers) { [self] in
            errData = errPipe.fileHandleForReading.readDataToEndOfFile()
        }
    }

    /// The child's process id.
    public var pid: Int32 { process.processIdentifier }

    /// Sends `signal` (SIGINT, SIGTERM, SIGKILL, …) to the child.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the child to end and returns its status and output.
    public func wait() -> ProcessResult {
        process.waitUntilExit()
        readers.wait()
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessResult(
            status: status, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }
}

/// Runs a committed helper script under `Tests/Scripts/` with the project's Python.
public func runTestScript(_ name: String, _ arguments: [String]) throws -> ProcessResult {
    try runPython([TestEnvironment.packageRoot.appendingPathComponent("Tests/Scripts/\(name)").path] + arguments)
}
