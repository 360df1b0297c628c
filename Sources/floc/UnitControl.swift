import Config
import FieldIO
import Foundation
import HAL
import HALLinux
import Logging
import Runtime

/// The unit's control for `floc run`: a `ScanEngine` running the `UnitProgram` over the
/// pollers' point image. Outputs start at their safe values and return to them on stop.
final class UnitControl {
    let engine: ScanEngine<UnitProgram>
    let program: UnitProgram
    let image: PointImage
    let clock: any MonotonicClock

    /// Nil when the unit has no control sections. Throws when a block refuses its parameters.
    init?(unit: UnitConfig, image: PointImage, clock: any MonotonicClock, logger: Logger) throws {
        guard !unit.control.isEmpty else { return nil }
        program = try UnitProgram(control: unit.control)
        self.image = image
        self.clock = clock
        let period = Duration.nanoseconds(Int64((unit.scanPeriod * 1e9).rounded()))
        engine = ScanEngine(program: program, period: period, image: image, clock: clock, logger: logger)
        // Before the first scan every output already asks for its safe value.
        for (key, value) in program.safeOutputs { image.setDesired(value, for: key) }
    }

    /// Starts the scan thread; `realtime` asks for SCHED_FIFO and locked memory on it.
    func start(realtime: Bool) {
        let setup: (@Sendable () -> String?)? = realtime ? { @Sendable in RealtimeSetup.apply(priority: 50) } : nil
        engine.start(threadSetup: setup)
    }

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

    private func totalWrites(_ pollers: [BusPoller]) -> Int {
        pollers.reduce(0) { sum, poller in
            sum + poller.statistics.devices.values.reduce(0) { $0 + $1.writes + $1.writeFailures }
        }
    }

    /// Loop lines (SP/PV/OUT/mode) and the alarms on display, for the status table.
    func render() -> String {
        guard let snapshot = engine.snapshots.value else { return "control: no scan yet\n" }
        let unit = snapshot.program
        var table = TextTable("loop", "mode", "sp", "pv", "out", "note")
        for loop in unit.loops {
            table.add([loop.name, loop.mode.rawValue, "\(PointFormat.number(loop.setpoint)) \(loop.pvUnit)",
                       loop.pv.map { "\(PointFormat.number($0)) \(loop.pvUnit)" } ?? "-",
                       "\(PointFormat.number(loop.output)) \(loop.outputUnit)", loop.safeBecause.map { "safe: \($0)" } ?? ""])
        }
        var lines = [table.rendered]
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
