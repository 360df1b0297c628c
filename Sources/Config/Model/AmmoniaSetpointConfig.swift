/// `[loops.<aeration>.ammonia]`: the aeration loop's DO setpoint computed from the NH4-N
/// measured in the basin, within `doLimits` and `maximumRate`, with a substitute on bad NH4.
public struct AmmoniaSetpointConfig: Sendable, Equatable {
    public enum Law: Sendable, Equatable {
        /// PI on NH4-N (mg/L) to `setpoint`, direct acting; gain in mg/L DO per mg/L NH4-N.
        case proportionalIntegral(setpoint: Double, gain: Double, integralTime: Double)
        /// DO setpoint = intercept + slope x NH4-N, mg/L.
        case feedForward(intercept: Double, slope: Double)
    }

    /// The NH4-N input, mg/L.
    public var point: PointReference
    public var law: Law
    /// DO setpoint range, mg/L (within the loop's setpoint limits).
    public var doLimits: ClosedRange<Double>
    /// Largest DO setpoint change, mg/L per minute.
    public var maximumRatePerMinute: Double
    /// DO setpoint (mg/L) once NH4 has been bad for `substituteDelay` s; held until then.
    public var substitute: Double
    public var substituteDelay: Double

    public init(point: PointReference, law: Law, doLimits: ClosedRange<Double>, maximumRatePerMinute: Double,
                substitute: Double, substituteDelay: Double = 60) {
        self.point = point
        self.law = law
        self.doLimits = doLimits
        self.maximumRatePerMinute = maximumRatePerMinute
        self.substitute = substitute
        self.substituteDelay = substituteDelay
    }
}
