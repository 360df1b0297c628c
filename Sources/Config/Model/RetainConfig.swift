/// `[retain]`: where `floc run` keeps the unit's retained state and what it restores at start.
public struct RetainConfig: Sendable, Equatable {
    /// What to do with one kind of retained item at start.
    public enum Policy: String, Sendable, CaseIterable {
        /// Submit the saved value again (checked like any command; refused values keep the default).
        case restore
        /// Start from the unit file's value (or the safe one).
        case `default`
    }

    /// The SQLite database (WAL); its folder must be writable.
    public var path = "/var/lib/floc/state.db"
    public var modes = Policy.restore
    public var setpoints = Policy.restore
    /// Manual outputs start at the unit file's `manual_output` (or safe) unless restored.
    public var manualOutputs = Policy.default
    public var alarmShelves = Policy.restore
    public var alarmAcknowledgements = Policy.restore
    /// Equipment run hours, start counts and totals.
    public var equipment = Policy.restore
    public var calibrations = Policy.restore
    /// Items of a loop whose definition changed since they were saved: restored or defaulted.
    public var changedLoops = Policy.default
    /// State is written on every change, and at least this often, in seconds.
    public var saveInterval = 10.0

    public init() {}
}

/// `[supervision]`: the restart-loop guard and stalled-bus escalation of `floc run`.
public struct SupervisionConfig: Sendable, Equatable {
    /// This many starts within `restartWindow` without a clean run start monitoring-only.
    public var restartLimit = 5
    /// Seconds; a run this long counts as clean and clears the start history.
    public var restartWindow = 600.0
    /// Seconds without a successful transaction on a bus before its alarm.
    public var busStalledAlarm = 10.0
    /// Seconds without a successful transaction before the loops reading the bus are held safe.
    public var busStalledSafe = 30.0

    public init() {}
}
