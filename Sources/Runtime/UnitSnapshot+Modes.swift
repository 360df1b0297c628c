import Control

/// An e-stop holding every output of the unit safe.
public struct EStopStatus: Sendable, Equatable {
    /// The `[interlocks.<name>]` declared `estop = true`.
    public var name: String
    /// The condition that tripped it first (`gpio.estop`).
    public var reason: String
    /// True once the input is clear: an operator reset (`resetInterlock(name)`) releases the unit.
    public var awaitingReset: Bool
}

/// An instrument on maintenance hold.
public struct HoldStatus: Sendable, Equatable {
    public var instrument: String
    public var value: Double
    /// Monotonic seconds of the hold and of its automatic end.
    public var since: Double
    public var until: Double
    public var by: String
}

/// An instrument's calibration: the record in use, its interval and whether it is due.
public struct CalibrationStatus: Sendable, Equatable {
    public var instrument: String
    /// `ph` or `do`.
    public var kind: String
    /// nil: never calibrated by Floc (the instrument's own calibration applies).
    public var record: CalibrationRecord?
    public var intervalDays: Double?
    /// Due date, UTC seconds; nil without a record or an interval.
    public var due: Double?
    public var overdue: Bool
}

/// Something that happened to the unit, for the event log: e-stop, hand-off-auto, holds,
/// calibrations, system alarms coming and going, remote setpoints held and resumed.
public struct UnitEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case estop, estopReset, handOffAuto, hold, holdReleased, holdExpired, calibration, systemAlarm, systemAlarmCleared,
             remoteSetpointHeld, remoteSetpointResumed
    }

    /// Monotonic seconds (the scan's time).
    public var time: Double
    public var kind: Kind
    /// The e-stop, equipment or instrument it concerns.
    public var subject: String
    public var message: String
    /// Who caused it; nil for the process itself (an e-stop input, a hold running out).
    public var by: String?
}
