import CommandLineSupport
import Config
import FieldIO
import Foundation
import HAL
import Historian
import Logging
import Runtime
import Telemetry

/// `floc run`'s local historian (`[historian]`): on its own thread, every `interval_ms`, reads the
/// point image and the scan's latest snapshot (never waiting for the scan) and records every
/// selected series; commits, rollups and pruning happen on that thread too.
///
/// A database that cannot be opened or written is logged (once a minute), counted and raised as
/// `system.historian`; the writer keeps its buffer and tries again at the next block. Control
/// never waits for history.
final class HistorianService: @unchecked Sendable {
    // @unchecked: `writer`, `lastTime` and `failures` are touched under `lock` only.
    private let lock = NSLock()
    private var writer: HistoryWriter?
    private let settings: HistorySettings
    private let config: HistorianConfig
    private let image: PointImage
    /// The loops of the scan's latest snapshot (empty before the first scan or without control).
    private let loops: @Sendable () -> [LoopStatus]
    private let clock: any MonotonicClock
    private let systemAlarms: SystemAlarms
    private let logger: Logger
    private let limiter = LogRateLimiter(interval: 60)
    private var thread: PeriodicThread!
    private var lastTime: Int64?
    /// Storage errors so far (open, commit).
    private(set) var failures = 0

    /// Nil when `[historian] enabled = false`.
    init?(unit: UnitConfig, image: PointImage, loops: @escaping @Sendable () -> [LoopStatus], clock: any MonotonicClock,
          systemAlarms: SystemAlarms, logger: Logger) {
        guard unit.historian.enabled else { return nil }
        config = unit.historian
        settings = HistorySettings(path: config.path, rawDays: config.rawDays, rollupIntervalSeconds: config.rollupInterval,
                                   rollupDays: config.rollupDays)
        self.image = image
        self.loops = loops
        self.clock = clock
        self.systemAlarms = systemAlarms
        self.logger = logger
        thread = PeriodicThread(name: "floc-historian", interval: .milliseconds(Int64((config.interval * 1000).rounded())),
                                clock: clock) { [weak self] in self?.tick() }
    }

    func start() {
        try? FileManager.default.createDirectory(atPath: (settings.path as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        lock.withLock { _ = openIfNeeded() }
        thread.start()
    }

    /// Stops sampling and commits what is buffered.
    func stop() {
        thread.stop()
        lock.withLock {
            guard let writer else { return }
            do { try writer.commit() } catch { logger.error("history not committed at stop: \(error)") }
        }
    }

    private func openIfNeeded() -> HistoryWriter? {
        if let writer { return writer }
        do {
            writer = try HistoryWriter(settings: settings)
            logger.info("historian recording", metadata: ["path": "\(settings.path)"])
            return writer
        } catch {
            failed("history database \(settings.path) cannot be opened: \(error)")
            return nil
        }
    }

    private func tick() {
        // On the interval's grid: steady time steps cost no bytes in a block, and exports line up.
        let period = Int64((config.interval * 1000).rounded())
        let time = (Int64((Date().timeIntervalSince1970 * 1000).rounded()) + period / 2) / period * period
        let values = sample()
        lock.withLock {
            // A late tick rounded onto the previous one's slot adds nothing.
            guard time != lastTime, let writer = openIfNeeded() else { return }
            lastTime = time
            do {
                if try writer.record(values, at: time) { systemAlarms.clear(SystemAlarms.historian) }
            } catch {
                failed("history not written: \(error)")
            }
        }
    }

    private func failed(_ message: String) {
        failures += 1
        systemAlarms.raise(SystemAlarms.historian, message)
        if let repeated = limiter.admit("historian", now: Double(clock.now.nanoseconds) / 1e9) {
            logger.error("\(message)\(repeated); control is not affected, history is retried")
        }
    }

    /// The selected series now: the point image (not-yet-read points left out) and the loops.
    private func sample() -> [(name: String, value: Double, quality: HistoryQuality)] {
        var values: [(name: String, value: Double, quality: HistoryQuality)] = []
        for (name, point) in image.snapshot(at: clock.now).sorted(by: { $0.key < $1.key }) where config.records(name) {
            guard let quality = Self.quality(point.quality) else { continue }
            values.append((name, point.value, quality))
        }
        for loop in loops() {
            let pv = loop.pv.flatMap { $0.isFinite ? $0 : nil }
            for (suffix, value, quality) in [("sp", loop.setpoint, HistoryQuality.good),
                                             ("pv", pv ?? .nan, pv == nil ? .bad : .good),
                                             ("out", loop.output, .good)] where config.records("\(loop.name).\(suffix)") {
                values.append(("\(loop.name).\(suffix)", value, quality))
            }
        }
        return values
    }

    /// The console's `history` for `config`'s database; nil when the historian is off.
    static func consoleLines(_ config: HistorianConfig) -> (@Sendable (String, Int) throws -> [String])? {
        config.enabled ? HistoryDigest.consoleLines(path: config.path) : nil
    }

    static func quality(_ quality: PointQuality) -> HistoryQuality? {
        switch quality {
        case .good: .good
        case .stale: .uncertain
        case .notYetRead: nil
        case .outOfRange, .commFail, .badFrame, .deviceException, .verifyMismatch: .bad
        }
    }
}
