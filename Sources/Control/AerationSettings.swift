/// Configuration of one basin's aeration loop.
public struct AerationSettings: Sendable, Equatable {
    public enum Structure: String, Sendable, Equatable {
        /// DO -> airflow setpoint -> blower speed: the basin has an airflow meter.
        case cascade
        /// DO -> blower speed: no airflow meter.
        case singleLoop
    }

    public var structure: Structure
    /// DO (mg/L) -> airflow setpoint (Nm³/h), reverse acting; its output limits are the basin's
    /// airflow range and its bad-PV policy says what happens on bad DO (hold, or a safe airflow
    /// after a delay). Required for `.cascade`.
    public var outer: PIDParameters?
    /// Airflow (Nm³/h) -> blower speed (%), reverse acting; output limits are the blower's
    /// min...max speed. Required for `.cascade`.
    public var inner: PIDParameters?
    /// DO (mg/L) -> blower speed (%), reverse acting: the configured single loop, and the
    /// fallback while the airflow signal is bad. Its bad-PV policy applies on bad DO there.
    public var single: PIDParameters

    public init(structure: Structure, outer: PIDParameters? = nil, inner: PIDParameters? = nil, single: PIDParameters) {
        self.structure = structure
        self.outer = outer
        self.inner = inner
        self.single = single
    }

    var problems: [String] {
        var found: [String] = []
        if structure == .cascade, outer == nil || inner == nil {
            found.append("an aeration cascade needs outer (DO -> airflow) and inner (airflow -> speed) PID parameters")
        }
        for (name, parameters) in [("outer", outer), ("inner", inner), ("single", single)] {
            if parameters?.action == .direct { found.append("aeration \(name) PID action must be reverse (more air when the PV is low)") }
        }
        return found
    }
}

/// What the blower does with the speed it is given, reported by the equipment layer.
public enum AerationActuatorState: Sendable, Equatable {
    /// Runs at the commanded speed.
    case following
    /// Not following: in hand, tripped, interlocked, or held at a speed limit by staging;
    /// runs at `speed` (%; 0 when stopped).
    case heldAt(speed: Double)
}

/// What one basin's aeration loop did in one scan.
public struct AerationInfo: Sendable, Equatable {
    public enum ActiveStructure: String, Sendable, Equatable {
        case cascade
        /// Configured single loop.
        case singleLoop
        /// Cascade configured, airflow bad: DO -> speed until the airflow signal returns.
        case singleLoopFallback
    }

    public var structure: ActiveStructure
    /// Blower speed command, %.
    public var speed: Double
    /// The outer loop's airflow setpoint, Nm³/h; nil when no cascade runs.
    public var airflowSetpoint: Double?
    /// The outer loop followed the airflow the inner loop really achieves (anti-windup).
    public var outerTracking: Bool
    public var dissolvedOxygenBad: Bool
    public var airflowBad: Bool
    /// Scans of the loops that ran; nil for a loop that did not.
    public var outer: PIDInfo?
    public var inner: PIDInfo?
    public var single: PIDInfo?
}
