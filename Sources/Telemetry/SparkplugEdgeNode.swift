import Foundation
import Logging

/// A Sparkplug B edge node: NDEATH will (QoS 1, not retained) carrying bdSeq; on every
/// connect NBIRTH (same bdSeq, `Node Control/Rebirth`, node metrics) then one DBIRTH per
/// device; DDATA by exception past each metric's deadband, by alias; `seq` 0–255 shared
/// by all of the node's messages; NCMD rebirth; NCMD/DCMD writes to `onCommand`. With a
/// primary host, births and data go out only while its `STATE` says online; when it goes offline
/// the node ends its session (NDEATH, DISCONNECT) and reconnects to wait for it.
/// Thread-safe: `update` may be called from any thread; MQTT callbacks run on the network thread.
public final class SparkplugEdgeNode: @unchecked Sendable {
    public static let rebirthMetric = "Node Control/Rebirth"
    public static let bdSeqMetric = "bdSeq"

    /// What the node tells its owner (on the MQTT thread, outside the node's lock).
    public enum Event: Sendable, Equatable {
        /// Births went out: a new session (`generation` counts them) in which data may be published.
        case born(generation: Int)
        /// The session ended (link lost, primary host offline, stop); unacknowledged publishes are lost.
        case ended
        /// The broker acknowledged the QoS 1 publish with this message id.
        case delivered(messageID: Int32)
    }

    public let group: String
    public let node: String
    /// Primary Host id (`spBv1.0/STATE/<id>`); set before `start`. Nil: publish whenever connected.
    public var primaryHost: String?
    /// Receives session events; set before `start`. Must not block.
    public var onEvent: @Sendable (Event) -> Void = { _ in }
    let nodeMetrics: [SparkplugMetricDefinition]
    let devices: [SparkplugDevice]
    let now: @Sendable () -> UInt64
    let logger: Logger
    let onCommand: @Sendable (SparkplugCommand) -> SparkplugCommandResult
    let lock = NSLock()

    // Guarded by `lock`.
    var client: MQTTClient?
    var options: MQTTClient.Options?
    var stopped = false
    var bdSeqValue: UInt64 = 0
    var seqValue: UInt64 = 0
    var online = false
    var hostOnline = false
    var generation = 0
    var published: [String: SparkplugValue] = [:]   // "device/metric" -> last sent
    var current: [String: SparkplugValue] = [:]
    var aliases: [String: UInt64] = [:]
    var names: [UInt64: (device: String?, metric: String)] = [:]
    var rejected = 0
    var refusal: MQTTConnectResult?
    /// Sessions ended since the last accepted connection: paces the next attempt, so a broker
    /// refusing the credentials is not asked again many times a second.
    var failedSessions = 0
    var stateTimestamp: UInt64?
    var staleStates = 0

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
    /// Primary host `STATE` messages ignored because their timestamp was older than the last one.
    public var ignoredStaleStates: Int { lock.withLock { staleStates } }
    /// The broker's last refusal of a CONNECT (bad credentials, not authorized, ...), nil if none.
    public var lastRefusal: MQTTConnectResult? { lock.withLock { refusal } }
    /// Connected to the broker (births sent unless a primary host is awaited).
    public var isOnline: Bool { lock.withLock { online } }
    /// Connected, and the primary host (if any) is online: births went out, data may flow.
    public var isPublishing: Bool { lock.withLock { active } }
    var active: Bool { online && (primaryHost == nil || hostOnline) }

    /// New values for one device (nil = node metrics); sends one DDATA/NDATA with those that
    /// moved past their deadband. Unknown metrics and values of another datatype than the
    /// birth announced are logged and ignored.
    public func update(device: String?, _ values: [String: SparkplugValue]) {
        _ = publish(device: device, values, timestamp: now(), qos: 0)
    }

    /// Like `update`, at `timestamp` (ms UTC) and `qos`; says whether a DDATA/NDATA went out.
    public func publish(device: String?, _ values: [String: SparkplugValue], timestamp: UInt64,
                        qos: Int32) -> SparkplugPublishOutcome {
        lock.withLock {
            guard active else { return .notPublishing }
            var changed: [SparkplugMetric] = []
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                let key = Self.key(device, name)
                guard let alias = checkedAlias(key, value) else { continue }
                current[key] = value
                let deadband = definition(device, name)?.deadband ?? 0
                if let last = published[key], !value.differs(from: last, deadband: deadband) { continue }
                if active { published[key] = value }
                changed.append(SparkplugMetric(alias: alias, timestamp: timestamp, value: value))
            }
            guard !changed.isEmpty else { return .unchanged }
            return send(dataTopic(device), changed, qos: qos).map { .sent(messageID: $0) } ?? .notPublishing
        }
    }

    /// Samples taken while the link was down, as one DDATA/NDATA with `is_historical` set and each
    /// metric's own timestamp (ms UTC), QoS 1, no deadband; they do not change the live state.
    /// `.unchanged` when none of `values` is known to the births.
    public func publishHistorical(device: String?,
                                  _ values: [(name: String, value: SparkplugValue, timestamp: UInt64)]) -> SparkplugPublishOutcome {
        lock.withLock {
            guard active else { return .notPublishing }
            let metrics = values.compactMap { entry -> SparkplugMetric? in
                guard let alias = checkedAlias(Self.key(device, entry.name), entry.value) else { return nil }
                return SparkplugMetric(alias: alias, timestamp: entry.timestamp, value: entry.value, isHistorical: true)
            }
            guard !metrics.isEmpty else { return .unchanged }
            return send(dataTopic(device), metrics, qos: 1).map { .sent(messageID: $0) } ?? .notPublishing
        }
    }

    /// The alias of `key` if the births announced it with `value`'s datatype. Caller holds `lock`.
    private func checkedAlias(_ key: String, _ value: SparkplugValue) -> UInt64? {
        guard let alias = aliases[key] else {
            logger.warning("sparkplug: update of unknown metric \(key)")
            return nil
        }
        // A host keeps the datatype announced in DBIRTH; another type needs a rebirth, not DDATA.
        guard current[key]?.dataType == value.dataType else {
            logger.warning("sparkplug: update of \(key) with datatype \(value.dataType) ignored")
            return nil
        }
        return alias
    }

    private func dataTopic(_ device: String?) -> SparkplugTopic {
        SparkplugTopic(group: group, type: device == nil ? .ndata : .ddata, node: node, device: device)
    }

    private func definition(_ device: String?, _ name: String) -> SparkplugMetricDefinition? {
        let metrics = device.map { d in devices.first { $0.name == d }?.metrics ?? [] } ?? nodeMetrics
        return metrics.first { $0.name == name }
    }

    static func key(_ device: String?, _ metric: String) -> String { "\(device ?? "")/\(metric)" }

    func deathMessage() -> MQTTClient.Message {
        // bdSeq is Int64 as in the specification's examples and Eclipse Tahu; no seq in NDEATH.
        let timestamp = now()
        let payload = SparkplugPayload(timestamp: timestamp, metrics: [
            SparkplugMetric(name: Self.bdSeqMetric, timestamp: timestamp, value: .int64(Int64(bdSeqValue))),
        ])
        return .init(topic: SparkplugTopic(group: group, type: .ndeath, node: node).string,
                     payload: payload.encode(), qos: 1, retain: false)
    }

    /// Sends `metrics` with the next seq; the message id, nil if not sent. Caller holds `lock`,
    /// so seq is shared and in order.
    @discardableResult
    func send(_ topic: SparkplugTopic, _ metrics: [SparkplugMetric], qos: Int32 = 0) -> Int32? {
        guard active, let client else { return nil }
        let payload = SparkplugPayload(timestamp: now(), metrics: metrics, seq: seqValue)
        seqValue = (seqValue + 1) % 256
        do {
            return try client.publish(.init(topic: topic.string, payload: payload.encode(), qos: qos))
        } catch {
            logger.warning("sparkplug: \(error)")
            return nil
        }
    }

    /// NBIRTH (seq 0) and all DBIRTHs with names, aliases, datatypes and current values,
    /// sent under one lock so no DDATA slips between them; then `.born` to the owner.
    public func rebirth() {
        let timestamp = now()
        let born: Int? = lock.withLock {
            guard active else { return nil }
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
            generation += 1
            return generation
        }
        if let born { onEvent(.born(generation: born)) }
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
}

/// What a publish did: sent under a message id (acknowledged later by `.delivered`), nothing to
/// send (within deadbands), or not sent because the node has no session.
public enum SparkplugPublishOutcome: Sendable, Equatable {
    case sent(messageID: Int32)
    case unchanged
    case notPublishing
}
