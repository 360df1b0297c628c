import Config
import HAL
import Logging
import Synchronization

/// Polls the devices of one bus over one ``ModbusLink`` and exchanges values with a
/// ``PointImage``.
///
/// Design:
/// - `step()` is the deterministic core: it runs at most one *device cycle* (due writes,
///   then the due fast/slow read requests of one device) at `clock.now`. Tests call it
///   on a `ManualClock`; `start()` calls it on a dedicated thread that sleeps on
///   absolute deadlines (`clock.sleep(until:)`), because libmodbus blocks.
/// - Each device has its own schedule. Among due devices the earliest deadline goes
///   first, so a device cannot take two turns while another is waiting.
/// - A device cycle stops at the first request that gets no usable answer: silence is not
///   retried at once (on a half-duplex line a late answer still holds the pair, and every
///   device behind it would wait too), garbled answers are, `retries` times. The device's
///   next `retries` turns at its normal deadlines are its retries: meanwhile its points keep
///   their last values, which turn stale by age. Past them its points go comm-fail and it
///   backs off (`backoffMin` doubling to `backoffMax`), one single-attempt probe per
///   back-off period. So a dead or slow device costs the bus one response timeout a turn,
///   then one a back-off period (0.3 s every 30 s: 1 %), and live devices keep their rate:
///   their deadlines are absolute, so one late cycle does not shift the next.
/// - An exception answer is an answer: it marks only that request's points and neither
///   aborts the cycle nor backs off. A lost link closes it, marks every point comm-fail
///   and reconnects with its own back-off.
/// - Writes go first in a cycle (a setpoint matters more than a reading), on change and
///   every `writeRefresh`; `verify` reads back, and a mismatch shows as the point's
///   quality until a write verifies.
public final class BusPoller: @unchecked Sendable {
    // @unchecked: the link and the schedules are touched only by the thread running
    // `step()` (the one `start()` creates, or a test); published state is behind locks.
    public let bus: String
    let link: any ModbusLink
    let image: PointImage
    let clock: any MonotonicClock
    let logger: Logger
    var schedules: [DeviceSchedule]
    var reconnectAt = MonotonicInstant.zero
    var linkBackoff: Duration = .zero
    var everConnected = false
    /// Bus-level counters (devices' counters live in their schedules).
    var busStats = BusStatistics()
    let published = Mutex(BusStatistics())
    let worker: WorkerThread
    /// One-shot probes asked from other threads, run by `step()` between device cycles.
    let probes = Mutex<[ProbeTicket]>([])

    /// A poller for `devices` (all on bus `bus`); registers their points in `image` as
    /// not-yet-read. Nothing is sent until `step()` or `start()`.
    public init(bus: String, link: any ModbusLink, devices: [DeviceConfig], image: PointImage,
                clock: any MonotonicClock, logger: Logger) {
        self.bus = bus
        self.link = link
        self.image = image
        self.clock = clock
        self.logger = logger
        worker = WorkerThread(name: "floc-bus-\(bus)")
        schedules = devices.map { DeviceSchedule(device: $0, link: link, clock: clock) }
        let now = clock.now
        for schedule in schedules { schedule.register(in: image, at: now) }
        publish()
    }

    /// Counters of the bus and its devices, as of the end of the last step.
    public var statistics: BusStatistics { published.withLock { $0 } }

    /// When `step()` next has work: a device due, or a reconnect attempt. A probe that rides
    /// on a healthy device's turn (see `step()`) has no deadline of its own.
    public var nextDeadline: MonotonicInstant {
        guard link.isConnected else { return reconnectAt }
        let now = clock.now
        let ride = hasRider
        var next = DeviceSchedule.never
        for schedule in schedules where !(ride && schedule.retryAt != nil) {
            let desired = desired(schedule, now: now)
            next = min(next, schedule.nextDue(desired: desired.values, now: now), desired.nextExpiry ?? DeviceSchedule.never)
        }
        return next
    }

    /// Does the work due at `clock.now`: reconnects a lost link, or runs one device cycle.
    ///
    /// A backed-off device's probe goes right after a healthy device has answered, not at its
    /// own instant: a slow device's late answer holds the line, and holding it just after a
    /// refresh delays the others least (a probe of a 1 s late device then costs a 0.5 s
    /// device one turn, never two). With no healthy device left the probes keep their instants.
    public func step() {
        defer { publish() }
        runProbes()
        let now = clock.now
        if !link.isConnected {
            guard now >= reconnectAt else { return }
            guard reconnect(now: now) else { return }
        }
        let ride = hasRider
        var best: (index: Int, due: MonotonicInstant)?
        for (index, schedule) in schedules.enumerated() where !(ride && schedule.retryAt != nil) {
            let due = schedule.nextDue(desired: desired(schedule, now: now).values, now: now)
            if due <= now, due < (best?.due ?? DeviceSchedule.never) || best == nil { best = (index, due) }
        }
        guard let best else { return }
        let rider = ride && schedules[best.index].retryAt == nil
        runCycle(best.index, now: now)
        guard rider, schedules[best.index].stats.consecutiveFailures == 0, link.isConnected else { return }
        let after = clock.now
        let waiting = schedules.indices.filter { schedules[$0].retryAt.map { $0 <= after } ?? false }
        if let probe = waiting.min(by: { schedules[$0].retryAt! < schedules[$1].retryAt! }) { runCycle(probe, now: after) }
    }

    /// Whether a device not backing off polls on this bus: backed-off devices' probes ride on its turns.
    private var hasRider: Bool { schedules.contains { $0.retryAt == nil && !$0.polledKeys.isEmpty } }

    // MARK: Device cycle

    private func runCycle(_ index: Int, now: MonotonicInstant) {
        let schedule = schedules[index]
        let sentBefore = schedule.channel.sent
        defer {
            busStats.requestsSent += schedule.channel.sent - sentBefore
            schedule.stats.requests = schedule.channel.sent
            schedule.stats.failures = schedule.channel.failed
        }
        if schedule.retryAt != nil, let probe = schedule.probeRead {
            runProbe(schedule, read: probe)
            return
        }
        let pollFast = schedule.nextFast <= now
        let pollSlow = schedule.nextSlow <= now
        do {
            try performWrites(schedule, now: now)
            if pollFast { for planned in schedule.fastPlan { try read(planned, schedule: schedule) } }
            if pollSlow { for planned in schedule.slowPlan { try read(planned, schedule: schedule) } }
            if pollFast && !schedule.fastPlan.isEmpty { schedule.countFastCycle(start: now) }
            answered(schedule)
        } catch {
            fail(schedule, error: error, now: clock.now)
        }
        schedule.advanceDeadlines(now: clock.now, polledFast: pollFast, polledSlow: pollSlow)
    }

    /// A backed-off device gets one request, one attempt: a dead or slow device costs the line
    /// one response timeout per back-off period. An answer puts it back on its schedule, whose
    /// deadlines have passed meanwhile, so its full cycle runs next.
    private func runProbe(_ schedule: DeviceSchedule, read planned: DeviceSchedule.PlannedRead) {
        do {
            try read(planned, schedule: schedule, retries: 0)
            answered(schedule)
        } catch {
            fail(schedule, error: error, now: clock.now)
        }
    }

    private func answered(_ schedule: DeviceSchedule) {
        if schedule.stats.consecutiveFailures > 0 {
            logger.info("device answers again", metadata: ["bus": "\(bus)", "device": "\(schedule.name)"])
        }
        schedule.recovered()
        linkBackoff = .zero
    }

    /// Reads one request into the image; an exception answer marks only its points.
    private func read(_ planned: DeviceSchedule.PlannedRead, schedule: DeviceSchedule, retries: Int? = nil) throws(HALError) {
        let request = planned.request
        do {
            var samples = try schedule.channel.read(request, retries: retries)
            if !schedule.mismatched.isEmpty {
                for (index, spec) in request.points.enumerated() where schedule.mismatched.contains(spec.name) {
                    samples[index].quality = .verifyMismatch
                }
            }
            image.update(planned.handles, samples: samples)
            if !schedule.reported.isEmpty { schedule.reported[request.operation] = nil }
        } catch {
            guard case .modbusException = error.code else { throw error }
            schedule.stats.exceptions += 1
            schedule.stats.lastError = error.description
            image.fail(planned.keys, quality: PointQuality(failure: error), at: clock.now)
            if schedule.reported[request.operation] != error.description {
                schedule.reported[request.operation] = error.description
                logger.warning("device refuses request", metadata: [
                    "bus": "\(bus)", "device": "\(schedule.name)", "error": "\(error.description)",
                ])
            }
        }
    }

    /// No usable answer. A missed turn the device's `retries` forgive leaves its points to
    /// age; past them the points lose quality and the device backs off. A lost link: the bus
    /// reconnects.
    private func fail(_ schedule: DeviceSchedule, error: HALError, now: MonotonicInstant) {
        schedule.stats.lastError = error.description
        if error.code == .linkDown {
            linkLost(error, now: now)
            return
        }
        if schedule.missed(now: now) {
            logger.info("device missed a turn", metadata: [
                "bus": "\(bus)", "device": "\(schedule.name)", "error": "\(error.description)",
            ])
            return
        }
        image.fail(schedule.polledKeys, quality: PointQuality(failure: error), at: now)
        let metadata: Logger.Metadata = [
            "bus": "\(bus)", "device": "\(schedule.name)", "error": "\(error.description)",
            "backoff_s": "\(schedule.backoff.seconds)",
        ]
        if schedule.stats.consecutiveFailures == schedule.device.retries + 1 {
            logger.warning("device not answering", metadata: metadata)
        } else {
            logger.debug("device still not answering", metadata: metadata)
        }
    }

    // MARK: Link

    private func linkLost(_ error: HALError, now: MonotonicInstant) {
        link.close()
        logger.warning("link lost", metadata: ["bus": "\(bus)", "link": "\(link.name)", "error": "\(error.description)"])
        let keys = schedules.flatMap(\.polledKeys)
        image.fail(keys, quality: .commFail, at: now)
        // The first reconnect is immediate; back-off grows only if the link keeps failing
        // before any device answers.
        reconnectAt = now + linkBackoff
        linkBackoff = nextLinkBackoff()
    }

    private func reconnect(now: MonotonicInstant) -> Bool {
        do {
            try link.connect()
        } catch {
            linkBackoff = nextLinkBackoff()
            reconnectAt = now + linkBackoff
            let keys = schedules.flatMap(\.polledKeys)
            image.fail(keys, quality: .commFail, at: now)
            logger.debug("connect failed", metadata: [
                "bus": "\(bus)", "error": "\(error.description)", "retry_s": "\(linkBackoff.seconds)",
            ])
            return false
        }
        if everConnected {
            busStats.reconnects += 1
            logger.info("link reconnected", metadata: ["bus": "\(bus)", "link": "\(link.name)"])
        }
        everConnected = true
        return true
    }

    /// Doubling from the smallest `backoffMin` of the bus's devices to the largest `backoffMax`.
    private func nextLinkBackoff() -> Duration {
        let minimum = Duration.seconds(schedules.map(\.device.backoffMin).min() ?? 1)
        let maximum = Duration.seconds(schedules.map(\.device.backoffMax).max() ?? 30)
        return linkBackoff == .zero ? minimum : min(linkBackoff * 2, max(minimum, maximum))
    }

    /// What to write to a device's writable points at `now`, guards applied (none writable:
    /// no lock taken). An output whose maximum age ran out is logged here, once.
    func desired(_ schedule: DeviceSchedule, now: MonotonicInstant) -> DesiredOutputs {
        guard !schedule.writableKeys.isEmpty else { return DesiredOutputs() }
        let desired = image.desired(schedule.writableKeys, at: now)
        for key in desired.expired {
            schedule.stats.safeFallbacks += 1
            logger.error("output not refreshed within its maximum age: writing its safe value", metadata: [
                "bus": "\(bus)", "device": "\(schedule.name)", "output": "\(key)", "safe": "\(desired.values[key] ?? .nan)",
            ])
        }
        for key in desired.recovered {
            logger.notice("output refreshed again", metadata: ["bus": "\(bus)", "device": "\(schedule.name)", "output": "\(key)"])
        }
        return desired
    }

    /// Copies the counters into the published statistics, in place under the lock: the
    /// published value is not shared between steps, so no per-step copy of the devices.
    private func publish() {
        let connected = link.isConnected
        let requests = busStats.requestsSent
        let reconnects = busStats.reconnects
        published.withLock { stats in
            stats.connected = connected
            stats.requestsSent = requests
            stats.reconnects = reconnects
            for schedule in schedules { stats.devices[schedule.name] = schedule.stats }
        }
    }
}
