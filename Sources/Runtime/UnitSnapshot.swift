import Config
import Control

/// The unit's control state at the end of one scan: for status, telemetry and the console.
public struct UnitSnapshot: Sendable {
    public var loops: [LoopStatus]
    /// Every alarm, in configuration order (one per analogue limit: `level_high.hh`).
    public var alarms: [AlarmStatus]
    public var interlocks: [InterlockStatus]
    /// Validated inputs, by key as written in the unit file.
    public var inputs: [InputStatus]
    /// Latest alarm transitions, oldest first (bounded).
    public var alarmEvents: [AlarmEvent]
    /// The e-stop holding the unit safe, if one is tripped or latched.
    public var estop: EStopStatus?
    /// Instruments on maintenance hold, by key.
    public var holds: [HoldStatus]
    /// Every `[instruments]` entry with a calibration: its last record and due date.
    public var calibrations: [CalibrationStatus]
    /// Latest unit events (e-stop, hand-off-auto, holds, calibrations, system alarms), oldest first (bounded).
    public var events: [UnitEvent]

    public init(loops: [LoopStatus] = [], alarms: [AlarmStatus] = [], interlocks: [InterlockStatus] = [],
                inputs: [InputStatus] = [], alarmEvents: [AlarmEvent] = [], estop: EStopStatus? = nil,
                holds: [HoldStatus] = [], calibrations: [CalibrationStatus] = [], events: [UnitEvent] = []) {
        self.loops = loops
        self.alarms = alarms
        self.interlocks = interlocks
        self.inputs = inputs
        self.alarmEvents = alarmEvents
        self.estop = estop
        self.holds = holds
        self.calibrations = calibrations
        self.events = events
    }

    /// Blowers and pumps of every loop, in configuration order.
    public var equipment: [EquipmentStatus] { loops.flatMap(\.equipment) }
    public func calibration(_ instrument: String) -> CalibrationStatus? { calibrations.first { $0.instrument == instrument } }

    public func loop(_ name: String) -> LoopStatus? { loops.first { $0.name == name } }
    public func alarm(_ id: String) -> AlarmStatus? { alarms.first { $0.id == id } }
    /// Alarms on the operator's display (active or awaiting acknowledgement).
    public var annunciated: [AlarmStatus] { alarms.filter(\.state.isAnnunciated) }
}

/// One loop's faceplate: setpoint, process value, output and mode.
public struct LoopStatus: Sendable, Equatable {
    public var name: String
    public var type: String
    public var mode: LoopMode
    public var setpoint: Double
    /// Last usable PV; nil before the first one.
    public var pv: Double?
    /// The loop's output, output units (speed %, split-range %, ...).
    public var output: Double
    public var pvUnit: String
    public var outputUnit: String
    /// The PID's last scan (the DO loop's for aeration).
    public var pid: PIDInfo?
    /// Why the outputs are at their safe values, if they are (`oos`, `interlock dosing`, `waiting for a good PV`).
    public var safeBecause: String?
    /// Output values written this scan, by image key.
    public var outputs: [String: Double]
    /// The loop's blowers or pumps; empty for a `pid` loop.
    public var equipment: [EquipmentStatus] = []
    /// The loop's relay autotune, running or finished, in one line; nil when none.
    public var autotune: String? = nil
    /// Where the setpoint of `cascade` comes from (outer loop name, `NH4 <point>`); nil: no cascade mode.
    public var setpointSource: String? = nil
    /// A word on the mode (`setpoint from nh4 held: nh4 PV bad`, `tracking the setpoint of do5 (do5 in auto)`).
    public var modeDetail: String? = nil
}

/// One blower or dosing pump: who drives it, whether it runs, its output and counters.
public struct EquipmentStatus: Sendable, Equatable {
    /// `blower1` (a blower's name) or `ph1.acid` (a pH loop's pump).
    public var name: String
    public var loop: String
    /// `blower` or `pump`.
    public var kind: String
    public var hoa: HandOffAuto
    public var running: Bool
    /// Speed (blower, %) or output (pump, % of capacity) commanded this scan.
    public var output: Double
    public var runHours: Double
    public var starts: Int
}

public struct AlarmStatus: Sendable, Equatable {
    public var id: String
    public var state: AlarmState
    public var priority: AlarmPriority
    public var message: String
    public var value: Double?
    /// Minutes until a shelved alarm returns; nil when not shelved.
    public var shelvedMinutesLeft: Double? = nil
}

public struct InterlockStatus: Sendable, Equatable {
    public var name: String
    public var allowed: Bool
    /// Conditions unsafe now, as written (`level1.level > 0.5`), `(unknown)` when the input was bad.
    public var reasons: [String]
    public var firstOut: String?
    public var latched: Bool
}

public struct InputStatus: Sendable, Equatable {
    public var key: String
    public var value: Double
    public var quality: SampleQuality
    /// Why quality was lowered (`below range`, `source bad`, `held`, ...); empty when good.
    public var reasons: [String]
    /// On maintenance hold: `value` is the held value, quality uncertain.
    public var held = false
}
