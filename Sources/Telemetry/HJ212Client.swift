import Foundation
import HAL
import Logging
import SQLite
import Synchronization

/// Where and how ``HJ212Client`` reaches the authority's platform.
public struct HJ212ClientSettings: Sendable {
    public var host: String
    public var port: Int
    /// Store-and-forward uplink name the client drains.
    public var uplink: String
    /// How long to wait for the 9014 acknowledgement of a packet.
    public var acknowledgementTimeout: Duration
    /// Resends of an unacknowledged packet before the connection is dropped and re-made.
    public var maxResends: Int
    public var connectTimeout: Duration
    /// Reconnect back-off doubles from `minBackoff` up to `maxBackoff`.
    public var minBackoff: Duration
    public var maxBackoff: Duration
    /// How often an idle client looks for new records.
    public var pollInterval: Duration
    /// Answers the platform's parameter commands (1011-1064) when set; they are logged and ignored otherwise.
    public var platformCommands: HJ212PlatformResponder?
    /// Called on the client's thread when a platform command changed the intervals, before the
    /// execution result (9012) is sent: what it saves is saved when the platform hears "done".
    public var intervalsChanged: (@Sendable (HJ212Intervals) -> Void)?
    /// UTC now in milliseconds, for the site time the platform asks for (CN 1011).
    public var utcMilliseconds: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    public init(host: String, port: Int, uplink: String = "hj212", acknowledgementTimeout: Duration = .seconds(10),
                maxResends: Int = 3, connectTimeout: Duration = .seconds(5), minBackoff: Duration = .seconds(1),
                maxBackoff: Duration = .seconds(60), pollInterval: Duration = .milliseconds(200)) {
        self.host = host
        self.port = port
        self.uplink = uplink
        self.acknowledgementTimeout = acknowledgementTimeout
        self.maxResends = maxResends
        self.connectTimeout = connectTimeout
        self.minBackoff = minBackoff
        self.maxBackoff = maxBackoff
        self.pollInterval = pollInterval
    }
}

/// What the client has done since it started.
public struct HJ212ClientCounters: Sendable, Equatable {
    public var sent = 0
    public var resent = 0
    public var acknowledged = 0
    public var connects = 0
    public var connectFailures = 0
}

/// The HJ 212-2017 uplink: sends the store-and-forward queue's records (each a data segment) to the
/// platform in order, one at a time, and marks a record delivered only when the platform answered
/// CN=9014 with the same QN (or when the packet asked for no answer). Runs on its own thread.
public final class HJ212Client: @unchecked Sendable {
    // @unchecked: `thread` is touched only by start/stop on the owner's thread; the rest is immutable or a Mutex.
    private let settings: HJ212ClientSettings
    private let queue: StoreAndForwardQueue
    private let logger: Logger
    private let clock: MonotonicClock
    private let running = Mutex(false)
    private let state = Mutex(HJ212ClientCounters())
    private let responder: Mutex<HJ212PlatformResponder?>
    private let finished = DispatchSemaphore(value: 0)
    private var thread: Thread?

    public init(settings: HJ212ClientSettings, queue: StoreAndForwardQueue, logger: Logger,
                clock: MonotonicClock = SystemMonotonicClock()) {
        self.settings = settings
        self.queue = queue
        self.logger = logger
        self.clock = clock
        responder = Mutex(settings.platformCommands)
    }

    /// The reporting intervals as the platform last set them (nil without `platformCommands`).
    public var intervals: HJ212Intervals? { responder.withLock { $0?.intervals } }

    public var counters: HJ212ClientCounters { state.withLock { $0 } }

    /// Starts the client's thread (once).
    public func start() {
        guard running.withLock({ running in defer { running = true }; return !running }) else { return }
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "floc-hj212"
        self.thread = thread
        thread.start()
    }

    /// Stops the thread and waits for it (at most one poll slice plus one connect timeout).
    public func stop() {
        guard running.withLock({ running in defer { running = false }; return running }) else { return }
        finished.wait()
        thread = nil
    }

    private var isRunning: Bool { running.withLock { $0 } }

    private func run() {
        var backoff = settings.minBackoff
        var connection: HJ212Connection?
        var decoder = HJ212StreamDecoder()
        while isRunning {
            if connection == nil {
                do {
                    connection = try HJ212Connection(host: settings.host, port: settings.port,
                                                     timeoutMilliseconds: milliseconds(settings.connectTimeout))
                    decoder = HJ212StreamDecoder()
                    backoff = settings.minBackoff
                    state.withLock { $0.connects += 1 }
                    logger.info("HJ 212 platform connected", metadata: ["port": "\(settings.port)"])
                } catch {
                    state.withLock { $0.connectFailures += 1 }
                    logger.warning("HJ 212 platform unreachable", metadata: ["error": "\(error)", "retry_s": "\(backoff.seconds)"])
                    pause(backoff)
                    backoff = min(backoff * 2, settings.maxBackoff)
                    continue
                }
            }
            guard let link = connection else { continue }
            do {
                guard let record = try queue.pending(uplink: settings.uplink, limit: 1).first else {
                    _ = try awaitAcknowledgement(of: nil, on: link, decoder: &decoder, for: settings.pollInterval)
                    continue
                }
                if try deliver(record, on: link, decoder: &decoder) {
                    try queue.markDelivered(uplink: settings.uplink, upTo: record.sequence)
                } else {
                    logger.warning("HJ 212 no acknowledgement after resends; reconnecting",
                                   metadata: ["sequence": "\(record.sequence)"])
                    connection = nil
                }
            } catch let error as SQLiteError {
                logger.error("HJ 212 store-and-forward failed", metadata: ["error": "\(error)"])
                pause(settings.minBackoff)
            } catch {
                logger.warning("HJ 212 connection lost", metadata: ["error": "\(error)"])
                connection = nil
            }
        }
    }

    /// Sends `record` and resends it up to `maxResends` times; `true` once it is acknowledged.
    private func deliver(_ record: StoredRecord, on link: HJ212Connection,
                         decoder: inout HJ212StreamDecoder) throws -> Bool {
        let segment = String(decoding: record.payload, as: UTF8.self)
        guard let message = try? HJ212Message(parsing: segment), (try? message.validateWidths()) != nil,
              let bytes = try? HJ212Packet(dataSegment: segment).encode()
        else {
            // A record that can never be sent must not block the queue behind it.
            logger.error("HJ 212 record is not a valid data segment; skipped", metadata: ["sequence": "\(record.sequence)"])
            return true
        }
        for attempt in 0...settings.maxResends {
            guard isRunning else { return false }
            try link.send(bytes)
            state.withLock { if attempt == 0 { $0.sent += 1 } else { $0.resent += 1 } }
            guard message.wantsAcknowledgement else { return true }
            if try awaitAcknowledgement(of: message.qn, on: link, decoder: &decoder, for: settings.acknowledgementTimeout) {
                state.withLock { $0.acknowledged += 1 }
                return true
            }
        }
        return false
    }

    /// Reads packets for `duration`; `true` as soon as a 9014 with QN `qn` arrives.
    /// Platform commands are answered on the way; other packets (late acknowledgements) are logged and ignored.
    private func awaitAcknowledgement(of qn: String?, on link: HJ212Connection, decoder: inout HJ212StreamDecoder,
                                      for duration: Duration) throws -> Bool {
        let deadline = clock.now + duration
        while isRunning {
            while let result = decoder.next() {
                switch result {
                case .success(let packet):
                    guard let reply = try? HJ212Message(parsing: packet.dataSegment) else { continue }
                    if reply.cn == "9014", let qn, reply.qn == qn { return true }
                    if HJ212PlatformResponder.handledCommands.contains(reply.cn), try answer(reply, on: link) { continue }
                    logger.debug("HJ 212 packet ignored", metadata: ["cn": "\(reply.cn)", "qn": "\(reply.qn)"])
                case .failure(let error):
                    logger.warning("HJ 212 malformed packet from platform", metadata: ["error": "\(error)"])
                }
            }
            let remaining = deadline - clock.now
            guard remaining > .zero else { return false }
            decoder.feed(try link.receive(timeoutMilliseconds: min(100, milliseconds(remaining))))
        }
        return false
    }

    /// Answers a platform command; false when no responder is configured.
    private func answer(_ request: HJ212Message, on link: HJ212Connection) throws -> Bool {
        let now = settings.utcMilliseconds()
        let answered = responder.withLock { responder -> (replies: [HJ212Message], refusal: String?, changed: HJ212Intervals?)? in
            guard let before = responder?.intervals, let outcome = responder?.respond(to: request, utcMilliseconds: now)
            else { return nil }
            return (outcome.replies, outcome.refusal, responder?.intervals == before ? nil : responder?.intervals)
        }
        guard let outcome = answered else { return false }
        if let changed = outcome.changed { settings.intervalsChanged?(changed) }
        if let refusal = outcome.refusal {
            logger.warning("HJ 212 platform command refused", metadata: ["cn": "\(request.cn)", "reason": "\(refusal)"])
        } else {
            logger.info("HJ 212 platform command done", metadata: ["cn": "\(request.cn)", "cp": "\(request.cp)"])
        }
        for reply in outcome.replies { try link.send(try HJ212Packet(dataSegment: reply.dataSegment).encode()) }
        return true
    }

    /// Sleeps up to `duration` in short slices so `stop()` is prompt.
    private func pause(_ duration: Duration) {
        let deadline = clock.now + duration
        while isRunning, clock.now < deadline {
            clock.sleep(until: min(deadline, clock.now + .milliseconds(50)))
        }
    }

    private func milliseconds(_ duration: Duration) -> Int32 {
        Int32(clamping: max(0, duration.nanosecondsClamped / 1_000_000))
    }
}
