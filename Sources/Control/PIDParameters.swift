/// Which way the output moves when the process variable moves.
///
/// The sign of a loop is a flag, never a negative gain, so a gain read on a faceplate
/// always means "how hard", and the direction is checked once at configuration.
public enum PIDAction: String, Sendable, Equatable, CaseIterable {
    /// Output rises when the PV falls below the setpoint (an aerator on a DO loop, a heater).
    case reverse
    /// Output rises when the PV rises above the setpoint (a cooler, acid dosing on pH).
    case direct

    /// +1 for reverse, -1 for direct: the factor applied to (SP - PV).
    public var sign: Double { self == .reverse ? 1 : -1 }
}

/// What the loop does with its output while the PV sample is not usable.
public struct BadPVPolicy: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Keep the last output.
        case holdLast
        /// Go to this output (clamped to the output limits), e.g. a blower's safe airflow.
        case substitute(Double)
    }

    public var action: Action
    /// Seconds the PV must stay bad before `.substitute` applies; the output is held until then.
    public var delay: Double

    public init(action: Action = .holdLast, delay: Double = 0) {
        self.action = action
        self.delay = delay
    }
}

/// The three tuning numbers of a PID in standard (ISA) form:
/// `u = Kc * (e + 1/Ti * ∫e dt + Td * de/dt)`.
public struct PIDGains: Sendable, Equatable {
    /// Controller gain Kc, output units per PV unit; never negative (see `PIDAction`).
    public var gain: Double
    /// Integral (reset) time Ti in seconds; 0 turns integral action off (a P or PD loop with a bias).
    public var integralTime: Double
    /// Derivative time Td in seconds; 0 turns derivative action off.
    public var derivativeTime: Double

    public init(gain: Double, integralTime: Double = 0, derivativeTime: Double = 0) {
        self.gain = gain
        self.integralTime = integralTime
        self.derivativeTime = derivativeTime
    }

    /// Converts parallel gains (`u = Kp e + Ki ∫e + Kd de/dt`, Ki in 1/s, Kd in s, all per PV unit).
    /// `ki == 0` gives no integral action; `kp` must be positive when `ki` or `kd` is not 0.
    public init(parallelKp kp: Double, ki: Double, kd: Double) {
        self.gain = kp
        self.integralTime = ki == 0 || kp == 0 ? 0 : kp / ki
        self.derivativeTime = kp == 0 ? 0 : kd / kp
    }

    /// Parallel integral gain Ki = Kc / Ti (output units per PV unit per second); 0 when integral is off.
    public var ki: Double { integralTime > 0 ? gain / integralTime : 0 }
    /// Parallel derivative gain Kd = Kc * Td (output units per PV unit per second of change).
    public var kd: Double { gain * derivativeTime }
    public var hasIntegral: Bool { integralTime > 0 }

    var problems: [String] {
        var found: [String] = []
        if !(gain.isFinite && gain >= 0) { found.append("gain must be finite and >= 0 (use action: direct, not a negative gain)") }
        if !(integralTime.isFinite && integralTime >= 0) { found.append("integral time must be finite and >= 0 s (0 = off)") }
        if !(derivativeTime.isFinite && derivativeTime >= 0) { found.append("derivative time must be finite and >= 0 s (0 = off)") }
        return found
    }
}

/// Why control parameters (PID, gain schedule, relay tuning) were refused; `problems` names
/// each bad field and its bounds.
public struct ControlParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { "invalid control parameters: " + problems.joined(separator: "; ") }
}

/// Everything that configures one PID block. Units: PV units for setpoints and deadband,
/// output units for output limits, seconds for times, units per second for rates.
public struct PIDParameters: Sendable, Equatable {
    public var gains: PIDGains
    public var action: PIDAction
    /// Derivative filter factor N: the filter time constant is Td/N (typically 8 to 20).
    public var derivativeFilter: Double
    /// Setpoint weight b of the proportional term (0...1): below 1 softens the response to SP steps.
    public var setpointWeightP: Double
    /// Setpoint weight c of the derivative term (0...1): 0 is derivative on measurement (no kick).
    public var setpointWeightD: Double
    /// Back-calculation tracking time Tt in seconds; nil picks sqrt(Ti*Td) for a PID, Ti/2 for a PI.
    public var trackingTime: Double?
    /// Output range, output units.
    public var outputLimits: ClosedRange<Double>
    /// Largest output change in auto and cascade, output units per second; `.infinity` = none.
    public var outputRateLimit: Double
    /// Range the effective setpoint is clamped to, PV units.
    public var setpointLimits: ClosedRange<Double>
    /// Largest effective setpoint change, PV units per second; `.infinity` = steps pass through.
    public var setpointRampRate: Double
    /// Half-width of the band around the setpoint where the error counts as 0, PV units.
    public var deadband: Double
    /// What the output does while the PV is bad.
    public var badPV: BadPVPolicy
    /// A `dt` above this (seconds) is taken as a fault (a stalled scan), not as a step to integrate.
    public var maximumTimeStep: Double
    /// In manual, the setpoint follows the PV, so returning to auto starts with no error.
    public var setpointTracksPVInManual: Bool

    public init(
        gains: PIDGains,
        action: PIDAction = .reverse,
        derivativeFilter: Double = 10,
        setpointWeightP: Double = 1,
        setpointWeightD: Double = 0,
        trackingTime: Double? = nil,
        outputLimits: ClosedRange<Double> = 0...100,
        outputRateLimit: Double = .infinity,
        setpointLimits: ClosedRange<Double> = -Double.infinity...Double.infinity,
        setpointRampRate: Double = .infinity,
        deadband: Double = 0,
        badPV: BadPVPolicy = BadPVPolicy(),
        maximumTimeStep: Double = 60,
        setpointTracksPVInManual: Bool = false
    ) {
        self.gains = gains
        self.action = action
        self.derivativeFilter = derivativeFilter
        self.setpointWeightP = setpointWeightP
        self.setpointWeightD = setpointWeightD
        self.trackingTime = trackingTime
        self.outputLimits = outputLimits
        self.outputRateLimit = outputRateLimit
        self.setpointLimits = setpointLimits
        self.setpointRampRate = setpointRampRate
        self.deadband = deadband
        self.badPV = badPV
        self.maximumTimeStep = maximumTimeStep
        self.setpointTracksPVInManual = setpointTracksPVInManual
    }

    /// Throws `ControlParameterError` listing every field out of bounds; returns self when all are sane.
    public func validated() throws(ControlParameterError) -> PIDParameters {
        var found = gains.problems
        func need(_ ok: Bool, _ what: String) { if !ok { found.append(what) } }
        need(derivativeFilter.isFinite && derivativeFilter >= 1, "derivative filter N must be finite and >= 1")
        need((0...1).contains(setpointWeightP), "setpoint weight b must be in 0...1")
        need((0...1).contains(setpointWeightD), "setpoint weight c must be in 0...1")
        if let trackingTime { need(trackingTime.isFinite && trackingTime > 0, "tracking time must be finite and > 0 s") }
        need(outputLimits.lowerBound.isFinite && outputLimits.upperBound.isFinite, "output limits must be finite")
        need(outputRateLimit > 0 && !outputRateLimit.isNaN, "output rate limit must be > 0 units/s")
        need(!setpointLimits.lowerBound.isNaN && !setpointLimits.upperBound.isNaN, "setpoint limits must not be NaN")
        need(setpointRampRate > 0 && !setpointRampRate.isNaN, "setpoint ramp rate must be > 0 units/s")
        need(deadband.isFinite && deadband >= 0, "deadband must be finite and >= 0")
        need(badPV.delay.isFinite && badPV.delay >= 0, "bad-PV delay must be finite and >= 0 s")
        if case .substitute(let value) = badPV.action { need(value.isFinite, "bad-PV substitute output must be finite") }
        need(maximumTimeStep.isFinite && maximumTimeStep > 0, "maximum time step must be finite and > 0 s")
        if !found.isEmpty { throw ControlParameterError(problems: found) }
        return self
    }

    /// The back-calculation time for these gains: the configured one, else Åström–Hägglund's
    /// rule of thumb sqrt(Ti*Td) (which lies between Td and Ti), else Ti/2 for a PI.
    func trackingTime(for gains: PIDGains) -> Double {
        if let trackingTime { return trackingTime }
        if gains.derivativeTime > 0 { return (gains.integralTime * gains.derivativeTime).squareRoot() }
        return gains.integralTime / 2
    }
}

extension ClosedRange where Bound == Double {
    /// `value` pulled into the range.
    func clamp(_ value: Double) -> Double { Swift.min(Swift.max(value, lowerBound), upperBound) }
}
