import Foundation

extension SparkplugEdgeNode {
    /// Sets the will and starts connecting, retrying until `stop()`; births follow each
    /// successful connect (and, with a primary host, its `STATE` online). Throws only for options
    /// libmosquitto refuses (e.g. unreadable TLS files).
    public func start(_ options: MQTTClient.Options) throws(MQTTError) {
        lock.withLock { self.options = options }
        try connectFreshClient()
    }

    /// Publishes NDEATH then DISCONNECT (the broker discards the will on DISCONNECT).
    public func stop() {
        let (current, wasActive) = lock.withLock { () -> (MQTTClient?, Bool) in
            stopped = true
            let wasActive = active
            if online, let client { _ = try? client.publish(deathMessage()) }
            online = false
            return (self.client, wasActive)
        }
        current?.disconnect()
        if wasActive { onEvent(.ended) }
    }

    /// Cuts the link without DISCONNECT (see `MQTTClient.severConnection`).
    public func severConnection() { lock.withLock { client }?.severConnection() }

    /// A new libmosquitto handle for every session: libmosquitto would otherwise resend the
    /// previous session's unacknowledged QoS 1 DDATA after the new births, with stale seq numbers;
    /// the uplink replays those samples itself, as historical.
    func connectFreshClient() throws(MQTTError) {
        guard let (options, old) = lock.withLock({ () -> (MQTTClient.Options, MQTTClient?)? in
            guard !stopped, let options else { return nil }
            defer { self.client = nil }
            return (options, self.client)
        }) else { return }
        // Detached first, so the old client's own disconnect callback is ignored.
        old?.disconnect()
        let holder = ClientHolder()
        var handlers = MQTTClient.Handlers()
        handlers.connected = { [weak self] rc in self?.connected(rc, holder) }
        handlers.disconnected = { [weak self] rc in self?.disconnected(rc, holder) }
        handlers.message = { [weak self] message in
            guard let self, self.isCurrent(holder) else { return }
            self.received(message)
        }
        handlers.firstAttemptFailed = { [weak self] error in self?.logger.warning("sparkplug: \(error); retrying") }
        handlers.published = { [weak self] mid in
            guard let self, self.isCurrent(holder) else { return }
            self.onEvent(.delivered(messageID: mid))
        }
        let fresh = try MQTTClient(options, handlers: handlers)
        holder.client = fresh
        let will = lock.withLock { () -> MQTTClient.Message? in
            guard !stopped else { return nil }
            self.client = fresh
            return deathMessage()
        }
        guard let will else { return }
        try fresh.setWill(will)
        if let error = try fresh.connect() { logger.warning("sparkplug: \(error); retrying") }
    }

    private func isCurrent(_ holder: ClientHolder) -> Bool {
        lock.withLock { holder.client != nil && holder.client === client }
    }

    private func connected(_ rc: Int32, _ holder: ClientHolder) {
        guard isCurrent(holder) else { return }
        let result = MQTTConnectResult(code: rc)
        guard result.accepted, let client = lock.withLock({ self.client }) else {
            lock.withLock { refusal = result }
            logger.warning("sparkplug: broker refused connection: \(result)")
            return
        }
        let host = lock.withLock { () -> String? in
            online = true
            hostOnline = false
            failedSessions = 0
            return primaryHost
        }
        do {
            try client.subscribe(SparkplugTopic(group: group, type: .ncmd, node: node).string, qos: 1)
            try client.subscribe(SparkplugTopic(group: group, type: .dcmd, node: node, device: "+").string, qos: 1)
            if let host { try client.subscribe(Self.stateTopic(host), qos: 1) }
        } catch {
            logger.warning("sparkplug: \(error)")
        }
        if let host {
            logger.info("sparkplug: connected as \(group)/\(node), bdSeq \(bdSeq); waiting for primary host \(host)")
        } else {
            logger.info("sparkplug: online as \(group)/\(node), bdSeq \(bdSeq)")
            rebirth()
        }
    }

    /// The next connection gets a new bdSeq, so its will and NBIRTH pair up with each other.
    private func disconnected(_ rc: Int32, _ holder: ClientHolder) {
        guard isCurrent(holder) else { return }
        let (wasActive, stopped, failures) = lock.withLock { () -> (Bool, Bool, Int) in
            let wasActive = active
            online = false
            hostOnline = false
            bdSeqValue = (bdSeqValue + 1) % 256
            failedSessions += 1
            return (wasActive, self.stopped, failedSessions)
        }
        logger.info("sparkplug: offline (rc \(rc)), next bdSeq \(bdSeq)")
        if wasActive { onEvent(.ended) }
        guard !stopped else { return }
        // At once after a session that was accepted, then 1, 2, ... 5 s while connections keep
        // ending before one is accepted (a refused password: the broker closes at once).
        let delay = Double(min(failures - 1, 5))
        // Not on this (the old client's network) thread: replacing the client joins it.
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [weak self] in
            do { try self?.connectFreshClient() } catch { self?.logger.warning("sparkplug: \(error)") }
        }
    }

    static func stateTopic(_ host: String) -> String { "\(SparkplugTopic.namespace)/STATE/\(host)" }

    /// Sparkplug 3.0 `STATE`: JSON `{"online": bool, "timestamp": ms}` (the 2.2 texts ONLINE/OFFLINE
    /// are accepted too). A timestamp older than the last accepted one is stale and ignored (the
    /// host's birth repeats its will's timestamp, so equal ones count). Online: births, then data.
    /// Offline after births: NDEATH, DISCONNECT and a new session that waits for online again.
    func receivedState(_ payload: [UInt8]) {
        let text = String(decoding: payload, as: UTF8.self)
        let isOnline: Bool
        var timestamp: UInt64?
        if let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
           let flag = object["online"] as? Bool {
            isOnline = flag
            timestamp = (object["timestamp"] as? NSNumber).map { $0.uint64Value }
        } else if text == "ONLINE" || text == "OFFLINE" {
            isOnline = text == "ONLINE"
        } else {
            reject("STATE: not {\"online\": bool, \"timestamp\": ms}")
            return
        }
        let change = lock.withLock { () -> (wasOnline: Bool, wasActive: Bool)? in
            if let timestamp, let last = stateTimestamp, timestamp < last {
                staleStates += 1
                return nil
            }
            if let timestamp { stateTimestamp = timestamp }
            let before = (hostOnline, active)
            hostOnline = isOnline
            return before
        }
        guard let (wasOnline, wasActive) = change else {
            logger.debug("sparkplug: STATE of \(primaryHost ?? "") older than the last one, ignored")
            return
        }
        if isOnline, !wasOnline {
            logger.info("sparkplug: primary host online")
            rebirth()
        } else if !isOnline, wasActive {
            logger.info("sparkplug: primary host offline; NDEATH, disconnecting, births when it returns")
            onEvent(.ended)
            // Not on this (the client's network) thread: replacing the client joins it.
            DispatchQueue.global().async { [weak self] in self?.endSessionForOfflineHost() }
        }
    }

    /// Sparkplug 3.0: a node whose primary host went offline publishes NDEATH, disconnects and starts
    /// over (a new session, the next bdSeq), then waits for the host's online STATE before its births.
    private func endSessionForOfflineHost() {
        let old = lock.withLock { () -> MQTTClient? in
            guard !stopped, online, !hostOnline, let client else { return nil }
            _ = try? client.publish(deathMessage())
            online = false
            bdSeqValue = (bdSeqValue + 1) % 256
            // Detached, so its own disconnect callback is ignored.
            self.client = nil
            return client
        }
        guard let old else { return }
        // DISCONNECT follows the queued NDEATH on the same socket, so the broker discards the will.
        old.disconnect()
        // Not at once: a CONNECT under the same client id that the broker reads before that
        // DISCONNECT takes the session over, and the broker then sends the will as a second NDEATH.
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.reconnectPause) { [weak self] in
            do { try self?.connectFreshClient() } catch { self?.logger.warning("sparkplug: \(error)") }
        }
    }

    /// Seconds between an intentional DISCONNECT and the next CONNECT.
    static let reconnectPause = 1.0
}

/// The client a set of callbacks belongs to, so that a replaced client's late callbacks are ignored.
final class ClientHolder: @unchecked Sendable {
    weak var client: MQTTClient?
}
