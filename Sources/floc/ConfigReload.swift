import Config
import Foundation
import HALLinux
import Logging
import Runtime
import StateStore

/// SIGHUP: re-reads the unit (with the same `--boards` and `--set`), and applies it only when
/// valid. Control sections (loops, tunings, limits, alarms, interlocks) are applied live by
/// rebuilding the program from the running one's state; buses, devices, GPIO, the board and
/// the scan period need a restart, which the log says.
struct ConfigReload {
    let options: UnitOptions
    let logger: Logger

    /// The unit now in force: `running` when the file is invalid or nothing applicable
    /// changed, else the new one (with the running buses/devices/GPIO when those changed).
    func apply(running: UnitConfig, control: UnitControl?, state: RetainedStateService) -> UnitConfig {
        logger.notice("SIGHUP: reloading \(options.unit)")
        // systemd shows "reloading" until READY=1 (Type=notify).
        let notifier = SystemdNotifier(environment: ProcessInfo.processInfo.environment)
        notifier.notify("RELOADING=1")
        defer { notifier.notify("READY=1") }
        let next: UnitConfig
        do {
            next = try ConfigLoader.loadUnit(at: options.unit, boardsDirectory: options.boards, overrides: options.overrides)
        } catch {
            for line in error.errors { logger.error("reload: \(line.description)") }
            logger.error("reload refused: \(error.errors.count) error\(error.errors.count == 1 ? "" : "s"); still running the previous configuration")
            return running
        }
        for part in Self.needingRestart(running, next) {
            logger.warning("reload: \(part) changed; that takes a restart (`systemctl restart floc`), still using the running one")
        }
        var applied = running
        applied.retain = next.retain
        applied.supervision = next.supervision
        guard next.control != running.control else {
            logger.notice("reload: no change to loops, alarms or interlocks")
            return applied
        }
        guard let control, !next.control.isEmpty else {
            logger.warning("reload: adding or removing every control section takes a restart")
            return applied
        }
        let changed = Self.changedLoops(running.control, next.control)
        do {
            let plan = try control.reload(next.control, period: running.scanPeriod)
            let restorer = control.submit(plan, now: Double(control.clock.now.nanoseconds) / 1e9)
            control.startAfterReload()
            applied.control = next.control
            state.reloaded(applied, restorer: restorer)
            let loops = changed.isEmpty ? "none" : changed.joined(separator: ", ")
            logger.notice("reload applied: control rebuilt (changed loops: \(loops)); outputs held until its first good scan")
        } catch {
            logger.error("reload refused: \(error); still running the previous configuration")
        }
        return applied
    }

    /// What differs outside the control sections.
    static func needingRestart(_ old: UnitConfig, _ new: UnitConfig) -> [String] {
        var parts: [String] = []
        if old.board != new.board { parts.append("the board") }
        if old.buses != new.buses { parts.append("[buses]") }
        if old.devices != new.devices { parts.append("[devices]") }
        if old.gpio != new.gpio { parts.append("[gpio]") }
        if old.scanPeriod != new.scanPeriod { parts.append("unit.scan_period_ms") }
        if old.name != new.name { parts.append("unit.name") }
        if old.historian != new.historian { parts.append("[historian]") }
        return parts
    }

    static func changedLoops(_ old: ControlConfig, _ new: ControlConfig) -> [String] {
        new.loops.filter { loop in
            old.loops.first { $0.name == loop.name }.map { ConfigFingerprint.loop($0) != ConfigFingerprint.loop(loop) } ?? true
        }.map(\.name)
    }
}
