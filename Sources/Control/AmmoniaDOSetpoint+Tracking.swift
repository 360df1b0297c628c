/// Tracking: while the aeration loop does not take the computed DO setpoint (auto, manual,
/// out of service), the block follows the setpoint in use, so cascade starts from it.
extension AmmoniaDOSetpoint {
    /// Follows `doSetpoint` (mg/L, in use by the loop) for one scan of `dt` seconds. The value is
    /// kept even outside the limits: the rate limit then brings it in without a step. The PI's
    /// integral follows too; a bad NH4 sample keeps counting toward the substitute delay.
    public mutating func track(doSetpoint: Double, ammonia: Sample, dt: Double) {
        guard doSetpoint.isFinite, dt.isFinite, dt > 0 else { return }
        badFor = ammonia.isUsable ? 0 : badFor + dt
        setpoint = doSetpoint
        guard var pid, case .proportionalIntegral(_, let target) = settings.law else { return }
        pid.track(output: doSetpoint)
        pid.update(setpoint: target, pv: ammonia, dt: dt)
        self.pid = pid
    }
}
