// swift-tools-version:6.0
// edge-agent: the gateway half of a federated anomaly-detection system for wearables.
//
// Layers, bottom to top: thin C shim targets (one per Debian C library), pure-Swift
// domain libraries, and the thin `edge-agent` executable. Nothing outside the
// toolchain is fetched; C libraries come from Debian (see scripts/bootstrap).
import PackageDescription

/// A `.systemLibrary` shim for one Debian C library.
func shim(_ name: String, pkgConfig: String?, apt: String) -> Target {
    .systemLibrary(
        name: name,
        path: "Sources/Shims/\(name)",
        pkgConfig: pkgConfig,
        providers: [.apt([apt])]
    )
}

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "edge-agent",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "edge-agent", targets: ["EdgeAgent"])
    ],
    targets: [
        // MARK: - C shims
        shim("CSQLite", pkgConfig: "sqlite3", apt: "libsqlite3-dev"),
        shim("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev"),
        shim("CBluetooth", pkgConfig: "bluez", apt: "libbluetooth-dev"),
        shim("CCrypto", pkgConfig: "libcrypto", apt: "libssl-dev"),
        shim("CZstd", pkgConfig: "libzstd", apt: "libzstd-dev"),
        shim("CSnappy", pkgConfig: "snappy", apt: "libsnappy-dev"),
        shim("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),
        shim("CLZ4", pkgConfig: "liblz4", apt: "liblz4-dev"),

        // MARK: - Libraries
        // Integer kernels of the int8 CNN: portable C plus a run-time-selected SIMD path.
        // -O3 even in debug builds so the tests and the benchmark run the vectorized code.
        .target(
            name: "CInt8Kernels",
            cSettings: [.unsafeFlags(["-O3"])]
        ),
        .target(
            name: "Parquet",
            dependencies: ["CZstd", "CSnappy", "CZlib", "CLZ4"],
            swiftSettings: strictSettings
        ),
        .target(name: "TOML", swiftSettings: strictSettings),
        .target(name: "AgentLog", swiftSettings: strictSettings),
        .target(
            name: "Model",
            dependencies: ["CInt8Kernels"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Store",
            dependencies: ["CSQLite"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SensorIO",
            dependencies: ["Parquet"],
            swiftSettings: strictSettings
        ),

        // MARK: - Executable
        .executableTarget(
            name: "EdgeAgent",
            dependencies: ["SensorIO", "Model", "Parquet", "Store", "TOML", "AgentLog"],
            swiftSettings: strictSettings
        ),

        // MARK: - Benchmarks
        .executableTarget(
            name: "ParquetBench",
            dependencies: ["Parquet"],
            swiftSettings: strictSettings
        ),

        // Measures the int8 scorer and writes int8 models for the reference scripts.
        .executableTarget(
            name: "InferenceBench",
            dependencies: ["Model"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ModelBench",
            dependencies: ["Model"],
            swiftSettings: strictSettings
        ),

        // MARK: - Tests
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "ModelTests", dependencies: ["Model", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "TOMLTests", dependencies: ["TOML"], swiftSettings: strictSettings),
        .testTarget(name: "AgentLogTests", dependencies: ["AgentLog"], swiftSettings: strictSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"], swiftSettings: strictSettings),
        // A child process the store's crash test kills with SIGKILL mid-write.
        .executableTarget(
            name: "StoreCrashWriter", dependencies: ["Store"], path: "Tests/StoreCrashWriter",
            swiftSettings: strictSettings),
        .testTarget(name: "SensorIOTests", dependencies: ["SensorIO", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "EdgeAgentTests", dependencies: ["EdgeAgent", "TestSupport"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
