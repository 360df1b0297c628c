import Config
import Console
import FieldIO
import FlocTestSupport
import Foundation
import HAL
import Logging
import Runtime
import Synchronization
import Telemetry
import UnitTelemetry

/// Boards/units/simulator.toml (loops aeration1 and ph1, six instruments) run on a manual
/// clock, with its Sparkplug uplink against a test broker and a queue in a temporary file.
/// Sample times are whole seconds from a fixed epoch, advanced by `sample()`.
final class UnitUplinkFixture {
    static let epoch: UInt64 = 1_780_000_000_000

    let clock = ManualClock()
    let image = PointImage()
    let engine: ScanEngine<UnitProgram>
    let audit = MemoryAuditLog()
    let service: UnitSparkplugService
    let queuePath: String
    private let keepQueue: Bool
    private let time = SampleTime(epoch)

    init(port: Int, role: UplinkRole = .operator, primaryHost: String? = nil, queuePath: String? = nil,
         keepQueue: Bool = false, version: SparkplugUplinkConfig.MQTTVersion = .v3_1_1,
         queueMaxRecords: Int? = nil) throws {
        let path = PeerProcess.packageRoot.appendingPathComponent("Boards/units/simulator.toml").path
        var unit = try ConfigLoader.loadUnit(at: path)
        var config = SparkplugUplinkConfig()
        config.host = "127.0.0.1"
        config.port = port
        config.group = "Floc"
        config.edgeNode = "sim-container"
        config.primaryHost = primaryHost
        config.commandRole = role
        config.keepalive = 5
        config.mqttVersion = version
        config.deadbands = ["do1/oxygen": 0.05]
        self.queuePath = queuePath ?? NSTemporaryDirectory() + "floc-uplink-\(UUID().uuidString).db"
        self.keepQueue = keepQueue
        config.queue.path = self.queuePath
        if let queueMaxRecords { config.queue.maxRecords = queueMaxRecords }
        unit.uplinks.sparkplug = config
        let program = try UnitProgram(control: unit.control)
        engine = ScanEngine(program: program, period: .milliseconds(500), image: image, clock: clock,
                            logger: Logger(label: "floc.test"))
        let time = self.time
        service = try UnitSparkplugService(unit: unit, config: config, image: image, clock: clock, engine: engine,
                                           audit: audit, logger: Logger(label: "floc.test.uplink"),
                                           now: { time.value })
        set(oxygen: 2.0)
        scan()
    }

    deinit {
        service.stop()
        guard !keepQueue else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: queuePath + suffix) }
    }

    func set(oxygen: Double) {
        image.update(["do1.oxygen": PointSample(value: oxygen, quality: .good, time: clock.now),
                      "level1.level": PointSample(value: 2, quality: .good, time: clock.now)])
    }

    /// One scan period on the manual clock.
    func scan() {
        clock.advance(by: .milliseconds(500))
        engine.runCycle(deadline: clock.now)
    }

    /// Advances the sample clock by one second and stores one sample; its timestamp.
    @discardableResult
    func sample() -> UInt64 {
        let now = time.advance(by: 1000)
        service.sampler.sampleOnce()
        return now
    }
}

/// The sample clock: ms UTC, moved only by the test.
final class SampleTime: Sendable {
    private let state: Mutex<UInt64>
    init(_ start: UInt64) { state = Mutex(start) }
    var value: UInt64 { state.withLock { $0 } }
    func advance(by milliseconds: UInt64) -> UInt64 { state.withLock { $0 += milliseconds; return $0 } }
}

extension SparkplugHost {
    /// Metric names by (device, alias) from the births seen so far ("" = node).
    func aliasNames() -> [String: String] {
        var names: [String: String] = [:]
        for message in messages() where ["NBIRTH", "DBIRTH"].contains(message["type"] as? String) {
            let device = message["device"] as? String ?? ""
            for metric in message.metricList {
                if let alias = metric["alias"] as? Int, let name = metric["name"] as? String { names["\(device)#\(alias)"] = name }
            }
        }
        return names
    }

    /// Every data metric of `device` named `name`, in arrival order: (value, timestamp, historical).
    func values(device: String?, metric name: String) -> [(value: Any, timestamp: Int, historical: Bool)] {
        let names = aliasNames()
        let type = device == nil ? "NDATA" : "DDATA"
        return messages().ofType(type).filter { $0["device"] as? String == device }.flatMap { message in
            message.metricList.compactMap { metric -> (Any, Int, Bool)? in
                guard let alias = metric["alias"] as? Int, names["\(device ?? "")#\(alias)"] == name,
                      let value = metric["value"], let timestamp = metric["timestamp"] as? Int else { return nil }
                return (value, timestamp, metric["is_historical"] as? Bool ?? false)
            }
        }
    }
}
