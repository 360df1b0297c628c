import Foundation
import Logging

/// A Sparkplug B edge node: NDEATH will (QoS 1, not retained) carrying bdSeq; on every
/// connect NBIRTH (same bdSeq, `Node Control/Rebirth`, node metrics) then one DBIRTH per
/// device; DDATA by exception past each metric's deadband, by alias; `seq` 0–255 shared
/// by all of the node's messages; NCMD rebirth; NCMD/DCMD writes to `onCommand`.
/// Thread-safe: `update` may be called from any thread; MQTT callbacks run on the network thread.
public final class SparkplugEdgeNode: @unchecked Sendable {
    public static let rebirthMetric = "Node Control/Rebirth"
    public static let bdSeqMetric = "bdSeq"

    public let group: String
    public let node: String
    private let nodeMetrics: [SparkplugMetricDefinition]
    private let devices: [SparkplugDevice]
    private let now: @Sendable () -> UInt64
    let logger: Logger
    let onCommand: @Sendable (SparkplugCommand) -> SparkplugCommandResult
    private let lock = NSLock()
    private var client: MQTTClient?

    // Guarded by `lock`.
    private var bdSeqValue: UInt64 = 0
    private var seqValue: UInt64 = 0
    private var online = false
    private var published: [String: SparkplugValue] = [:]   // "device/metric" -> last sent
    private var current: [String: SparkplugValue] = [:]
    private var aliases: [String: UInt64] = [:]
    private var names: [UInt64: (device: String?, metric: String)] = [:]
    private var rejected = 0

    /// `now`: ms since the Unix epoch (UTC). `onCommand` runs on the MQTT thread; it must not block.
    public init(group: String, node: String, nodeMetrics: [SparkplugMetricDefinition] = [], devices: [SparkplugDevice],
                now: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) },
                logger: Logger,
                onCommand: @escaping @Sendable (SparkplugCommand) -> SparkplugCommandResult) {
        self.group = group
        self.node = node
        self.nodeMetrics = nodeMetrics
        self.devices = devices
        self.now = now
        self.logger = logger
        self.onCommand = onCommand
        var next: UInt64 = 1
        for (device, metrics) in [(String?.none, nodeMetrics)] + devices.map({ (String?.some($0.name), $0.metrics) }) {
            for metric in metrics {
                let key = Self.key(device, metric.name)
                aliases[key] = next
                names[next] = (device, metric.name)
                current[key] = metric.value
                next += 1
            }
        }
    }

    deinit { client?.disconnect() }

    /// bdSeq of the current (or next) connection, 0–255.
    public var bdSeq: UInt64 { lock.withLock { bdSeqValue } }
    /// Malformed or rejected NCMD/DCMD messages so far.
    public var rejectedCommands: Int { lock.withLock { rejected } }
    public var isOnline: Bool { lock.withLock { online } }

    /// Sets the will and starts connecting, retrying until `stop()`; births follow each
    /// successful connect. Throws only for options libmosquitto refuses (e.g. unreadable TLS files).
    public func start(_ options: MQTTClient.Options) throws(MQTTError) {
        var handlers = MQTTClient.Handlers()
        handlers.connected = { [weak self] rc in self?.connected(rc) }
        handlers.disconnected = { [weak self] rc in self?.disconnected(rc) }
        handlers.message = { [weak self] message in self?.received(message) }
        let client = try MQTTClient(options, handlers: handlers)
        lock.withLock { self.client = client }
        try client.setWill(deathMessage())
        if let error = try client.connect() { logger.warning("sparkplug: \(error); retrying") }
    }

    /// Publishes NDEATH then DISCONNECT (the broker discards the will on DISCONNECT).
    public func stop() {
        guard let client = lock.withLock({ self.client }) else { return }
        try? client.publish(deathMessage())
        client.disconnect()
        lock.withLock { online = false }
    }

    /// Cuts the link without DISCONNECT (see `MQTTClient.severConnection`).
    public func severConnection() { lock.withLock { client }?.severConnection() }

    /// New values for one device (nil = node metrics); sends one DDATA/NDATA with those that
    /// moved past their deadband. Unknown metrics and values of another datatype than the
    /// birth announced are logged and ignored.
    public func update(device: String?, _ values: [String: SparkplugValue]) {
        let timestamp = now()
        var changed: [SparkplugMetric] = []
        lock.withLock {
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                let key = Self.key(device, name)
                guard let alias = aliases[key] else {
                    logger.warning("sparkplug: update of unknown metric \(key)")
                    continue
                }
                // A host keeps the datatype announced in DBIRTH; another type needs a rebirth, not DDATA.
                guard current[key]?.dataType == value.dataType else {
                    logger.warning("sparkplug: update of \(key) with datatype \(value.dataType) ignored")
                    continue
                }
                current[key] = value
                let deadband = definition(device, name)?.deadband ?? 0
                if let last = published[key], !value.differs(from: last, deadband: deadband) { continue }
                if online { published[key] = value }
                changed.append(SparkplugMetric(alias: alias, timestamp: timestamp, value: value))
            }
        }
        guard !changed.isEmpty else { return }
        publish(SparkplugTopic(group: group, type: device == nil ? .ndata : .ddata, node: node, device: device), changed)
    }

    private func definition(_ device: String?, _ name: String) -> SparkplugMetricDefinition? {
        let metrics = device.map { d in devices.first { $0.name == d }?.metrics ?? [] } ?? nodeMetrics
        return metrics.first { $0.name == name }
    }

    private static func key(_ device: String?, _ metric: String) -> String { "\(device ?? "")/\(metric)" }

    private func deathMessage() -> MQTTClient.Message {
        // bdSeq is Int64 as in the specification's examples and Eclipse Tahu; no seq in NDEATH.
        let timestamp = now()
        let payload = SparkplugPayload(timestamp: timestamp, metrics: [
            SparkplugMetric(name: Self.bdSeqMetric, timestamp: timestamp, value: .int64(Int64(bdSeq))),
        ])
        return .init(topic: SparkplugTopic(group: group, type: .ndeath, node: node).string,
                     payload: payload.encode(), qos: 1, retain: false)
    }

    private func publish(_ topic: SparkplugTopic, _ metrics: [SparkplugMetric]) {
        lock.withLock { send(topic, metrics) }
    }

    /// Sends `metrics` with the next seq. Caller holds `lock`, so seq is shared and in order.
    private func send(_ topic: SparkplugTopic, _ metrics: [SparkplugMetric]) {
        guard online, let client else { return }
        let payload = SparkplugPayload(timestamp: now(), metrics: metrics, seq: seqValue)
        seqValue = (seqValue + 1) % 256
        do {
            try client.publish(.init(topic: topic.string, payload: payload.encode()))
        } catch {
            logger.warning("sparkplug: \(error)")
        }
    }

    /// NBIRTH (seq 0) and all DBIRTHs with names, aliases, datatypes and current values,
    /// sent under one lock so no DDATA slips between them.
    public func rebirth() {
        let timestamp = now()
        lock.withLock {
            seqValue = 0
            for (key, value) in current { published[key] = value }
            func birth(_ device: String?, _ metrics: [SparkplugMetricDefinition]) -> [SparkplugMetric] {
                metrics.map {
                    let key = Self.key(device, $0.name)
                    return SparkplugMetric(name: $0.name, alias: aliases[key], timestamp: timestamp, value: current[key] ?? $0.value)
                }
            }
            let nodeBirth = [SparkplugMetric(name: Self.bdSeqMetric, timestamp: timestamp, value: .int64(Int64(bdSeqValue))),
                             SparkplugMetric(name: Self.rebirthMetric, timestamp: timestamp, value: .boolean(false))]
                + birth(nil, nodeMetrics)
            send(SparkplugTopic(group: group, type: .nbirth, node: node), nodeBirth)
            for device in devices {
                send(SparkplugTopic(group: group, type: .dbirth, node: node, device: device.name),
                     birth(device.name, device.metrics))
            }
        }
    }

    /// The metric's name for a command naming it directly or by alias; nil if not ours.
    func resolve(_ metric: SparkplugMetric, device: String?) -> String? {
        lock.withLock {
            if let name = metric.name {
                if device == nil, name == Self.rebirthMetric { return name }
                return aliases[Self.key(device, name)] != nil ? name : nil
            }
            guard let alias = metric.alias, let entry = names[alias], entry.device == device else { return nil }
            return entry.metric
        }
    }

    func reject(_ reason: String) {
        lock.withLock { rejected += 1 }
        logger.warning("sparkplug: rejected \(reason)")
    }

    private func connected(_ rc: Int32) {
        guard rc == 0, let client = lock.withLock({ client }) else {
            logger.warning("sparkplug: broker refused connection (CONNACK \(rc))")
            return
        }
        lock.withLock { online = true }
        do {
            try client.subscribe(SparkplugTopic(group: group, type: .ncmd, node: node).string, qos: 1)
            try client.subscribe(SparkplugTopic(group: group, type: .dcmd, node: node, device: "+").string, qos: 1)
        } catch {
            logger.warning("sparkplug: \(error)")
        }
        logger.info("sparkplug: online as \(group)/\(node), bdSeq \(bdSeq)")
        rebirth()
    }

    /// The next connection gets a new bdSeq, so its will and NBIRTH pair up with each other.
    private func disconnected(_ rc: Int32) {
        let client = lock.withLock { () -> MQTTClient? in
            online = false
            bdSeqValue = (bdSeqValue + 1) % 256
            return self.client
        }
        logger.info("sparkplug: offline (rc \(rc)), next bdSeq \(bdSeq)")
        do { try client?.setWill(deathMessage()) } catch { logger.warning("sparkplug: \(error)") }
    }
}
