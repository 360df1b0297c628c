import CMosquitto
import Foundation
import Glibc

/// An MQTT 3.1.1 or 5 client over libmosquitto: one owned `mosquitto*` (freed in deinit), a
/// network thread from `mosquitto_loop_start` that reconnects by itself, clean session (MQTT 5:
/// Clean Start and Session Expiry Interval 0). Callbacks run on that thread.
public final class MQTTClient: @unchecked Sendable {
    public struct Message: Sendable {
        public var topic: String
        public var payload: [UInt8]
        public var qos: Int32
        public var retain: Bool

        public init(topic: String, payload: [UInt8], qos: Int32 = 0, retain: Bool = false) {
            self.topic = topic
            self.payload = payload
            self.qos = qos
            self.retain = retain
        }
    }

    /// TLS files (PEM paths); the broker's host name is verified against its certificate.
    public struct TLS: Sendable {
        public var caFile: String
        public var certFile: String?
        public var keyFile: String?

        public init(caFile: String, certFile: String? = nil, keyFile: String? = nil) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
        }
    }

    /// The MQTT protocol level spoken to the broker.
    public enum ProtocolVersion: Sendable, Equatable {
        case v311
        case v5
    }

    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var clientID: String
        /// Seconds between PINGREQs; the broker drops the client (and sends its will) after 1.5x.
        public var keepalive: Int
        public var username: String?
        public var password: String?
        public var tls: TLS?
        public var protocolVersion: ProtocolVersion

        public init(host: String = "127.0.0.1", port: Int = 1883, clientID: String, keepalive: Int = 30,
                    username: String? = nil, password: String? = nil, tls: TLS? = nil,
                    protocolVersion: ProtocolVersion = .v311) {
            self.host = host
            self.port = port
            self.clientID = clientID
            self.keepalive = keepalive
            self.username = username
            self.password = password
            self.tls = tls
            self.protocolVersion = protocolVersion
        }
    }

    /// The callbacks; set before `connect`. `connected` gets the CONNACK code (0 = accepted; MQTT 5:
    /// the reason code, see `MQTTConnectResult`),
    /// `disconnected` gets 0 after our own `disconnect()`, anything else for a lost link.
    public struct Handlers: Sendable {
        public var connected: @Sendable (Int32) -> Void = { _ in }
        public var disconnected: @Sendable (Int32) -> Void = { _ in }
        public var message: @Sendable (Message) -> Void = { _ in }
        /// The broker acknowledged a QoS 1 publish (PUBACK) or a QoS 0 one left the socket; gets its message id.
        public var published: @Sendable (Int32) -> Void = { _ in }
        /// MQTT 5 only: why the first connect attempt (made in the background) failed; retries follow.
        public var firstAttemptFailed: @Sendable (MQTTError) -> Void = { _ in }
        public init() {}
    }

    private final class Box: @unchecked Sendable {
        var handlers = Handlers()
    }

    private static let libraryInit: Void = { mosquitto_lib_init(); return () }()

    public let options: Options
    private let handle: OpaquePointer
    private let box: Unmanaged<Box>
    private let lifecycle = NSLock()
    // Guarded by `lifecycle`.
    private var loopRunning = false
    private var stopped = false
    private var connecting = false

    public init(_ options: Options, handlers: Handlers) throws(MQTTError) {
        _ = Self.libraryInit
        self.options = options
        let box = Unmanaged.passRetained(Box())
        box.takeUnretainedValue().handlers = handlers
        guard let handle = mosquitto_new(options.clientID, true, box.toOpaque()) else {
            box.release()
            throw MQTTError(code: Int32(MOSQ_ERR_NOMEM.rawValue), operation: "mosquitto_new")
        }
        self.handle = handle
        self.box = box
        mosquitto_connect_callback_set(handle) { _, userdata, rc in
            Unmanaged<Box>.fromOpaque(userdata!).takeUnretainedValue().handlers.connected(rc)
        }
        mosquitto_disconnect_callback_set(handle) { _, userdata, rc in
            Unmanaged<Box>.fromOpaque(userdata!).takeUnretainedValue().handlers.disconnected(rc)
        }
        mosquitto_message_callback_set(handle) { _, userdata, message in
            guard let message = message?.pointee, let topic = message.topic else { return }
            let payload = message.payload.map {
                Array(UnsafeRawBufferPointer(start: $0, count: Int(message.payloadlen)))
            } ?? []
            let swiftMessage = Message(topic: String(cString: topic), payload: payload,
                                       qos: message.qos, retain: message.retain)
            Unmanaged<Box>.fromOpaque(userdata!).takeUnretainedValue().handlers.message(swiftMessage)
        }
        mosquitto_publish_callback_set(handle) { _, userdata, mid in
            Unmanaged<Box>.fromOpaque(userdata!).takeUnretainedValue().handlers.published(mid)
        }
        mosquitto_reconnect_delay_set(handle, 1, 5, false)
        if options.protocolVersion == .v5 {
            try MQTTError.check(mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5), "protocol version 5")
        }
        if let username = options.username {
            try MQTTError.check(mosquitto_username_pw_set(handle, username, options.password), "username_pw_set")
        }
        if let tls = options.tls {
            try MQTTError.check(mosquitto_tls_set(handle, tls.caFile, nil, tls.certFile, tls.keyFile, nil), "tls_set")
        }
    }

    deinit {
        if loopRunning { mosquitto_loop_stop(handle, true) }
        mosquitto_destroy(handle)
        box.release()
    }

    /// Sets the message the broker publishes if this client vanishes without DISCONNECT;
    /// used on the next (re)connect.
    public func setWill(_ message: Message) throws(MQTTError) {
        let v5 = options.protocolVersion == .v5
        let rc = message.payload.withUnsafeBytes {
            v5 ? mosquitto_will_set_v5(handle, message.topic, Int32($0.count), $0.baseAddress, message.qos, message.retain, nil)
                : mosquitto_will_set(handle, message.topic, Int32($0.count), $0.baseAddress, message.qos, message.retain)
        }
        try MQTTError.check(rc, "will_set \(message.topic)")
    }

    /// Connects and keeps reconnecting until `disconnect()` (1–5 s back-off); `Handlers.connected`
    /// reports each CONNACK. Returns why the first attempt failed (broker down, TLS verification),
    /// nil if it got as far as sending CONNECT. Throws only if the network thread cannot start.
    /// MQTT 5 connects from a background queue (libmosquitto has no asynchronous v5 connect), so
    /// this returns nil at once and `Handlers.connected` tells the outcome.
    @discardableResult
    public func connect() throws(MQTTError) -> MQTTError? {
        lifecycle.lock()
        defer { lifecycle.unlock() }
        if options.protocolVersion == .v5 {
            retry(after: 0)
            return nil
        }
        if let error = attempt() {
            retry(after: 1)
            return error
        }
        try startLoop()
        return nil
    }

    /// Sends DISCONNECT (the broker discards the will) and stops the network thread and any retry.
    public func disconnect() {
        lifecycle.withLock {
            stopped = true
            // A connect in progress on the retry queue finishes (and disconnects) on its own.
            guard !connecting else { return }
            _ = mosquitto_disconnect(handle)
            if loopRunning { mosquitto_loop_stop(handle, false) }
            loopRunning = false
        }
    }

    private func attempt() -> MQTTError? {
        let operation = "connect \(options.host):\(options.port)"
        do {
            guard options.protocolVersion == .v5 else {
                try MQTTError.check(mosquitto_connect_async(handle, options.host, Int32(options.port), Int32(options.keepalive)),
                                    operation)
                return nil
            }
            // Sparkplug 3.0 for MQTT 5: Clean Start (from mosquitto_new) and Session Expiry Interval
            // 0, sent explicitly although 0 is also what its absence means. libmosquitto keeps a copy
            // for its own reconnects.
            var properties: OpaquePointer?
            defer { mosquitto_property_free_all(&properties) }
            try MQTTError.check(mosquitto_property_add_int32(&properties, Int32(MQTT_PROP_SESSION_EXPIRY_INTERVAL.rawValue), 0),
                                "session expiry property")
            // Blocking until the TCP connection is up and CONNECT sent: runs on a background queue.
            try MQTTError.check(mosquitto_connect_bind_v5(handle, options.host, Int32(options.port), Int32(options.keepalive),
                                                          nil, properties), operation)
            return nil
        } catch {
            return error
        }
    }

    private func startLoop() throws(MQTTError) {
        try MQTTError.check(mosquitto_loop_start(handle), "loop_start")
        loopRunning = true
    }

    /// libmosquitto's thread reconnects only once a first connect has got through, so until
    /// then Floc retries itself: a unit may boot before its broker is reachable. The attempt runs
    /// outside `lifecycle`: the MQTT 5 connect blocks until TCP is up (minutes for a host that
    /// drops SYNs), and `disconnect()` must not wait for it.
    private func retry(after delay: Double) {
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self else { return }
            let go = self.lifecycle.withLock { () -> Bool in
                guard !self.stopped, !self.loopRunning, !self.connecting else { return false }
                self.connecting = true
                return true
            }
            guard go else { return }
            let error = self.attempt()
            self.lifecycle.withLock {
                self.connecting = false
                if self.stopped {
                    // `disconnect()` came during the attempt and left the handle to us.
                    if error == nil { _ = mosquitto_disconnect(self.handle) }
                } else if let error {
                    if delay == 0 { self.box.takeUnretainedValue().handlers.firstAttemptFailed(error) }
                    self.retry(after: min(max(delay * 2, 1), 5))
                } else {
                    try? self.startLoop()
                }
            }
        }
    }

    /// Queues `message` for sending; returns its message id, which `Handlers.published` reports
    /// once the broker acknowledged it (QoS 1). Throws when not connected or out of memory.
    @discardableResult
    public func publish(_ message: Message) throws(MQTTError) -> Int32 {
        var mid: Int32 = 0
        let v5 = options.protocolVersion == .v5
        let rc = message.payload.withUnsafeBytes {
            v5 ? mosquitto_publish_v5(handle, &mid, message.topic, Int32($0.count), $0.baseAddress, message.qos, message.retain, nil)
                : mosquitto_publish(handle, &mid, message.topic, Int32($0.count), $0.baseAddress, message.qos, message.retain)
        }
        try MQTTError.check(rc, "publish \(message.topic)")
        return mid
    }

    public func subscribe(_ pattern: String, qos: Int32 = 0) throws(MQTTError) {
        try MQTTError.check(mosquitto_subscribe(handle, nil, pattern, qos), "subscribe \(pattern)")
    }

    /// Closes the socket without DISCONNECT, as a cut cable or a crash does: the broker
    /// publishes the will, and the network thread reconnects.
    public func severConnection() {
        let fd = mosquitto_socket(handle)
        if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)) }
    }
}
