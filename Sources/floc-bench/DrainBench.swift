import ArgumentParser
import Foundation
import HAL
import Logging
import Synchronization
import Telemetry

/// `floc-bench drain`: a backlog of 24 h at 1 s of 32 metrics (86 400 samples) replayed by the
/// Sparkplug uplink to a local mosquitto, timed; the scan's p99 lateness measured during the
/// drain and, alone, before it.
struct DrainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Store-and-forward replay: drain time and messages/s, scan lateness with and without the drain."
    )

    @Option(help: "Backlog samples (each 32 metrics in 4 devices).")
    var samples: Int = 86_400

    @Option(help: "Replay rate limit, samples/s (uplinks.sparkplug.replay_rate_per_s).")
    var rate: Int = 2000

    @Option(help: "Scan period for the lateness measurement, ms.")
    var period: Int = 100

    @Option(help: "Seconds of scan measured on each side.")
    var scanSeconds: Double = 20

    @Flag(help: "Ask for SCHED_FIFO and mlockall on the scan thread (needs privileges).")
    var realtime = false

    @Option(help: "The mosquitto executable (started on 127.0.0.1 and a free port, stopped at the end).")
    var mosquitto: String = "/usr/sbin/mosquitto"

    func validate() throws {
        guard samples > 0, rate >= 10, (10...10_000).contains(period), scanSeconds >= 1 else {
            throw ValidationError("--samples > 0, --rate >= 10, --period 10...10000, --scan-seconds >= 1")
        }
    }

    func run() throws {
        var logger = Logger(label: "floc-bench.drain")
        logger.logLevel = .error
        let folder = NSTemporaryDirectory() + "floc-bench-drain-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let broker = try LocalBroker(executable: mosquitto, folder: folder)
        defer { broker.stop() }

        let queue = try StoreAndForwardQueue(path: folder + "/telemetry.db", bound: .init(maxRecords: samples * 2), logger: logger)
        let devices = (0..<4).map { device in
            SparkplugDevice(name: "device\(device)", metrics: (0..<8).map { SparkplugMetricDefinition(name: "m\($0)", value: .double(0)) })
        }
        let start = Date()
        let base = UInt64(Date().timeIntervalSince1970 * 1000) - UInt64(samples) * 1000
        for chunk in stride(from: 0, to: samples, by: 5000) {
            let records = (chunk..<min(samples, chunk + 5000)).map { index -> (timestampMilliseconds: Int64, payload: [UInt8]) in
                let timestamp = base + UInt64(index) * 1000
                let values = devices.flatMap { device in
                    device.metrics.map { TelemetrySample.Value(device: device.name, metric: $0.name, value: .double(Double(index) * 0.001)) }
                }
                return (Int64(timestamp), TelemetrySample(timestampMilliseconds: timestamp, values: values).encode())
            }
            try queue.append(uplink: "sparkplug", records: records)
        }
        print("floc-bench drain: \(samples) samples x 32 metrics queued in \(String(format: "%.1f", Date().timeIntervalSince(start))) s; "
            + "replay limit \(rate) samples/s, 25 samples per message and device" + (realtime ? "; scan SCHED_FIFO requested" : ""))

        let alone = try ScanLoop.run(period: .milliseconds(period), seconds: scanSeconds, realtime: realtime, pollMs: 100)

        let node = SparkplugEdgeNode(group: "Bench", node: "drain", devices: devices, logger: logger) { _ in .rejected("bench") }
        var settings = SparkplugUplink.Settings()
        settings.replayRate = rate
        let uplink = SparkplugUplink(node: node, queue: queue, settings: settings, logger: logger)
        let drainStart = Date()
        try uplink.start(.init(port: broker.port, clientID: "floc-bench-drain"))
        let during = Mutex<ScanSamples?>(nil)
        let measured = DispatchSemaphore(value: 0)
        Thread {
            during.withLock { $0 = try? ScanLoop.run(period: .milliseconds(period), seconds: scanSeconds, realtime: realtime, pollMs: 100) }
            measured.signal()
        }.start()
        while try queue.count() > 0 {
            Thread.sleep(forTimeInterval: 0.05)
            guard Date().timeIntervalSince(drainStart) < 1800 else { throw ValidationError("drain did not finish in 30 min") }
        }
        let drained = Date().timeIntervalSince(drainStart)
        measured.wait()
        uplink.stop()
        let messages = (samples + 24) / 25 * devices.count
        print(String(format: "drain: %.1f s (target < 60 s), %.0f samples/s, %.0f messages/s, %d messages acknowledged",
                     drained, Double(samples) / drained, Double(messages) / drained, messages))
        print("period  side           cycles  late p50 µs  late p99 µs  late max µs  exec p50 µs  exec p99 µs  overruns")
        print(alone.row(period: period, side: "scan alone"))
        if let with = during.withLock({ $0 }) {
            print(with.row(period: period, side: "scan+drain"))
            print(String(format: "        p99 lateness during/alone: %.2fx", with.lateness.p99 / max(alone.lateness.p99, 0.001)))
        }
    }
}

/// A mosquitto on 127.0.0.1 and a free port, persistence off; stopped by its pid.
struct LocalBroker {
    let port: Int
    let process: Process

    init(executable: String, folder: String) throws {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
        close(probe)
        port = Int(UInt16(bigEndian: address.sin_port))
        let config = folder + "/mosquitto.conf"
        try "listener \(port) 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n".write(toFile: config, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", config]
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.5)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
