import Foundation
import HAL
import Logging
import Synchronization

/// Takes a sample of the unit every `interval` and appends it, committed, to the store-and-forward
/// queue for each uplink; then tells the uplinks (`onStored`). Runs on its own thread, never on the
/// scan's: the source reads the scan's latest snapshot and the point image without waiting.
public final class TelemetrySampler: @unchecked Sendable {
    // @unchecked: `thread` is set once in init; everything else is immutable or atomic.
    public let interval: Duration
    public let uplinks: [String]
    private let queue: StoreAndForwardQueue
    private let clock: any MonotonicClock
    private let now: @Sendable () -> UInt64
    private let source: @Sendable (_ timestampMilliseconds: UInt64) -> TelemetrySample?
    private let onStored: @Sendable (_ uplink: String, _ sequence: Int64) -> Void
    private let logger: Logger
    private var thread: PeriodicThread!
    private let failures = Atomic<Int>(0)

    /// `source` returns nil while there is nothing to sample yet (no scan). `now`: ms UTC.
    public init(queue: StoreAndForwardQueue, uplinks: [String], interval: Duration, clock: any MonotonicClock,
                now: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) },
                logger: Logger,
                source: @escaping @Sendable (UInt64) -> TelemetrySample?,
                onStored: @escaping @Sendable (String, Int64) -> Void = { _, _ in }) {
        precondition(interval >= .milliseconds(10), "sample interval below 10 ms")
        self.queue = queue
        self.uplinks = uplinks
        self.interval = interval
        self.clock = clock
        self.now = now
        self.logger = logger
        self.source = source
        self.onStored = onStored
        thread = PeriodicThread(name: "floc-sampler", interval: interval, clock: clock) { [weak self] in self?.sampleOnce() }
    }

    /// Samples that could not be stored (disk errors), so far.
    public var storeFailures: Int { failures.load(ordering: .relaxed) }

    /// Takes one sample now and stores it for every uplink; the outcomes by uplink (empty if no sample).
    @discardableResult
    public func sampleOnce() -> [String: AppendOutcome] {
        let timestamp = now()
        guard let sample = source(timestamp) else { return [:] }
        let payload = sample.encode()
        var outcomes: [String: AppendOutcome] = [:]
        for uplink in uplinks {
            do {
                let outcome = try queue.append(uplink: uplink, timestampMilliseconds: Int64(timestamp), payload: payload)
                outcomes[uplink] = outcome
                if case .stored(let sequence, _) = outcome { onStored(uplink, sequence) }
            } catch {
                failures.add(1, ordering: .relaxed)
                logger.error("telemetry sample not stored: \(error)", metadata: ["uplink": "\(uplink)"])
            }
        }
        return outcomes
    }

    /// Starts the sampling thread (absolute deadlines, so the interval does not drift).
    public func start() { thread.start() }

    /// Stops after the current sample and waits for the thread.
    public func stop() { thread.stop() }
}
