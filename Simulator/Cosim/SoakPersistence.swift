import Config
import FieldIO
import Foundation
import HAL
import Logging
import Runtime
import StateStore
import Telemetry
import UnitTelemetry

/// What `floc run` keeps on disk besides the scan, driven from a lock-step run: the telemetry
/// sampler storing the unit's Sparkplug sample into a real SQLite store-and-forward queue, an
/// uplink stand-in that reads, decodes and acknowledges the backlog while it is "up", and the
/// retained state saved on change and every `[retain] save_interval_s`. Leaks hide in these as
/// easily as in the scan, so a soak runs them too. Single-threaded: call from the stepping thread.
public final class SoakPersistence {
    /// Counts for the report.
    public struct Counters: Sendable, Equatable {
        public var sampled = 0
        public var delivered = 0
        public var dropped: Int64 = 0
        public var highWaterRaised = 0
        public var retainedSaves = 0
        /// Records read back out of order or undecodable (must stay 0).
        public var misdelivered = 0
    }

    public let queue: StoreAndForwardQueue
    public let sampler: TelemetrySampler
    public let retained: RetainedStateStore
    public private(set) var counters = Counters()
    private let unit: UnitConfig
    private let current: Current
    private var lastSaved: RetainedState?
    private var lastSaveTime = -Double.infinity
    private var lastDelivered: Int64 = 0
    static let uplink = "sparkplug"
    /// Wall time of the run's start as the samples carry it (ms UTC): 2026-01-01.
    static let epochMilliseconds: UInt64 = 1_767_225_600_000

    /// What the sampler's source reads (set by `sample(_:)` just before it samples), and the
    /// queue's alarm count.
    private final class Current: @unchecked Sendable {
        // @unchecked: written and read on the stepping thread only (sampleOnce and append run there).
        var highWaterRaised = 0
        var snapshot: UnitSnapshot?
        var points: [String: PointSample] = [:]
        var seconds = 0.0
    }

    /// Opens (creating) `telemetry.db` and `state.db` in `folder`. The queue holds `maxRecords`
    /// (drop-oldest, high water at 80 %). Throws SQLite errors and the catalog's deadband errors.
    public init(unit: UnitConfig, folder: String, maxRecords: Int = 100) throws {
        self.unit = unit
        let logger = Logger(label: "floc.soak", factory: { _ in SwiftLogNoOpLogHandler() })
        let current = Current()
        self.current = current
        queue = try StoreAndForwardQueue(path: folder + "/telemetry.db", bound: StoreAndForwardBound(maxRecords: maxRecords),
                                         logger: logger) { alarm in if alarm.active { current.highWaterRaised += 1 } }
        retained = try RetainedStateStore(path: folder + "/state.db")
        let catalog = try UnitMetricCatalog(unit: unit)
        let queue = queue
        // The sampler's thread never starts: `sample(_:)` calls sampleOnce on simulated time.
        sampler = TelemetrySampler(queue: queue, uplinks: [Self.uplink], interval: .seconds(60), clock: ManualClock(),
                                   now: { Self.epochMilliseconds + UInt64(current.seconds * 1000) }, logger: logger,
                                   source: { timestamp in
                                       catalog.sample(snapshot: current.snapshot, points: current.points,
                                                      queueHighWater: queue.alarmRaised, timestamp: timestamp)
                                   })
    }

    /// One telemetry sample of the scan `cosim` just ran, the uplink's turn (when `uplinkUp`),
    /// and the retained state saved if it changed or is due. Throws SQLite errors.
    public func sample(_ cosim: CoSimulation, uplinkUp: Bool) throws {
        current.snapshot = cosim.snapshot
        current.points = cosim.image.snapshot(at: cosim.clock.now)
        current.seconds = cosim.time
        if !sampler.sampleOnce().isEmpty { counters.sampled += 1 }
        if uplinkUp { try deliver() }
        counters.dropped = try queue.counters(uplink: Self.uplink).dropped
        counters.highWaterRaised = current.highWaterRaised
        let state = RetainedState(snapshot: cosim.snapshot, control: unit.control,
                                  wallTime: Double(Self.epochMilliseconds) / 1000 + cosim.time)
        if state != lastSaved || cosim.time - lastSaveTime >= unit.retain.saveInterval {
            try retained.save(state, savedAt: Double(Self.epochMilliseconds) / 1000 + cosim.time)
            lastSaved = state
            lastSaveTime = cosim.time
            counters.retainedSaves += 1
        }
    }

    /// Reads the backlog oldest first, decodes each record as the uplink would, acknowledges it.
    private func deliver() throws {
        while true {
            let records = try queue.pending(uplink: Self.uplink, limit: 500)
            guard let last = records.last else { return }
            for record in records {
                if record.sequence <= lastDelivered || (try? TelemetrySample(decoding: record.payload)) == nil {
                    counters.misdelivered += 1
                }
                lastDelivered = record.sequence
            }
            try queue.markDelivered(uplink: Self.uplink, upTo: last.sequence)
            counters.delivered += records.count
        }
    }
}
