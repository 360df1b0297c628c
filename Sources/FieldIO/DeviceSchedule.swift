import Config
import HAL

/// When a device on a bus is next due, and its back-off after failures.
///
/// Poll deadlines are absolute (`next += period`), so a late cycle does not shift the
/// ones after it; missed periods are skipped, never run in a burst.
/// A class: the bus thread updates it in place every poll (a struct was copied out and
/// back on each cycle).
final class DeviceSchedule {
    struct WriteState {
        var value: Double
        var time: MonotonicInstant
    }

    /// A planned read with the image keys of its points, computed once.
    struct PlannedRead {
        let request: ReadRequest
        let keys: [String]
        /// The keys' slots in the poller's image, set when the poller registers them.
        var handles: [PointHandle] = []
    }

    var channel: DeviceChannel
    private(set) var fastPlan: [PlannedRead]
    private(set) var slowPlan: [PlannedRead]
    /// Points the poller reads, in any class, and their image keys.
    let polledPoints: [PointSpec]
    let polledKeys: [String]
    /// Points the poller writes when someone sets a desired value, and their image keys.
    let writablePoints: [PointSpec]
    let writableKeys: [String]
    let fastPeriod: Duration
    let slowPeriod: Duration
    var nextFast: MonotonicInstant
    var nextSlow: MonotonicInstant
    /// Set while backing off: no request before this instant.
    var retryAt: MonotonicInstant?
    /// Current back-off; zero while healthy.
    var backoff: Duration = .zero
    /// Last value written per point name, and when.
    var written: [String: WriteState] = [:]
    /// Points whose last verified write read back differently.
    var mismatched: Set<String> = []
    /// Last error text per operation, so a repeated failure is logged once.
    var reported: [String: String] = [:]
    var lastFastCycle: MonotonicInstant?
    var averageInterval = 0.0
    var stats = DeviceStatistics()

    static let never = MonotonicInstant(nanoseconds: .max)

    init(device: DeviceConfig, link: any ModbusLink, clock: any MonotonicClock) {
        channel = DeviceChannel(device: device, link: link, clock: clock, retriesSilence: false)
        let points = device.profile.points
        let key = { (point: PointSpec) in PointImage.key(device: device.name, point: point.name) }
        let plan = { (poll: PollClass) in
            RequestPlanner.plan(points.filter { $0.poll == poll }, profile: device.profile)
                .map { PlannedRead(request: $0, keys: $0.points.map(key)) }
        }
        fastPlan = plan(.fast)
        slowPlan = plan(.slow)
        polledPoints = (fastPlan + slowPlan).flatMap(\.request.points)
        polledKeys = polledPoints.map(key)
        writablePoints = points.filter { $0.access.canWrite && $0.table.isWritable }
        writableKeys = writablePoints.map(key)
        fastPeriod = .seconds(device.pollFast)
        slowPeriod = .seconds(device.pollSlow)
        let now = clock.now
        nextFast = fastPlan.isEmpty ? Self.never : now
        nextSlow = slowPlan.isEmpty ? Self.never : now
    }

    var device: DeviceConfig { channel.device }
    var name: String { device.name }
    /// The read that tells whether a backed-off device answers again: its first one.
    var probeRead: PlannedRead? { fastPlan.first ?? slowPlan.first }

    /// Registers the polled points in `image` (not yet read) and keeps their handles.
    func register(in image: PointImage, at now: MonotonicInstant) {
        var handles: [String: PointHandle] = [:]
        for (spec, key) in zip(polledPoints, polledKeys) {
            handles[key] = image.register(key, staleAfter: staleAfter(spec), at: now)
        }
        for index in fastPlan.indices { fastPlan[index].handles = fastPlan[index].keys.compactMap { handles[$0] } }
        for index in slowPlan.indices { slowPlan[index].handles = slowPlan[index].keys.compactMap { handles[$0] } }
    }

    /// The age after which a point's good value is stale: `staleAfter` for fast points;
    /// for slow points at least three slow periods, or they would be stale between polls.
    func staleAfter(_ spec: PointSpec) -> Duration? {
        switch spec.poll {
        case .fast: .seconds(device.staleAfter)
        case .slow: .seconds(max(device.staleAfter, 3 * device.pollSlow))
        case .never: nil
        }
    }

    /// Whether a desired value must be written now: changed, or its refresh is due.
    func writeDue(_ spec: PointSpec, desired: Double, now: MonotonicInstant) -> Bool {
        guard let last = written[spec.name] else { return true }
        if last.value != desired { return true }
        return device.writeRefresh > 0 && now >= last.time + .seconds(device.writeRefresh)
    }

    /// The earliest instant at which this device has work, given the desired values.
    func nextDue(desired: [String: Double], now: MonotonicInstant) -> MonotonicInstant {
        if let retryAt { return retryAt }
        var due = min(nextFast, nextSlow)
        guard !desired.isEmpty else { return due }
        for (spec, key) in zip(writablePoints, writableKeys) {
            guard let value = desired[key] else { continue }
            if writeDue(spec, desired: value, now: now) { return now }
            if device.writeRefresh > 0, let last = written[spec.name] {
                due = min(due, last.time + .seconds(device.writeRefresh))
            }
        }
        return due
    }

    /// The first deadline after `now` on the grid `next + k * period`.
    static func advance(_ next: MonotonicInstant, period: Duration, now: MonotonicInstant) -> MonotonicInstant {
        guard next != never, next <= now else { return next }
        let step = UInt64(max(1, period.nanosecondsClamped))
        let missed = (now.nanoseconds - next.nanoseconds) / step
        return MonotonicInstant(nanoseconds: next.nanoseconds + (missed + 1) * step)
    }

    /// A poll cycle failed for want of an answer. The first `retries` in a row are forgiven
    /// (true: the next turn is at the normal deadline, the points keep their last values and
    /// age to stale); after that the device backs off, doubling from `backoffMin` to `backoffMax`.
    func missed(now: MonotonicInstant) -> Bool {
        stats.consecutiveFailures += 1
        if retryAt == nil, stats.consecutiveFailures <= device.retries { return true }
        let minimum = Duration.seconds(device.backoffMin)
        let maximum = Duration.seconds(max(device.backoffMin, device.backoffMax))
        backoff = backoff == .zero ? minimum : min(backoff * 2, maximum)
        retryAt = now + backoff
        stats.backoff = backoff.seconds
        return false
    }

    /// The device answered: poll at its normal rate again.
    func recovered() {
        backoff = .zero
        retryAt = nil
        stats.consecutiveFailures = 0
        stats.backoff = 0
    }

    /// Moves the due deadlines past `now` after a cycle that polled what was due.
    func advanceDeadlines(now: MonotonicInstant, polledFast: Bool, polledSlow: Bool) {
        if polledFast { nextFast = Self.advance(nextFast, period: fastPeriod, now: now) }
        if polledSlow { nextSlow = Self.advance(nextSlow, period: slowPeriod, now: now) }
    }

    /// Records a completed fast cycle for the poll-rate measurement.
    func countFastCycle(start: MonotonicInstant) {
        stats.cycles += 1
        if let last = lastFastCycle, start > last {
            let interval = (start - last).seconds
            // Moving average of the interval over ~8 cycles (averaging rates would be biased
            // by one late cycle followed by an early one).
            averageInterval = averageInterval == 0 ? interval : averageInterval + (interval - averageInterval) / 8
            stats.pollRate = 1 / averageInterval
        }
        lastFastCycle = start
    }
}
