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

    public init(loops: [LoopStatus] = [], alarms: [AlarmStatus] = [], interlocks: [InterlockStatus] = [],
                inputs: [InputStatus] = [], alarmEvents: [AlarmEvent] = []) {
        self.loops = loops
        self.alarms = alarms
        self.interlocks = interlocks
        self.inputs = inputs
        self.alarmEvents = alarmEvents
    }

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
    /// The loop's relay autotune, running or finished, in one line; nil when none.
    public var autotune: String? = nil
}

public struct AlarmStatus: Sendable, Equatable {
    public var id: String
    public var state: AlarmState
    public var priority: AlarmPriority
    public var message: String
    public var value: Double?
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
    /// Why quality was lowered (`below range`, `source bad`, ...); empty when good.
    public var reasons: [String]
}
