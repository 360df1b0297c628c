import Config
import FieldIO
import Foundation
import HAL
import Logging
import Runtime
import Telemetry

/// Watches every bus poller once a second (``BusStallTracker``): a bus with no successful
/// transaction for `[supervision] bus_stalled_alarm_s` raises a critical event in the log and
/// the alarm `system.bus_stalled.<bus>` (cleared when it answers again);
/// after `bus_stalled_safe_s` the outputs of the loops that read or write a point on that
/// bus are held at their safe values until the bus answers again.
final class BusStallMonitor: @unchecked Sendable {
    // @unchecked: `tracker` and `held` are touched only by the monitor thread; `thread` by start/stop.
    private let pollers: [BusPoller]
    private let control: UnitControl?
    private let unit: UnitConfig
    private let clock: any MonotonicClock
    private let logger: Logger
    private let systemAlarms: SystemAlarms
    private var tracker: BusStallTracker
    private var held: [String: Set<String>] = [:]
    private var thread: PeriodicThread?

    init(unit: UnitConfig, pollers: [BusPoller], control: UnitControl?, systemAlarms: SystemAlarms = SystemAlarms(),
         clock: any MonotonicClock, logger: Logger) {
        self.unit = unit
        self.systemAlarms = systemAlarms
        self.pollers = pollers
        self.control = control
        self.clock = clock
        self.logger = logger
        tracker = BusStallTracker(alarmAfter: unit.supervision.busStalledAlarm, safeAfter: unit.supervision.busStalledSafe)
    }

    func start() {
        guard !pollers.isEmpty else { return }
        thread = PeriodicThread(name: "floc-bus-watch", interval: .seconds(1), clock: clock) { [self] in tick() }
        thread?.start()
    }

    func stop() { thread?.stop() }

    private func tick() {
        let now = Double(clock.now.nanoseconds) / 1e9
        for poller in pollers {
            let successes = poller.statistics.devices.values.reduce(0) { $0 + $1.requests - $1.failures }
            guard let change = tracker.update(bus: poller.bus, successes: successes, now: now) else { continue }
            report(change)
        }
        control?.hold.forcedSafe = held.values.reduce(into: Set<String>()) { $0.formUnion($1) }
    }

    private func logStalled(_ bus: String, _ silent: Int) {
        logger.critical("bus \(bus) stalled: no successful transaction for \(silent) s",
                        metadata: ["event": "bus_stalled", "bus": "\(bus)"])
    }

    private func report(_ change: BusStallTracker.Transition) {
        let silent = Int(change.silentFor)
        switch change.to {
        case .alarm where change.from == .normal:
            systemAlarms.raise(SystemAlarms.busStalled(change.bus), "no successful transaction for \(silent) s")
            logStalled(change.bus, silent)
        case .safe:
            // A late tick can pass both thresholds at once: the alarm stage is still logged first.
            if change.from == .normal { logStalled(change.bus, silent) }
            let loops = loops(on: change.bus)
            held[change.bus] = outputs(of: loops)
            systemAlarms.raise(SystemAlarms.busStalled(change.bus), "no successful transaction for \(silent) s; its loops held safe")
            logger.critical("bus \(change.bus) stalled for \(silent) s: loops \(loops.isEmpty ? "(none)" : loops.joined(separator: ", ")) held safe",
                            metadata: ["event": "bus_stalled_safe", "bus": "\(change.bus)"])
        case .normal:
            held[change.bus] = nil
            systemAlarms.clear(SystemAlarms.busStalled(change.bus))
            logger.notice("bus \(change.bus) answers again after \(silent) s; its loops run again",
                          metadata: ["event": "bus_recovered", "bus": "\(change.bus)"])
        case .alarm:
            break
        }
    }

    /// Loops with any point (input or output) on a device of `bus`.
    private func loops(on bus: String) -> [String] {
        let devices = Set(unit.devices(on: bus).map(\.name))
        // The running program's loops: a reload may have changed them.
        return (control?.program.control.loops ?? unit.control.loops).filter { loop in
            Self.points(in: loop.kind).contains { devices.contains(String($0.imageKey.prefix { $0 != "." })) }
        }.map(\.name)
    }

    private func outputs(of loops: [String]) -> Set<String> {
        let snapshot = control?.snapshot?.program
        return Set(loops.flatMap { name in snapshot?.loop(name)?.outputs.keys.map { $0 } ?? [] })
    }

    /// Every `PointReference` inside a loop's definition, found by reflection so that a new
    /// loop type needs no change here.
    static func points(in value: Any) -> [PointReference] {
        if let point = value as? PointReference { return [point] }
        return Mirror(reflecting: value).children.flatMap { points(in: $0.value) }
    }
}
