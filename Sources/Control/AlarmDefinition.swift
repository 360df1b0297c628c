/// Which side of a limit an analog alarm watches.
public enum AlarmLimitKind: String, Sendable, CaseIterable {
    case highHigh, high, low, lowLow

    /// True for HH and H: active at or above the limit.
    public var isHigh: Bool { self == .highHigh || self == .high }
}

/// An analog limit with hysteresis: a high alarm comes at `value >= limit` and goes only
/// below `limit - deadband` (a low alarm mirrors it), so noise at the limit does not chatter.
public struct AlarmLimit: Sendable, Equatable {
    public var kind: AlarmLimitKind
    /// The limit, in the process value's units.
    public var limit: Double
    /// Hysteresis, in the same units (>= 0).
    public var deadband: Double

    public init(_ kind: AlarmLimitKind, _ limit: Double, deadband: Double = 0) {
        self.kind = kind
        self.limit = limit
        self.deadband = deadband
    }

    /// Whether the limit is exceeded for `value`, given whether it was exceeded before.
    public func isExceeded(by value: Double, wasExceeded: Bool) -> Bool {
        let band = wasExceeded ? deadband : 0
        return kind.isHigh ? value >= limit - band : value <= limit + band
    }
}

/// What raises an alarm: a condition computed elsewhere (equipment fault, bad quality,
/// an interlock trip) or a limit on an analog value.
public enum AlarmTrigger: Sendable, Equatable {
    case condition
    case limit(AlarmLimit)
}

/// The static description of one alarm, as configured.
public struct AlarmDefinition: Sendable, Equatable, Identifiable {
    /// Unique name, e.g. `"basin1.do.low"`.
    public var id: String
    /// What the operator reads, and should do.
    public var message: String
    public var priority: AlarmPriority
    public var trigger: AlarmTrigger
    /// The condition must hold this long before the alarm comes, seconds.
    public var onDelay: Double
    /// The condition must be gone this long before the alarm goes, seconds.
    public var offDelay: Double
    /// A latching alarm, once acknowledged, still asks for an acknowledgement after the
    /// process returns to normal, so a transient is never missed.
    public var latching: Bool
    /// Longest shelving the operator may ask for, minutes; 0 forbids shelving.
    public var maxShelveMinutes: Double

    public init(id: String, message: String = "", priority: AlarmPriority, trigger: AlarmTrigger = .condition,
                onDelay: Double = 0, offDelay: Double = 0, latching: Bool = false, maxShelveMinutes: Double = 480) {
        self.id = id
        self.message = message
        self.priority = priority
        self.trigger = trigger
        self.onDelay = onDelay
        self.offDelay = offDelay
        self.latching = latching
        self.maxShelveMinutes = maxShelveMinutes
    }
}
