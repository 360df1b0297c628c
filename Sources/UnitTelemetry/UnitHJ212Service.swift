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
/// `HJ212Client`, which sends them one at a time and waits for each acknowledgement.
public final class UnitHJ212Service: Sendable {
    public static let uplink = "hj212"
    public let queue: StoreAndForwardQueue
    public let client: HJ212Client
    let reporter: Mutex<HJ212Reporter>
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

    /// Throws for an unusable queue or an exposed or unreadable password file.
    public init(unit: UnitConfig, config: HJ212UplinkConfig, queuePath: String, image: PointImage, clock: any MonotonicClock,
                engine: ScanEngine<UnitProgram>?, logger: Logger,
                now: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }) throws {
        let password = try SecretFile.read(config.passwordFile)
        let identity = HJ212Identity(st: config.st, pw: password, mn: config.mn)
        reporter = Mutex(HJ212Reporter(identity: identity, realtimeInterval: config.realtimeInterval,
                                       minuteInterval: config.minuteInterval))
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
        try FileManager.default.createDirectory(atPath: (queuePath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        queue = try StoreAndForwardQueue(path: queuePath, bound: .init(maxRecords: 1_000_000), logger: logger)
        var settings = HJ212ClientSettings(host: config.host, port: config.port, uplink: Self.uplink)
        let intervals = HJ212Intervals(realTimeSeconds: Int(config.realtimeInterval.rounded()), minuteMinutes: config.minuteInterval)
        settings.platformCommands = HJ212PlatformResponder(identity: identity, intervals: intervals)
        appliedIntervals = Mutex(intervals)
        client = HJ212Client(settings: settings, queue: queue, logger: logger)
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

    /// Stops sampling and the client; unacknowledged uploads stay queued.
    public func stop() {
        samplerBox.withLock { $0 }?.stop()
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
        let messages = reporter.withLock { $0.add(timestampMilliseconds: time, values) }
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
