import Foundation
import HAL
import Logging
import Synchronization

/// The Sparkplug B uplink of a running unit: owns the edge node, publishes the samples the
/// sampler stored in the queue, and replays what was stored while no session was up.
///
/// Each session (births sent) splits the queue at the last sequence stored before it: records
/// after it are live (DDATA by exception, deadbands, QoS 1), records up to it are the backlog,
/// replayed oldest first as `is_historical` DDATA (several samples per message, each metric with
/// its sample time), at most `replayRate` records/s and `maxInFlight` unacknowledged messages, so
/// live data goes first and the broker sets the pace. A record leaves the queue only when the
/// broker acknowledged (PUBACK) every message carrying it; what a lost session left unacknowledged
/// is replayed as historical in the next one.
public final class SparkplugUplink: @unchecked Sendable {
    // @unchecked: the replay state is touched by the worker thread only; the rest is in Mutexes.
    public struct Settings: Sendable {
        /// The queue's uplink name.
        public var uplink = "sparkplug"
        /// Backlog records replayed per second at most.
        public var replayRate = 2000
        /// Samples carried by one historical DDATA (per device).
        public var samplesPerMessage = 25
        /// Unacknowledged QoS 1 messages at most.
        public var maxInFlight = 200
        public init() {}
    }

    /// Counts since start.
    public struct Statistics: Sendable, Equatable {
        public var liveRecords = 0
        public var historicalRecords = 0
        public var delivered = 0
        public var sessions = 0
    }

    public let node: SparkplugEdgeNode
    public let settings: Settings
    private let queue: StoreAndForwardQueue
    private let clock: any MonotonicClock
    private let logger: Logger
    private let events = Mutex<(born: Int?, ended: Bool, acked: [Int32])>((nil, false, []))
    private let stats = Mutex(Statistics())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let running = Atomic<Bool>(false)
    private let finished = Mutex<DispatchSemaphore?>(nil)

    // Worker state.
    private var inSession = false
    private var boundary: Int64 = 0
    private var historicalCursor: Int64 = 0
    private var liveCursor: Int64 = 0
    private var inFlight: [Int32: [Int64]] = [:]
    private var outstanding: [Int64: Int] = [:]
    private var lastReplay: MonotonicInstant?
    private var credit = 0.0

    /// Takes over `node.onEvent`. The node must not be started yet (`start` does it). `clock` paces
    /// the replay: real time, also when the scan runs on a manual clock (the network does not).
    public init(node: SparkplugEdgeNode, queue: StoreAndForwardQueue, settings: Settings = Settings(),
                clock: any MonotonicClock = SystemMonotonicClock(), logger: Logger) {
        self.node = node
        self.queue = queue
        self.settings = settings
        self.clock = clock
        self.logger = logger
        node.onEvent = { [weak self] event in self?.handle(event) }
    }

    public var statistics: Statistics { stats.withLock { $0 } }

    /// Starts the edge node (connecting, retrying) and the publishing thread.
    public func start(_ options: MQTTClient.Options) throws(MQTTError) {
        try node.start(options)
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let done = DispatchSemaphore(value: 0)
        finished.withLock { $0 = done }
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                let busy = step()
                _ = wakeUp.wait(timeout: .now() + (busy ? .milliseconds(1) : .milliseconds(20)))
            }
            done.signal()
        }
        thread.name = "floc-sparkplug"
        thread.start()
    }

    /// Stops publishing, then the node (NDEATH, DISCONNECT). Unacknowledged records stay queued.
    public func stop() {
        if running.exchange(false, ordering: .acquiringAndReleasing) {
            wakeUp.signal()
            finished.withLock { state in defer { state = nil }; return state }?.wait()
        }
        node.stop()
    }

    /// New records are waiting (called by the sampler after each append).
    public func wake() { wakeUp.signal() }

    private func handle(_ event: SparkplugEdgeNode.Event) {
        events.withLock { state in
            switch event {
            case .born(let generation): state.born = generation
            case .ended:
                state.ended = true
                state.born = nil
            case .delivered(let id): state.acked.append(id)
            }
        }
        wakeUp.signal()
    }

    /// One round: session changes, acknowledgements, live records, then a slice of the backlog.
    /// True when there may be more to do at once. Worker thread (or a test) only.
    @discardableResult
    func step() -> Bool {
        let (born, ended, acked) = events.withLock { state in
            defer { state = (nil, false, []) }
            return state
        }
        if ended || born != nil { endSession() }
        if born != nil { beginSession() }
        acknowledge(acked)
        guard inSession else { return false }
        do {
            let live = try publishLive()
            let replayed = try replay()
            return live || replayed
        } catch {
            logger.error("sparkplug uplink: queue: \(error)")
            return false
        }
    }

    private func endSession() {
        inSession = false
        inFlight.removeAll()
        outstanding.removeAll()
    }

    private func beginSession() {
        do {
            boundary = try queue.lastSequence()
        } catch {
            logger.error("sparkplug uplink: queue: \(error)")
            return
        }
        inSession = true
        historicalCursor = 0
        liveCursor = boundary
        lastReplay = nil
        credit = 0
        stats.withLock { $0.sessions += 1 }
    }

    private func acknowledge(_ ids: [Int32]) {
        var delivered: [Int64] = []
        for id in ids {
            guard let sequences = inFlight.removeValue(forKey: id) else { continue }
            for sequence in sequences {
                let left = (outstanding[sequence] ?? 1) - 1
                if left <= 0 {
                    outstanding[sequence] = nil
                    delivered.append(sequence)
                } else {
                    outstanding[sequence] = left
                }
            }
        }
        markDelivered(delivered)
    }

    private func markDelivered(_ sequences: [Int64]) {
        guard !sequences.isEmpty else { return }
        do {
            try queue.markDelivered(uplink: settings.uplink, sequences: sequences)
            stats.withLock { $0.delivered += sequences.count }
        } catch {
            logger.error("sparkplug uplink: queue: \(error)")
        }
    }

    /// Records stored during the session: DDATA by exception at their sample time.
    private func publishLive() throws -> Bool {
        let records = try queue.pending(uplink: settings.uplink, after: liveCursor, limit: 50)
        var unchanged: [Int64] = []
        for record in records {
            guard let sample = decode(record) else {
                unchanged.append(record.sequence)
                liveCursor = record.sequence
                continue
            }
            var sent = 0
            for (device, values) in sample.byDevice {
                let map = Dictionary(values.map { ($0.metric, $0.value) }, uniquingKeysWith: { _, last in last })
                switch node.publish(device: device, map, timestamp: sample.timestampMilliseconds, qos: 1) {
                case .sent(let id):
                    inFlight[id, default: []].append(record.sequence)
                    sent += 1
                case .unchanged: continue
                case .notPublishing:
                    markDelivered(unchanged)
                    return false
                }
            }
            if sent == 0 { unchanged.append(record.sequence) } else { outstanding[record.sequence] = sent }
            liveCursor = record.sequence
            stats.withLock { $0.liveRecords += 1 }
        }
        markDelivered(unchanged)
        return records.count == 50
    }

    /// A slice of the backlog, within the replay rate and the in-flight window.
    private func replay() throws -> Bool {
        guard historicalCursor < boundary else { return false }
        let now = clock.now
        let elapsed = lastReplay.map { (now - $0).seconds } ?? 0.05
        lastReplay = now
        // At most 100 ms of credit: a pause is not followed by a burst.
        credit = min(credit + elapsed * Double(settings.replayRate), Double(settings.replayRate) / 10)
        let room = settings.maxInFlight - inFlight.count
        let limit = min(Int(credit), room * settings.samplesPerMessage / 2)
        guard limit >= 1 else { return room > 0 }
        let records = try queue.pending(uplink: settings.uplink, after: historicalCursor, through: boundary, limit: limit)
        guard !records.isEmpty else {
            historicalCursor = boundary
            return false
        }
        for start in stride(from: 0, to: records.count, by: settings.samplesPerMessage) {
            let batch = records[start..<min(records.count, start + settings.samplesPerMessage)]
            guard publishHistorical(batch) else { return false }
            historicalCursor = batch.last!.sequence
        }
        credit -= Double(records.count)
        stats.withLock { $0.historicalRecords += records.count }
        return true
    }

    /// One historical DDATA per device for `batch`; false when the session ended meanwhile.
    private func publishHistorical(_ batch: ArraySlice<StoredRecord>) -> Bool {
        var perDevice: [String?: [(name: String, value: SparkplugValue, timestamp: UInt64)]] = [:]
        var order: [String?] = []
        var empty: [Int64] = []
        for record in batch {
            guard let sample = decode(record), !sample.values.isEmpty else {
                empty.append(record.sequence)
                continue
            }
            for value in sample.values {
                if perDevice[value.device] == nil { order.append(value.device) }
                perDevice[value.device, default: []].append((value.metric, value.value, sample.timestampMilliseconds))
            }
        }
        let carried = batch.map(\.sequence).filter { !empty.contains($0) }
        var sent = 0
        for device in order {
            switch node.publishHistorical(device: device, perDevice[device] ?? []) {
            case .sent(let id):
                inFlight[id] = carried
                sent += 1
            case .unchanged: continue
            case .notPublishing: return false
            }
        }
        for sequence in carried {
            if sent == 0 { empty.append(sequence) } else { outstanding[sequence] = sent }
        }
        markDelivered(empty)
        return true
    }

    private func decode(_ record: StoredRecord) -> TelemetrySample? {
        do {
            return try TelemetrySample(decoding: record.payload)
        } catch {
            logger.error("sparkplug uplink: record \(record.sequence) unreadable, skipped: \(error)")
            return nil
        }
    }
}
