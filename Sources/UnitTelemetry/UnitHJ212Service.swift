import Config
import FieldIO
import Foundation
import HAL
import Logging
import Runtime
import Synchronization
import Telemetry

/// HJ 212-2017 for a running unit: every second the configured factors are read from the point
/// image, flagged from their quality and their loop's mode, fed to an `HJ212Reporter`, and the
/// uploads it makes (2011 real time, 2051/2061/2031 statistics) are stored in the queue for the
/// `HJ212Client`, which sends them one at a time and waits for each acknowledgement. The open
/// periods' statistics are saved in the queue file every `saveInterval` and at stop, and taken
/// back at start (a period that ended meanwhile is closed and uploaded at once). Intervals the platform
/// sets are saved in the same file and apply again after a restart, unless the unit file's changed.
public final class UnitHJ212Service: Sendable {
    public static let uplink = "hj212"
    public let queue: StoreAndForwardQueue
    public let client: HJ212Client
    public let periodStore: HJ212PeriodStore
    public let intervalStore: HJ212IntervalStore
    let reporter: Mutex<HJ212Reporter>
    /// Milliseconds between saves of the open periods, and the time (ms UTC) of the last one.
    let saveIntervalMilliseconds: Int64
    private let lastSave = Mutex<Int64?>(nil)
    let factors: [(code: String, point: String)]
    /// Loop mode by input point key, for the S (manual) and M (out of service) flags.
    let loopOfPoint: [String: String]
    let image: PointImage
    let clock: any MonotonicClock
    let engine: ScanEngine<UnitProgram>?
    let now: @Sendable () -> UInt64
    let logger: Logger
    private let samplerBox = Mutex<PeriodicThread?>(nil)
    /// The intervals the platform last set and the reporter follows (CN 1062/1064).
    private let appliedIntervals: Mutex<HJ212Intervals>

    /// Throws for an unusable queue, an exposed or unreadable password file, or a mass pollutant
    /// whose point is in another unit than HJ 212-2017 appendix B's (``HJ212UnitError``).
    public init(unit: UnitConfig, config: HJ212UplinkConfig, queuePath: String, image: PointImage, clock: any MonotonicClock,
                engine: ScanEngine<UnitProgram>?, logger: Logger, saveInterval: Duration = .seconds(10),
                now: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }) throws {
        let password = try SecretFile.read(config.passwordFile)
        let identity = HJ212Identity(st: config.st, pw: password, mn: config.mn)
        try FileManager.default.createDirectory(atPath: (queuePath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let intervalStore = try HJ212IntervalStore(path: queuePath, logger: logger)
        let configured = HJ212Intervals(realTimeSeconds: Int(config.realtimeInterval.rounded()), minuteMinutes: config.minuteInterval)
        let intervals = intervalStore.resolve(configured: configured, at: Int64(now()))
        var reporter = HJ212Reporter(identity: identity, realtimeInterval: config.realtimeInterval,
                                     minuteInterval: config.minuteInterval, cumulation: try Self.cumulation(config))
        if intervals != configured { reporter.apply(intervals) }
        self.reporter = Mutex(reporter)
        self.intervalStore = intervalStore
        saveIntervalMilliseconds = Int64(saveInterval.nanosecondsClamped / 1_000_000)
        factors = config.factors
        var loops: [String: String] = [:]
        for loop in unit.control.loops {
            switch loop.kind {
            case .aeration(let aeration): loops[aeration.dissolvedOxygen.key] = loop.name
            case .ph(let ph): loops[ph.ph.key] = loop.name
            case .pid(let pid): loops[pid.pv.key] = loop.name
            }
        }
        loopOfPoint = loops
        self.image = image
        self.clock = clock
        self.engine = engine
        self.now = now
        self.logger = logger
        queue = try StoreAndForwardQueue(path: queuePath, bound: .init(maxRecords: 1_000_000), logger: logger)
        periodStore = try HJ212PeriodStore(path: queuePath, signature: Self.signature(config), logger: logger)
        var settings = HJ212ClientSettings(host: config.host, port: config.port, uplink: Self.uplink)
        settings.platformCommands = HJ212PlatformResponder(identity: identity, intervals: intervals)
        settings.intervalsChanged = { [now] intervals in
            do {
                try intervalStore.save(intervals, configured: configured, at: Int64(now()))
            } catch {
                logger.error("hj212: intervals set by the platform not saved; a restart returns to the unit file's: \(error)")
            }
        }
        appliedIntervals = Mutex(intervals)
        client = HJ212Client(settings: settings, queue: queue, logger: logger)
        restorePeriods()
    }

    /// Starts the client and, with `sampling`, the once-a-second sampling thread.
    public func start(sampling: Bool = true) {
        client.start()
        if sampling {
            let sampler = PeriodicThread(name: "floc-hj212", interval: .seconds(1), clock: clock) { [weak self] in self?.sampleOnce() }
            samplerBox.withLock { $0 = sampler }
            sampler.start()
        }
    }

    /// Stops sampling and the client; unacknowledged uploads and the open periods stay on disk.
    public func stop() {
        samplerBox.withLock { $0 }?.stop()
        savePeriods(at: Int64(now()))
        client.stop()
    }

    /// Reads the factors now and stores the uploads due; the number stored.
    @discardableResult
    public func sampleOnce() -> Int {
        let time = Int64(now())
        let points = image.snapshot(at: clock.now)
        let loops = engine?.snapshots.value?.program.loops ?? []
        let values = factors.compactMap { factor -> (code: String, value: Double, flag: HJ212DataFlag)? in
            guard let sample = points[factor.point] else { return nil }
            var flag = Self.flag(sample.quality)
            if flag == .normal, let name = loopOfPoint[factor.point], let loop = loops.first(where: { $0.name == name }) {
                switch loop.mode {
                case .manual: flag = .manual
                case .oos: flag = .maintenance
                case .auto, .cascade: break
                }
            }
            return (factor.code, sample.value, flag)
        }
        if let wanted = client.intervals, appliedIntervals.withLock({ applied in
            defer { applied = wanted }
            return applied != wanted
        }) {
            reporter.withLock { $0.apply(wanted) }
            logger.notice("hj212: the platform set the real-time interval to \(wanted.realTimeSeconds) s, minute data to \(wanted.minuteMinutes) min")
        }
        let (messages, overRange) = reporter.withLock { ($0.add(timestampMilliseconds: time, values), $0.takeOverRange()) }
        for event in overRange {
            logger.warning("""
                hj212: \(event.code) = \(event.value) has more integer digits than its HJ 212-2017 format \
                \(event.format) allows; sent as \(event.format.text(event.sent)) flagged \(event.flag.rawValue) while \
                it does (logged once per factor)
                """)
        }
        let stored = store(messages, at: time)
        // Uploads first, then the periods: a crash between them sends a period twice (the platform
        // sees the same QN), never loses one.
        let closed = messages.contains { $0.cn != HJ212DataKind.realTime.rawValue }
        if closed || lastSave.withLock({ $0.map { time - $0 >= saveIntervalMilliseconds } ?? true }) {
            savePeriods(at: time)
        }
        return stored
    }

    private func store(_ messages: [HJ212Message], at time: Int64) -> Int {
        var stored = 0
        for message in messages {
            do {
                try queue.append(uplink: Self.uplink, timestampMilliseconds: time, payload: Array(message.dataSegment.utf8))
                stored += 1
            } catch {
                logger.error("hj212: upload not stored: \(error)")
            }
        }
        return stored
    }

    /// HJ 212 data flag of a point's quality: B for no communication, D for a device fault, T out of range.
    static func flag(_ quality: PointQuality) -> HJ212DataFlag {
        switch quality {
        case .good: .normal
        case .outOfRange: .overLimit
        case .stale, .commFail, .notYetRead: .communication
        case .badFrame, .deviceException, .verifyMismatch: .fault
        }
    }
}

/// A factor whose point is not in the unit HJ 212-2017 appendix B reports it in.
public struct HJ212UnitError: Error, CustomStringConvertible, Sendable {
    public var line: Int
    public var code: String
    public var unit: String
    public var expected: String
    public var description: String {
        "line \(line): uplinks.hj212: \(code) is reported in \(expected) (HJ 212-2017 appendix B) and its discharged mass "
            + "computed from it, but its point is in \(unit); convert it in the device profile or pick the point in \(expected)"
    }
}

extension UnitHJ212Service {
    /// `Cou` settings: with a flow factor (w00000, m3/h or L/s, checked at load), its volume and the
    /// masses of the configured mass pollutants; nil without one.
    static func cumulation(_ config: HJ212UplinkConfig) throws -> HJ212Cumulation? {
        let flowCode = HJ212FactorCatalog.flowCode
        guard config.factors.contains(where: { $0.code == flowCode }),
              let flowUnit = HJ212FlowUnit(text: config.units[flowCode] ?? "") else { return nil }
        let massCodes = Set(config.factors.map(\.code).filter(HJ212FactorCatalog.carriesMass))
        for code in massCodes {
            let unit = config.units[code] ?? ""
            guard HJ212FactorCatalog.concentrationUnit(unit, matches: code) else {
                throw HJ212UnitError(line: config.line, code: code, unit: unit,
                                     expected: HJ212FactorCatalog.massConcentrationUnits[code] ?? "")
            }
        }
        return HJ212Cumulation(flowCode: flowCode, flowUnit: flowUnit, massCodes: massCodes)
    }

    /// What the saved periods were accumulated for: each factor's code, point and unit.
    static func signature(_ config: HJ212UplinkConfig) -> String {
        config.factors.map { "\($0.code)=\($0.point)[\(config.units[$0.code] ?? "")]" }.joined(separator: ",")
    }

    /// Takes back the periods saved by the last run; those that ended meanwhile are uploaded now.
    /// Unreadable saved periods are logged and left behind: statistics lost beat a unit not running.
    func restorePeriods() {
        let time = Int64(now())
        let saved: [HJ212PeriodState]
        do {
            saved = try periodStore.load()
        } catch {
            logger.error("hj212: open period statistics of the last run not read: \(error)")
            saved = []
        }
        let messages = reporter.withLock { $0.restore(saved, at: time) }
        let resumed = reporter.withLock { $0.openPeriods.map(\.kind.rawValue) }
        if !saved.isEmpty {
            logger.notice("hj212: statistics of the last run taken back",
                          metadata: ["resumed": "\(resumed)", "closed": "\(messages.map(\.cn))"])
        }
        _ = store(messages, at: time)
        savePeriods(at: time)
    }

    /// Saves the open periods; a failure is logged (the statistics go on in memory).
    func savePeriods(at time: Int64) {
        let periods = reporter.withLock { $0.openPeriods }
        do {
            try periodStore.save(periods)
            lastSave.withLock { $0 = time }
        } catch {
            logger.error("hj212: open period statistics not saved: \(error)")
        }
    }
}
