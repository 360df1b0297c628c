import Config
import FieldIO
import Foundation
import HAL
import HALLinux
import Logging
import Runtime
import StateStore

/// The unit's control for `floc run`: a `ScanEngine` running the `UnitProgram` over the
/// pollers' point image. Outputs start at their safe values and stay there until the first
/// good scan (``OutputHold``), in monitoring-only mode for good, and return to them on stop.
/// A reload swaps in a new program and engine, carrying the running state over.
final class UnitControl: @unchecked Sendable {
    // @unchecked: `current` is replaced only under `lock` (reload); engines are thread-safe.
    private let lock = NSLock()
    private var current: (engine: ScanEngine<UnitProgram>, program: UnitProgram, hold: OutputHold)
    let image: PointImage
    let clock: any MonotonicClock
    let logger: Logger
    /// Every output held safe and every loop out of service (the restart-loop guard tripped).
    let monitoringOnly: Bool
    private var realtime = false

    /// Conditions of the process annunciated as alarms; every program built reads them.
    let systemAlarms: SystemAlarms

    /// Nil when the unit has no control sections. `start` supplies the restored equipment
    /// counters and calibrations. Throws when a block refuses its parameters.
    init?(unit: UnitConfig, image: PointImage, clock: any MonotonicClock, logger: Logger, monitoringOnly: Bool = false,
          start: RestorePlan = RestorePlan(), systemAlarms: SystemAlarms = SystemAlarms()) throws {
        guard !unit.control.isEmpty else { return nil }
        self.image = image
        self.clock = clock
        self.logger = logger
        self.monitoringOnly = monitoringOnly
        self.systemAlarms = systemAlarms
        current = try Self.build(unit.control, period: unit.scanPeriod, image: image, clock: clock, logger: logger,
                                 monitoringOnly: monitoringOnly, start: start, systemAlarms: systemAlarms)
        // Before the first scan every output already asks for its safe value.
        for (key, value) in current.program.safeOutputs { image.setDesired(value, for: key) }
    }

    /// Submits `plan` from the source `restore` and then, in monitoring-only mode, takes every
    /// loop out of service; call before the engine starts. The restorer logs the answers.
    func submit(_ plan: RestorePlan, now: Double) -> StateRestorer {
        let engine = engine
        var plan = plan
        if monitoringOnly {
            // Out of service stays: no restored or carried-over mode may bring a loop back.
            plan.laterSteps.removeAll { if case .setMode = $0.command { true } else { false } }
        }
        let restorer = StateRestorer(plan: plan, commands: engine.commands, now: now, logger: logger)
        if monitoringOnly {
            for loop in program.control.loops {
                engine.commands.submit(.setMode(loop: loop.name, mode: .oos), from: CommandSource(name: "restart-guard", role: .system))
            }
        }
        return restorer
    }

    private static func build(_ control: ControlConfig, period seconds: Double, image: PointImage, clock: any MonotonicClock,
                              logger: Logger, monitoringOnly: Bool, start: RestorePlan, systemAlarms: SystemAlarms) throws
        -> (engine: ScanEngine<UnitProgram>, program: UnitProgram, hold: OutputHold) {
        let program = try UnitProgram(control: control, calibrations: start.calibrations, equipment: start.equipment,
                                      systemAlarms: systemAlarms)
        let period = Duration.nanoseconds(Int64((seconds * 1e9).rounded()))
        let engine = ScanEngine(program: program, period: period, image: image, clock: clock, logger: logger)
        let hold = OutputHold(program: program, monitoringOnly: monitoringOnly)
        engine.outputGate = { hold.gate(&$0) }
        return (engine, program, hold)
    }

    var engine: ScanEngine<UnitProgram> { lock.withLock { current.engine } }
    var program: UnitProgram { lock.withLock { current.program } }
    var hold: OutputHold { lock.withLock { current.hold } }
    /// The latest scan's snapshot, whichever engine runs.
    var snapshot: ScanSnapshot<UnitSnapshot>? { engine.snapshots.value }

    /// Starts the scan thread; `realtime` asks for SCHED_FIFO and locked memory on it.
    func start(realtime: Bool) {
        self.realtime = realtime
        let setup: (@Sendable () -> String?)? = realtime ? { @Sendable in RealtimeSetup.apply(priority: 50) } : nil
        engine.start(threadSetup: setup)
    }

    /// Replaces the program by one built from `control` (SIGHUP): the old scan stops with the
    /// outputs where they are (nothing asks for safe values), the new one starts from the old
    /// one's state (``RestorePlan``) and its own output hold. Throws, leaving the old
    /// program running, when a block refuses the new parameters.
    func reload(_ control: ControlConfig, period: Double) throws -> RestorePlan {
        let old = lock.withLock { current }
        // Counters and calibrations from the latest scan (one cycle old at most): the old
        // program must keep running until the new one is built.
        let carried = old.engine.snapshots.value.map { RestorePlan(carryingOver: $0.program, into: control) } ?? RestorePlan()
        let next = try Self.build(control, period: period, image: image, clock: clock, logger: logger,
                                  monitoringOnly: monitoringOnly, start: carried, systemAlarms: systemAlarms)
        next.engine.cycleObserver = old.engine.cycleObserver
        old.engine.stop()
        let plan = old.engine.snapshots.value.map { RestorePlan(carryingOver: $0.program, into: control) } ?? RestorePlan()
        lock.withLock { current = next }
        return plan
    }

    /// Starts the engine installed by ``reload(_:period:)``, after its plan was submitted (``submit(_:now:)``).
    func startAfterReload() { start(realtime: realtime) }

    /// Stops the scan, asks for every output's safe value, and gives the pollers up to
    /// `timeout` seconds to write those that differ from what was last asked.
    func stopAndDriveSafe(pollers: [BusPoller], timeout: Double, logger: Logger) {
        engine.stop()
        let safe = program.safeOutputs
        let changed = safe.filter { image.desired($0.key) != $0.value && !$0.key.hasPrefix(GPIOPoller.device + ".") }.count
        let before = totalWrites(pollers)
        for (key, value) in safe { image.setDesired(value, for: key) }
        let deadline = clock.now + .nanoseconds(Int64(timeout * 1e9))
        while totalWrites(pollers) - before < changed, clock.now < deadline {
            clock.sleep(until: min(deadline, clock.now + .milliseconds(20)))
        }
        let written = totalWrites(pollers) - before
        if written < changed {
            logger.warning("outputs safe: \(written) of \(changed) writes done in \(timeout) s; the devices' own timeouts apply")
        } else {
            logger.info("outputs safe", metadata: ["writes": "\(written)"])
        }
    }

    /// The scan stopped completing cycles: asks for every output's safe value (the pollers keep
    /// writing), so the plant is not left on the last outputs while the watchdog restarts floc.
    func driveSafeAfterStall() {
        for (key, value) in program.safeOutputs { image.setDesired(value, for: key) }
    }

    private func totalWrites(_ pollers: [BusPoller]) -> Int {
        pollers.reduce(0) { sum, poller in
            sum + poller.statistics.devices.values.reduce(0) { $0 + $1.writes + $1.writeFailures }
        }
    }

    /// Loop lines (SP/PV/OUT/mode) and the alarms on display, for the status table.
    func render() -> String {
        guard let snapshot else { return "control: no scan yet\n" }
        let unit = snapshot.program
        var table = TextTable("loop", "mode", "sp", "pv", "out", "note")
        for loop in unit.loops {
            table.add([loop.name, loop.mode.rawValue, "\(PointFormat.number(loop.setpoint)) \(loop.pvUnit)",
                       loop.pv.map { "\(PointFormat.number($0)) \(loop.pvUnit)" } ?? "-",
                       "\(PointFormat.number(loop.output)) \(loop.outputUnit)", loop.safeBecause.map { "safe: \($0)" } ?? ""])
        }
        var lines = [table.rendered]
        if monitoringOnly { lines.append("MONITORING-ONLY (restart-loop guard): every output held safe") }
        let active = unit.annunciated
        lines.append(active.isEmpty ? "alarms: none" : "alarms:")
        for alarm in active {
            lines.append("  \(alarm.id) \(alarm.priority) \(alarm.state)\(alarm.message.isEmpty ? "" : ": " + alarm.message)")
        }
        for interlock in unit.interlocks where !interlock.allowed {
            lines.append("interlock \(interlock.name): tripped (\(interlock.reasons.joined(separator: ", "))\(interlock.latched ? ", latched" : ""))")
        }
        let stats = snapshot.statistics
        lines.append("scan: \(stats.cycles) cycles, \(stats.overruns) overruns, max lateness \(stats.maxLateness)")
        return lines.joined(separator: "\n") + "\n"
    }
}
