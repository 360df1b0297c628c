/// Ammonia-based aeration control: the DO setpoint comes from the NH4-N measured at the end
/// of the basin, within min...max and a maximum rate of change, so nitrification gets air when
/// it needs it and none is spent when it does not. On a bad NH4 sample the setpoint holds,
/// then moves (at the same rate) to a substitute after a delay.
public struct AmmoniaDOSetpoint: Sendable {
    public enum Law: Sendable, Equatable {
        /// PI on NH4 (mg/L) to `ammoniaSetpoint`, direct acting: more NH4, more DO.
        case proportionalIntegral(PIDGains, ammoniaSetpoint: Double)
        /// DO setpoint = intercept + slope × NH4 (mg/L per mg/L).
        case feedForward(intercept: Double, slope: Double)
    }

    public struct Settings: Sendable, Equatable {
        public var law: Law
        /// DO setpoint range, mg/L.
        public var limits: ClosedRange<Double>
        /// Largest DO setpoint change, mg/L per second.
        public var maximumRate: Double
        /// DO setpoint while NH4 is bad, mg/L, after `substituteDelay` seconds of holding.
        public var substitute: Double
        public var substituteDelay: Double

        public init(law: Law, limits: ClosedRange<Double>, maximumRate: Double, substitute: Double, substituteDelay: Double = 0) {
            self.law = law
            self.limits = limits
            self.maximumRate = maximumRate
            self.substitute = substitute
            self.substituteDelay = substituteDelay
        }
    }

    /// What one scan did.
    public struct Info: Sendable, Equatable {
        /// The DO setpoint to hand to the aeration loop, mg/L.
        public var setpoint: Double
        public var ammoniaBad: Bool
        /// The setpoint is moving to or sitting at the substitute.
        public var substituted: Bool
        /// The rate limit held the setpoint back.
        public var rateLimited: Bool
        /// The PI's scan, for the PI law.
        public var pid: PIDInfo?
    }

    public let settings: Settings
    public internal(set) var pid: PIDController?
    /// The DO setpoint given at the last scan, mg/L.
    public internal(set) var setpoint: Double
    /// Seconds NH4 has been bad without interruption.
    var badFor = 0.0

    /// Throws `ControlParameterError` for limits, rate, substitute or gains out of bounds.
    /// `initial` is the DO setpoint in use now (mg/L), so the block takes over without a step.
    public init(settings: Settings, initial: Double) throws(ControlParameterError) {
        var found: [String] = []
        let limits = settings.limits
        if !(limits.lowerBound.isFinite && limits.upperBound.isFinite && limits.lowerBound >= 0) { found.append("DO setpoint limits must be finite and >= 0 mg/L") }
        if !(settings.maximumRate > 0 && !settings.maximumRate.isNaN) { found.append("DO setpoint rate must be > 0 mg/L/s") }
        if !limits.contains(settings.substitute) { found.append("substitute DO setpoint must lie within the limits") }
        if !(settings.substituteDelay.isFinite && settings.substituteDelay >= 0) { found.append("substitute delay must be finite and >= 0 s") }
        if case .feedForward(let a, let b) = settings.law, !(a.isFinite && b.isFinite) { found.append("feed-forward intercept and slope must be finite") }
        if !found.isEmpty { throw ControlParameterError(problems: found) }
        self.settings = settings
        setpoint = limits.clamp(initial.isFinite ? initial : settings.substitute)
        if case .proportionalIntegral(let gains, _) = settings.law {
            let parameters = PIDParameters(gains: gains, action: .direct, outputLimits: limits, outputRateLimit: settings.maximumRate)
            pid = try PIDController(parameters: parameters, output: setpoint)
        }
    }

    /// Runs one scan on the NH4-N sample (mg/L), `dt` seconds since the last one.
    @discardableResult
    public mutating func update(ammonia: Sample, dt: Double) -> Info {
        guard dt.isFinite, dt > 0 else { return Info(setpoint: setpoint, ammoniaBad: !ammonia.isUsable, substituted: false, rateLimited: false) }
        badFor = ammonia.isUsable ? 0 : badFor + dt
        let substituting = !ammonia.isUsable && badFor >= settings.substituteDelay
        let goal: Double
        var scan: PIDInfo?
        if !ammonia.isUsable {
            goal = substituting ? settings.substitute : setpoint
        } else {
            switch settings.law {
            case .proportionalIntegral(_, let target):
                scan = pid?.update(setpoint: target, pv: ammonia, dt: dt)
                goal = scan?.output ?? setpoint
            case .feedForward(let intercept, let slope):
                goal = settings.limits.clamp(intercept + slope * ammonia.value)
            }
        }
        let step = settings.maximumRate * dt
        let next = min(max(goal, setpoint - step), setpoint + step)
        if !ammonia.isUsable, var pid {
            // The PI follows the substitute, so NH4's return continues from it without a step.
            pid.track(output: next)
            pid.update(setpoint: 0, pv: ammonia, dt: dt)
            self.pid = pid
        }
        let info = Info(setpoint: next, ammoniaBad: !ammonia.isUsable, substituted: substituting,
                        rateLimited: next != goal || scan?.rateLimited == true, pid: scan)
        setpoint = next
        return info
    }
}
