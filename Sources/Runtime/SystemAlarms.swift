import Control
import Foundation

/// Conditions of the process itself that the unit's alarm list annunciates: a stalled bus,
/// the restart guard's monitoring-only mode, a burst of scan overruns, a retained-state store
/// that fails. Floc's own monitors set and clear them from their threads; the scan reads them
/// every cycle like a digital input, so each becomes an ISA-18.2 alarm (acknowledged, shelved
/// and retained like any other) and its coming and going a unit event.
///
/// An input rather than a command: only code holding this object can raise one (no command
/// source, whatever its role, can forge or clear a system alarm), a reload's new program reads
/// the same conditions, and a condition that is still true is not lost with a dropped command.
public final class SystemAlarms: @unchecked Sendable {
    // @unchecked: `active` is touched only under `lock`.
    private let lock = NSLock()
    private var active: [String: String] = [:]
    /// The alarms the scan declares, fixed at start (an alarm list's ids are fixed).
    public let definitions: [AlarmDefinition]

    public init(_ definitions: [AlarmDefinition] = []) {
        self.definitions = definitions
    }

    /// The standard set: one `system.bus_stalled.<bus>` per bus, `system.monitoring_only`,
    /// `system.scan_overrun`, `system.retained_state` and `system.historian`.
    public static func standard(buses: [String]) -> SystemAlarms {
        SystemAlarms(buses.map {
            AlarmDefinition(id: busStalled($0), message: "Bus \($0) stalled: no successful transaction; check its cable and devices",
                            priority: .critical)
        } + [
            AlarmDefinition(id: monitoringOnly, message: "Restart loop: monitoring only, every loop out of service; "
                + "find the cause in the log, then run floc with --clear-restart-guard", priority: .high),
            AlarmDefinition(id: scanOverrun, message: "Scan overruns: cycles take longer than the scan period", priority: .medium),
            AlarmDefinition(id: retainedState, message: "Retained state not saved: setpoints and modes would be lost at a restart",
                            priority: .medium),
            AlarmDefinition(id: historian, message: "History not recorded: the history database cannot be written (disk full?)",
                            priority: .low),
        ])
    }

    public static func busStalled(_ bus: String) -> String { "system.bus_stalled.\(bus)" }
    public static let monitoringOnly = "system.monitoring_only"
    public static let scanOverrun = "system.scan_overrun"
    public static let retainedState = "system.retained_state"
    public static let historian = "system.historian"

    /// Makes `id` active with what happened (`no transaction for 12 s`); ignored for an id not declared.
    public func raise(_ id: String, _ detail: String) {
        guard definitions.contains(where: { $0.id == id }) else { return }
        lock.withLock { active[id] = detail }
    }

    public func clear(_ id: String) {
        _ = lock.withLock { active.removeValue(forKey: id) }
    }

    /// Active conditions and their details, by id.
    public var conditions: [String: String] { lock.withLock { active } }
}
