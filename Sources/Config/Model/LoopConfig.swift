/// A loop's mode: `auto` regulates to the local setpoint, `cascade` to a remote one (an outer
/// loop's output, an ammonia-based DO setpoint), `oos` (out of service) drives its outputs safe.
public enum LoopMode: String, Sendable, CaseIterable {
    case auto, manual, cascade, oos
}

/// One `[loops.<name>]`: what it regulates, how, and where it starts.
public struct LoopConfig: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case aeration(AerationLoopConfig)
        case ph(PHLoopConfig)
        case pid(PIDLoopConfig)
    }

    public var name: String
    public var mode: LoopMode
    /// Operator setpoint at start, PV units (mg/L, pH, ...).
    public var setpoint: Double
    /// Range an operator may set, PV units.
    public var setpointLimits: ClosedRange<Double>
    /// Output in manual at start (output units); nil starts from the safe output.
    public var manualOutput: Double?
    public var kind: Kind
    public var line: Int

    public init(name: String, mode: LoopMode, setpoint: Double, setpointLimits: ClosedRange<Double>,
                manualOutput: Double? = nil, kind: Kind, line: Int = 0) {
        self.name = name
        self.mode = mode
        self.setpoint = setpoint
        self.setpointLimits = setpointLimits
        self.manualOutput = manualOutput
        self.kind = kind
        self.line = line
    }

    /// Where the remote setpoint of `cascade` mode comes from: the outer loop's name
    /// (`setpoint_from`) or `NH4 <point>` (`[ammonia]`); nil for a loop without cascade mode.
    public var setpointSource: String? {
        switch kind {
        case .aeration(let aeration): aeration.ammonia.map { "NH4 \($0.point.key)" }
        case .ph: nil
        case .pid(let pid): pid.setpointFrom
        }
    }

    /// `aeration`, `ph` or `pid`.
    public var typeName: String {
        switch kind {
        case .aeration: "aeration"
        case .ph: "ph"
        case .pid: "pid"
        }
    }
}

/// A generic PID loop: one PV, one analogue output.
public struct PIDLoopConfig: Sendable, Equatable {
    public var pv: PointReference
    public var output: PointReference
    /// True for direct action (output rises with the PV, e.g. cooling).
    public var direct: Bool
    public var pid: PIDConfig
    /// Output used out of service, before the first scan, when interlocked and on stop.
    public var safeOutput: Double
    /// Output once the PV has been bad for `badPVDelay` s; nil holds the last output.
    public var badPVOutput: Double?
    public var badPVDelay: Double
    /// The outer loop whose output (in this loop's PV units) is the setpoint in `cascade` mode.
    public var setpointFrom: String?

    public init(pv: PointReference, output: PointReference, direct: Bool = false, pid: PIDConfig, safeOutput: Double,
                badPVOutput: Double? = nil, badPVDelay: Double = 0, setpointFrom: String? = nil) {
        self.pv = pv
        self.output = output
        self.direct = direct
        self.pid = pid
        self.safeOutput = safeOutput
        self.badPVOutput = badPVOutput
        self.badPVDelay = badPVDelay
        self.setpointFrom = setpointFrom
    }
}
