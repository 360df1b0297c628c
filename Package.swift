// swift-tools-version:6.0
import PackageDescription

// Floc: controller runtime for containerized wastewater treatment units.
// Dependencies are chosen for CI minutes: argument parsing and logging only.
let package = Package(
    name: "Floc",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "floc", targets: ["floc"]),
        .executable(name: "floc-sim", targets: ["floc-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries (Debian 12: libmodbus 3.1.6, libgpiod 1.6.3 = v1 API, libmosquitto 2.0.11).
        .systemLibrary(name: "CModbus", pkgConfig: "libmodbus", providers: [.apt(["libmodbus-dev"])]),
        .systemLibrary(name: "CGPIOD", pkgConfig: "libgpiod", providers: [.apt(["libgpiod-dev"])]),
        .systemLibrary(name: "CMosquitto", pkgConfig: "libmosquitto", providers: [.apt(["libmosquitto-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        .target(name: "HAL"),
        .target(name: "HALLinux", dependencies: ["HAL", "CModbus", "CGPIOD"]),
        .target(name: "Control"),
        .target(name: "Config"),
        .target(name: "Plant", path: "Simulator/Plant"),
        // Modbus server side of the simulator: the plant's instruments as the unit's devices.
        .target(name: "Emulator", dependencies: ["Plant", "Config", "FieldIO", "HAL", "HALLinux",
                                                 .product(name: "Logging", package: "swift-log")],
                path: "Simulator/Emulator"),
        // Lock-step co-simulation: Floc's real UnitProgram and ScanEngine stepped with a plant on a manual clock.
        .target(name: "Cosim", dependencies: ["Plant", "Emulator", "Runtime", "Config", "Control", "FieldIO", "HAL",
                                              "Telemetry", "UnitTelemetry", "StateStore",
                                              .product(name: "Logging", package: "swift-log")],
                path: "Simulator/Cosim"),
        .executableTarget(
            name: "floc-sim",
            dependencies: [
                "Emulator", "Plant", "Config", "HALLinux", "CommandLineSupport", "Cosim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Simulator/floc-sim"
        ),
        // The BSM1 dynamic protocol: plant, benchmark sensors/actuators and Floc's PID in lock-step.
        .target(name: "Benchmark", dependencies: ["Plant", "Control"], path: "Simulator/Benchmark"),
        .executableTarget(
            name: "bsm1-bench",
            dependencies: ["Benchmark", "Plant", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Simulator/bsm1-bench"
        ),
        .target(name: "FieldIO", dependencies: ["HAL", "Config", .product(name: "Logging", package: "swift-log")]),
        .target(name: "Runtime", dependencies: ["HAL", "Control", "FieldIO", "Config", "Console",
                                                .product(name: "Logging", package: "swift-log")]),
        .target(name: "Console", dependencies: ["HAL", .product(name: "Logging", package: "swift-log"),
                                                .product(name: "Crypto", package: "swift-crypto"),
                                                .product(name: "_CryptoExtras", package: "swift-crypto")]),
        // One SQLite connection (WAL, synchronous=FULL) and its statements: the telemetry queue, retained state.
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        // Uplinks: Sparkplug B over MQTT (libmosquitto), HJ 212-2017, the SQLite store-and-forward queue.
        .target(name: "Telemetry", dependencies: ["Control", "HAL", "SQLite", "CMosquitto",
                                                  .product(name: "Logging", package: "swift-log")]),
        // The local historian: raw blocks and rollups of every point and loop in its own SQLite file.
        .target(name: "Historian", dependencies: ["SQLite", "HAL"]),
        // Retained state across restarts (SQLite), its restore plan, the restart-loop guard's history.
        .target(name: "StateStore", dependencies: ["SQLite", "Runtime", "Config", "Control",
                                                   .product(name: "Crypto", package: "swift-crypto"),
                                                   .product(name: "Logging", package: "swift-log")]),
        // The unit's uplinks: its loops, instruments and alarms as Sparkplug metrics, NCMD/DCMD as scan commands.
        .target(name: "UnitTelemetry", dependencies: ["Telemetry", "Runtime", "FieldIO", "Config", "Console", "HAL",
                                                      .product(name: "Logging", package: "swift-log")]),
        // What the executables share: logging bootstrap, SIGINT/SIGTERM, stderr.
        .target(name: "CommandLineSupport", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(
            name: "floc",
            dependencies: [
                "HAL", "HALLinux", "Config", "FieldIO", "Control", "Runtime", "CommandLineSupport", "StateStore",
                "Telemetry", "UnitTelemetry", "Historian",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Modbus read throughput and latency: libmodbus directly vs Floc's poller, same run, same server.
        .executableTarget(
            name: "floc-bench",
            dependencies: [
                "HAL", "HALLinux", "CModbus", "Config", "FieldIO", "Control", "Runtime", "Telemetry", "Historian", "SQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "HALTests", dependencies: ["HAL"]),
        // Retained state, restore policies, output hold, stalled buses, non-blocking rate-limited logging.
        .testTarget(name: "SupervisionTests", dependencies: ["StateStore", "SQLite", "Runtime", "FieldIO", "Config", "Control",
                                                             "HAL", "CommandLineSupport", "FlocTestSupport",
                                                             .product(name: "Logging", package: "swift-log")]),
        // Test support: starting and driving foreign peers (pymodbus, socat) from tests.
        .target(name: "FlocTestSupport", dependencies: ["HALLinux"], path: "Tests/Support"),
        .testTarget(name: "HALLinuxTests", dependencies: ["HAL", "HALLinux", "FlocTestSupport"]),
        .testTarget(name: "ControlTests", dependencies: ["Control"]),
        // Also the historian (Tests/TelemetryTests/Historian*), with `floc export` run as the built binary.
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry", "UnitTelemetry", "SQLite", "Runtime", "FieldIO", "Config",
                                                          "HAL", "FlocTestSupport", "Historian", "Console", "floc"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "FieldIO", "HAL"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "HAL"]),
        .testTarget(name: "FieldIOTests", dependencies: ["FieldIO", "HAL", "Config"]),
        // Sparkplug B against a real mosquitto broker and an independent Python host (Tests/peers/sparkplug_host.py).
        .testTarget(name: "SparkplugTests", dependencies: ["Telemetry", "UnitTelemetry", "Runtime", "FieldIO", "Config", "Console",
                                                          "HAL", "FlocTestSupport"], path: "Tests/SparkplugTests"),
        .testTarget(name: "PlantTests", dependencies: ["Plant"], path: "Tests/PlantTests"),
        // The emulator against Floc's real master path over libmodbus; the floc-sim and floc binaries.
        .testTarget(name: "EmulatorTests", dependencies: ["Emulator", "Plant", "FieldIO", "HAL", "HALLinux", "Config",
                                                          "FlocTestSupport", "floc-sim", "floc",
                                                          .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "CosimTests", dependencies: ["Cosim", "Benchmark", "Plant", "Runtime", "Config", "FieldIO", "HAL"], path: "Tests/CosimTests"),
        .testTarget(name: "BenchmarkTests", dependencies: ["Benchmark", "Plant", "Control"], path: "Tests/BenchmarkTests"),
        // Interop: real libmodbus against pymodbus (TCP and RTU over a socat pty pair), the real `floc` binary.
        // Faults injected into floc-sim under the real `floc run`: the table in Fixtures/faults.toml,
        // kill -9 with retained state, SIGTERM, wall-clock jumps.
        .testTarget(name: "FaultSuiteTests", dependencies: ["FlocTestSupport", "HALLinux", "Config", "Emulator", "Runtime",
                                                            "Control", "floc", "floc-sim"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "InteropTests", dependencies: ["FieldIO", "HALLinux", "HAL", "Config", "FlocTestSupport", "floc"],
                    resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
