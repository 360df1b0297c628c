import Config
import Console
import FieldIO
import Foundation
import HAL
import Logging
import Runtime
import Synchronization
import Telemetry

/// Sparkplug B for a running unit: the sampler storing a sample every `sample_interval_ms`, the
/// uplink publishing and replaying it, and NCMD/DCMD writes submitted to the scan's command queue
/// as `sparkplug:<edge node>` with the configured role. Every write is answered in data (node
/// metrics `Command/Sequence`, `Command/Request`, `Command/Result`) and written to the audit log.
public final class UnitSparkplugService: Sendable {
    public let uplink: SparkplugUplink
    public let sampler: TelemetrySampler
    public let queue: StoreAndForwardQueue
    public let catalog: UnitMetricCatalog
    let config: SparkplugUplinkConfig
    let engine: ScanEngine<UnitProgram>?
    let audit: any AuditLog
    let logger: Logger
    let answers = DispatchQueue(label: "floc.sparkplug.commands")
    let answered = Atomic<Int64>(0)
    /// Longest wait for the scan's answer, seconds.
    let commandTimeout: Double

    /// Opens the queue (creating its folder) and builds the node; nothing connects before `start`.
    /// Throws for an unusable queue file or a deadband naming no metric.
    public init(unit: UnitConfig, config: SparkplugUplinkConfig, image: PointImage, clock: any MonotonicClock,
                engine: ScanEngine<UnitProgram>?, audit: any AuditLog, logger: Logger,
                now: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) },
                commandTimeout: Double = 2) throws {
        self.config = config
        self.engine = engine
        self.audit = audit
        self.logger = logger
        self.commandTimeout = commandTimeout
        catalog = try UnitMetricCatalog(unit: unit, deadbands: config.deadbands, defaultDeadband: config.defaultDeadband)
        let folder = (config.queue.path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let bound = StoreAndForwardBound(maxRecords: config.queue.maxRecords,
                                         maxAgeMilliseconds: config.queue.maxAge.map { Int64($0 * 1000) },
                                         policy: config.queue.policy == .dropOldest ? .dropOldest : .refuseNew,
                                         highWater: config.queue.highWater)
        queue = try StoreAndForwardQueue(path: config.queue.path, bound: bound, logger: logger) { alarm in
            if alarm.active {
                logger.warning("telemetry backlog high (\(alarm.uplink)): \(alarm.records) samples, oldest \(alarm.oldestAgeMilliseconds / 1000) s; older samples will be dropped at the bound")
            } else {
                logger.info("telemetry backlog back below high water (\(alarm.uplink))")
            }
        }
        let mapperBox = Mutex<(@Sendable (SparkplugCommand) -> SparkplugCommandResult)?>(nil)
        let node = SparkplugEdgeNode(group: config.group, node: config.edgeNode, nodeMetrics: catalog.nodeMetrics,
                                     devices: catalog.devices, now: now, logger: logger) { write in
            mapperBox.withLock { $0 }?(write) ?? .rejected("starting")
        }
        node.primaryHost = config.primaryHost
        var settings = SparkplugUplink.Settings()
        settings.replayRate = config.replayRate
        uplink = SparkplugUplink(node: node, queue: queue, settings: settings, logger: logger)
        let catalog = catalog
        let queue = queue
        let queueUplink = settings.uplink
        let uplink = uplink
        sampler = TelemetrySampler(queue: queue, uplinks: [settings.uplink],
                                   interval: .milliseconds(Int64((config.sampleInterval * 1000).rounded())),
                                   clock: clock, now: now, logger: logger,
                                   source: { timestamp in
                                       let snapshot = engine?.snapshots.value?.program
                                       if engine != nil, snapshot == nil { return nil }
                                       return catalog.sample(snapshot: snapshot, points: image.snapshot(at: clock.now),
                                                             queueHighWater: queue.alarmRaised(uplink: queueUplink),
                                                             timestamp: timestamp)
                                   },
                                   onStored: { _, _ in uplink.wake() })
        mapperBox.withLock { $0 = { [weak self] write in self?.handle(write) ?? .rejected("stopping") } }
    }

    /// The MQTT options from the configuration, with the password read from its file.
    public static func options(_ config: SparkplugUplinkConfig) throws -> MQTTClient.Options {
        var options = MQTTClient.Options(host: config.host, port: config.port, clientID: "floc-\(config.group)-\(config.edgeNode)",
                                         keepalive: config.keepalive, username: config.username,
                                         protocolVersion: config.mqttVersion == .v5 ? .v5 : .v311)
        if let file = config.passwordFile { options.password = try SecretFile.read(file) }
        if let ca = config.tlsCAFile { options.tls = .init(caFile: ca, certFile: config.tlsCertFile, keyFile: config.tlsKeyFile) }
        return options
    }

    /// Starts the uplink (which connects and keeps retrying in the background) and, with
    /// `sampling`, the sampler's thread (without: the caller calls `sampler.sampleOnce()`, as tests
    /// on a manual clock do).
    public func start(sampling: Bool = true) throws {
        let options = try Self.options(config)
        if sampling { sampler.start() }
        try uplink.start(options)
        logger.info("sparkplug uplink started", metadata: [
            "broker": "\(config.host):\(config.port)", "node": "\(config.group)/\(config.edgeNode)",
            "queue": "\(config.queue.path)", "tls": "\(config.tlsCAFile != nil)", "mqtt": "\(config.mqttVersion.rawValue)",
        ])
    }

    /// Stops sampling, then the uplink: NDEATH goes out; what is not yet acknowledged stays queued.
    public func stop() {
        sampler.stop()
        uplink.stop()
        answers.sync {}
    }

    /// One NCMD/DCMD write: refused at once if it maps to no command, else submitted to the scan
    /// and answered (in data and in the audit log) when the scan has decided.
    func handle(_ write: SparkplugCommand) -> SparkplugCommandResult {
        let request = SparkplugCommandMapper.describe(write)
        let command: UnitCommand
        switch SparkplugCommandMapper(catalog: catalog).command(for: write) {
        case .success(let mapped): command = mapped
        case .failure(let refusal):
            answer(request, .rejected(refusal.reason))
            return .rejected(refusal.reason)
        }
        guard let engine else {
            let reason = "the unit has no control sections: nothing to change"
            answer(request, .rejected(reason))
            return .rejected(reason)
        }
        let source = CommandSource(name: "sparkplug:\(config.edgeNode)", role: Self.role(config.commandRole))
        let ticket = engine.commands.submit(command, from: source)
        // The MQTT thread must not wait for the scan: the answer is published from another queue.
        answers.async { [self] in
            let result = ticket.wait(timeout: commandTimeout)
                ?? .rejected("no answer from the scan within \(commandTimeout) s; the change may still be applied")
            answer(request, result)
        }
        return .accepted
    }

    private func answer(_ request: String, _ result: CommandResult) {
        let sequence = answered.add(1, ordering: .relaxed).newValue
        let text: String
        switch result {
        case .accepted(let message): text = "accepted: \(message)"
        case .rejected(let reason): text = "rejected: \(reason)"
        }
        audit.record(AuditEvent(time: Date(), user: "sparkplug:\(config.edgeNode)", origin: "sparkplug", action: .command,
                                detail: request, result: result.isAccepted ? "ok" : text))
        uplink.node.update(device: nil, [UnitMetricCatalog.commandSequence: .int64(sequence),
                                         UnitMetricCatalog.commandRequest: .string(request),
                                         UnitMetricCatalog.commandResult: .string(text)])
    }

    static func role(_ role: UplinkRole) -> CommandSource.Role {
        switch role {
        case .viewer: .viewer
        case .operator: .operator_
        case .technician: .technician
        }
    }
}
