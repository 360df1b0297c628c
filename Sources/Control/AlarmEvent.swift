/// What made an alarm change state.
public enum AlarmCause: String, Sendable, CaseIterable {
    /// The process condition came or went (after delays and deadband).
    case process
    case acknowledged
    case shelved
    case unshelved
    /// The shelving time ran out.
    case shelveExpired
    case suppressed
    case unsuppressed
    case removedFromService
    case returnedToService
}

/// One state transition, for the event log.
public struct AlarmEvent: Sendable, Equatable {
    /// Monotonic time of the transition, seconds.
    public var time: Double
    public var alarmID: String
    public var from: AlarmState
    public var to: AlarmState
    public var cause: AlarmCause
    /// The process value at the transition, if the alarm watches one.
    public var value: Double?
    /// Who asked for it (operator or technician name); nil for the process and the clock.
    public var by: String?

    public init(time: Double, alarmID: String, from: AlarmState, to: AlarmState, cause: AlarmCause,
                value: Double? = nil, by: String? = nil) {
        self.time = time
        self.alarmID = alarmID
        self.from = from
        self.to = to
        self.cause = cause
        self.value = value
        self.by = by
    }
}

/// Why an operator's alarm command was refused.
public enum AlarmCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownAlarm(String)
    /// Acknowledge when the alarm is not unacknowledged (B or D).
    case nothingToAcknowledge(AlarmState)
    /// Shelving is not allowed for this alarm (max shelve 0).
    case shelvingNotAllowed
    /// Asked for longer than the alarm's max shelve time (or for no time at all), minutes.
    case invalidShelveTime(requestedMinutes: Double, maximumMinutes: Double)
    /// Unshelve an alarm that is not shelved.
    case notShelved
    /// Shelve or acknowledge an alarm that is out of service.
    case outOfService
    /// Return to service an alarm that is in service.
    case inService

    public var description: String {
        switch self {
        case let .unknownAlarm(id): "no alarm named \(id)"
        case let .nothingToAcknowledge(state): "nothing to acknowledge: alarm is \(state)"
        case .shelvingNotAllowed: "this alarm may not be shelved"
        case let .invalidShelveTime(requested, maximum):
            "cannot shelve for \(requested) min: allowed is more than 0 and up to \(maximum) min"
        case .notShelved: "alarm is not shelved"
        case .outOfService: "alarm is out of service"
        case .inService: "alarm is in service"
        }
    }
}
