/// Mode changes and tracking. Every change is bumpless: the next scan starts from the output
/// the actuator has now, and the integral absorbs the difference.
extension PIDController {
    /// Switches to `new`. Entering manual starts `manualOutput` at the present output; leaving
    /// manual, or moving between auto and cascade, continues from the present output.
    public mutating func setMode(_ new: PIDMode) {
        guard new != mode else { return }
        if new == .manual { manualOutput = output }
        mode = new
        needsInitialization = true
    }

    /// For the next update only, forces the output to `output` (clamped to the limits) and
    /// makes the integral follow it. Call it every scan while the downstream does not follow:
    /// an inner loop not in cascade (track its setpoint), a blower held at minimum speed or in
    /// hand (track what it really does). A non-finite value is ignored.
    public mutating func track(output: Double) {
        if output.isFinite { trackingRequest = output }
    }

    /// Forgets the dynamic state (integral, derivative filter, setpoint ramp). With `output` the
    /// next scan continues from it; with nil the integral restarts at 0.
    public mutating func reset(output: Double? = nil) {
        integral = 0
        derivative = 0
        lastDerivativeInput = nil
        rampedSetpoint = nil
        gainsInUse = nil
        trackingRequest = nil
        badPVDuration = 0
        lastOutput = output.map { parameters.outputLimits.clamp($0.isFinite ? $0 : 0) }
        needsInitialization = lastOutput != nil
    }
}
