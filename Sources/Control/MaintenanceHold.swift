/// An instrument held for maintenance: its last good value (or one given) stands in for the
/// reading until released or until `until`, so a probe can be cleaned or calibrated without
/// the loops and alarms seeing the bucket of buffer it sits in.
public struct MaintenanceHold: Sendable, Equatable {
    /// The value used instead of the reading, the instrument's units.
    public var value: Double
    /// Monotonic seconds of the hold and of its automatic end.
    public var since: Double
    public var until: Double
    /// Who asked for it.
    public var by: String

    /// Holds `value` from `time` for at most `maxMinutes` (> 0).
    public init(value: Double, at time: Double, maxMinutes: Double, by: String) {
        self.value = value
        since = time
        until = time + max(maxMinutes, 0) * 60
        self.by = by
    }

    /// Whether the hold has run its maximum time at `time` (monotonic seconds).
    public func hasExpired(at time: Double) -> Bool { time >= until }

    /// The sample the scan uses while held: the held value, `uncertain` quality (usable by
    /// control, never taken for a good reading), the scan's time.
    public func sample(at time: Double) -> Sample {
        Sample(value: value, quality: .uncertain, time: time)
    }
}
