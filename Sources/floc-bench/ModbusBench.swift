import ArgumentParser
import HAL
import HALLinux
import Logging

/// `floc-bench`: how much Floc's polling path costs over calling libmodbus directly, for the
/// same batched read (10 holding registers) from the same local libmodbus server, in one run.
struct ModbusBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modbus",
        abstract: "Modbus TCP read throughput and latency: libmodbus directly vs Floc's BusPoller.",
        discussion: "Run in release mode: swift run -c release floc-bench"
    )

    @Option(help: "Measured seconds per side (0.1...60).")
    var seconds: Double = 5

    @Option(help: "Unmeasured seconds per side before measuring (0...10).")
    var warmup: Double = 1

    @Option(help: "Alternate the two sides this many times (each round measures seconds/rounds per side), so drift in machine load falls on both.")
    var rounds: Int = 6

    @Option(name: .customLong("max-polls"), help: "Stop a side after this many measured polls per round.")
    var maxPolls: Int = 2_000_000

    func validate() throws {
        guard (0.1...60).contains(seconds) else { throw ValidationError("--seconds must be 0.1...60") }
        guard (0...10).contains(warmup) else { throw ValidationError("--warmup must be 0...10") }
        guard (1...100).contains(rounds) else { throw ValidationError("--rounds must be 1...100") }
        guard (1...20_000_000).contains(maxPolls) else { throw ValidationError("--max-polls must be 1...20000000") }
    }

    func run() throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let server = LibmodbusServer(layout: .init(holdingRegisters: 0..<BenchLimits.registers))
        try server.start()
        defer { server.stop() }
        let expected = (1...BenchLimits.registers).map { UInt16($0 * 100) }
        try server.setRegisters(.holdingRegister, address: 0, expected)
        let limits = BenchLimits(seconds: seconds / Double(rounds), warmup: warmup / Double(rounds), maxPolls: maxPolls)
        print("floc-bench: read \(BenchLimits.registers) holding registers from a libmodbus server on 127.0.0.1:\(server.port), "
            + "\(PointFormatting.number(seconds)) s per side after \(PointFormatting.number(warmup)) s warm-up, "
            + "in \(rounds) alternating rounds")
        var direct: LatencyStats?
        var floc: LatencyStats?
        for round in 0..<rounds {
            // Alternate which side goes first, so neither always runs on a warmer or quieter machine.
            for side in round.isMultiple(of: 2) ? [0, 1] : [1, 0] {
                if side == 0 {
                    let stats = try DirectBench.run(port: server.port, limits: limits, expected: expected)
                    direct = direct.map { $0.merged(with: stats) } ?? stats
                } else {
                    let stats = try FlocPathBench.run(port: server.port, limits: limits, expected: expected.map(Double.init))
                    floc = floc.map { $0.merged(with: stats) } ?? stats
                }
            }
        }
        guard let direct, let floc else { return }
        print(LatencyStats.header)
        print(direct.row("libmodbus direct"))
        print(floc.row("Floc BusPoller.step"))
        print(String(format: "Floc/direct: %.2fx time per poll (mean), p50 %.2fx, p99 %.2fx; %.0f%% of direct throughput",
                     direct.pollsPerSecond / floc.pollsPerSecond, floc.p50 / direct.p50, floc.p99 / direct.p99,
                     100 * floc.pollsPerSecond / direct.pollsPerSecond))
        print("server answered \(server.requestsServed) requests")
    }
}

/// How long and how many polls each side runs.
struct BenchLimits {
    static let registers = 10
    var seconds: Double
    var warmup: Double
    var maxPolls: Int

    /// Runs `poll` for `warmup` seconds unmeasured, then for `seconds` (or `maxPolls`) measured.
    func measure(_ poll: () throws -> Void) rethrows -> LatencyStats {
        let clock = SystemMonotonicClock()
        let warmupEnd = clock.now + .nanoseconds(Int64(warmup * 1e9))
        while clock.now < warmupEnd { try poll() }
        var samples: [UInt64] = []
        samples.reserveCapacity(min(maxPolls, 1_000_000))
        let start = clock.now
        let end = start + .nanoseconds(Int64(seconds * 1e9))
        var last = start
        while last < end, samples.count < maxPolls {
            try poll()
            let now = clock.now
            samples.append(now.nanoseconds - last.nanoseconds)
            last = now
        }
        return LatencyStats(samples, elapsed: (last - start).seconds)
    }
}

enum PointFormatting {
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
