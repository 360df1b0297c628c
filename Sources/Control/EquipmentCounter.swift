/// Run hours and starts of one piece of equipment, counted from its running state each scan
/// whoever drives it (loop, hand): the maintenance counters a technician reads.
public struct EquipmentCounter: Sendable, Equatable {
    public private(set) var running = false
    /// Total running time, seconds.
    public private(set) var runSeconds: Double
    /// Stopped -> running transitions.
    public private(set) var starts: Int

    /// Starts from persisted counters (0 for new equipment).
    public init(runSeconds: Double = 0, starts: Int = 0) {
        self.runSeconds = runSeconds
        self.starts = starts
    }

    public var runHours: Double { runSeconds / 3600 }

    /// Books `dt` seconds (ignored unless finite and > 0) of the state it was in, then takes `running`.
    public mutating func update(running now: Bool, dt: Double) {
        if running, dt.isFinite, dt > 0 { runSeconds += dt }
        if now, !running { starts += 1 }
        running = now
    }
}
