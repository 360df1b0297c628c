import Control

/// BSM1's default control strategy built from Floc's `PIDController`: DO in the aerated reactor
/// at 2 g/m3 through KLa (0-360 1/d) and nitrate in the anoxic reactor at 1 g N/m3 through Qa
/// (0-92 230 m3/d), PI with back-calculation anti-windup, gains and times of the reference's
/// reginit.m (K 25 1/d per g/m3, Ti 0.002 d, Tt 0.001 d; K 10 000 m3/d per g N/m3, Ti 0.025 d,
/// Tt 0.015 d). The reference PI is continuous; here it is sampled every `sampleTime`.
public struct BSM1Controllers: Sendable {
    public var oxygen: PIDController
    public var nitrate: PIDController
    /// Setpoints, g O2/m3 and g N/m3.
    public var oxygenSetpoint = 2.0, nitrateSetpoint = 1.0

    /// Both loops in auto, continuing bumplessly from `kLa` (1/d) and `internalRecycle` (m3/d).
    /// Throws `ControlParameterError` if the tabulated parameters were refused.
    public init(kLa: Double, internalRecycle: Double) throws(ControlParameterError) {
        let secondsPerDay = 86_400.0
        oxygen = try PIDController(
            parameters: PIDParameters(gains: PIDGains(gain: 25, integralTime: 0.002 * secondsPerDay),
                                      trackingTime: 0.001 * secondsPerDay, outputLimits: 0...360,
                                      maximumTimeStep: 3600),
            output: kLa)
        nitrate = try PIDController(
            parameters: PIDParameters(gains: PIDGains(gain: 10_000, integralTime: 0.025 * secondsPerDay),
                                      trackingTime: 0.015 * secondsPerDay, outputLimits: 0...92_230,
                                      maximumTimeStep: 3600),
            output: internalRecycle)
    }

    /// One scan: measurements in g/m3 at `time` (s), `dt` seconds since the last scan.
    /// Returns the commands (KLa 1/d, Qa m3/d).
    public mutating func update(oxygenReading: Double, nitrateReading: Double, time: Double, dt: Double)
        -> (kLa: Double, internalRecycle: Double) {
        let kLa = oxygen.update(setpoint: oxygenSetpoint,
                                pv: Sample(value: oxygenReading, quality: .good, time: time), dt: dt).output
        let qa = nitrate.update(setpoint: nitrateSetpoint,
                                pv: Sample(value: nitrateReading, quality: .good, time: time), dt: dt).output
        return (kLa, qa)
    }
}
