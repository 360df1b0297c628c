/// Tuning of one PID block as configured: standard (ISA) form, limits in output units.
public struct PIDConfig: Sendable, Equatable {
    /// Controller gain, output units per PV unit (>= 0; the direction is the loop's action).
    public var gain: Double
    /// Integral time, seconds (0 = off).
    public var integralTime: Double
    /// Derivative time, seconds (0 = off).
    public var derivativeTime: Double
    public var outputLimits: ClosedRange<Double>
    /// Largest output change, output units per second; nil for none.
    public var outputRate: Double?
    /// Error band around the setpoint counted as zero, PV units.
    public var deadband: Double

    public init(gain: Double, integralTime: Double, derivativeTime: Double = 0, outputLimits: ClosedRange<Double>,
                outputRate: Double? = nil, deadband: Double = 0) {
        self.gain = gain
        self.integralTime = integralTime
        self.derivativeTime = derivativeTime
        self.outputLimits = outputLimits
        self.outputRate = outputRate
        self.deadband = deadband
    }
}
