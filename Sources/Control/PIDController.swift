import Foundation

/// A PID block in standard (ISA) form with the habits of PX4 `lib/pid` and ArduPilot `AC_PID`:
/// time is handed in, derivative acts on the measurement (filtered, Td/N), the integral is
/// kept consistent with the output actually applied (back-calculation, see
/// docs/decisions/0004-pid-anti-windup.md), and bad inputs hold the output instead of
/// producing NaN. Value type: copy it to snapshot or to simulate ahead.
public struct PIDController: Sendable {
    public internal(set) var parameters: PIDParameters
    /// When set, overrides `parameters.gains` every scan.
    public private(set) var schedule: GainSchedule?
    public internal(set) var mode: PIDMode
    /// Output in manual mode, output units (clamped to the output limits when applied).
    public var manualOutput: Double
    /// What the last update did.
    public private(set) var info: PIDInfo

    /// Integral term in output units; the bias of a P/PD loop when integral action is off.
    var integral: Double = 0
    /// Filtered derivative term, output units.
    var derivative: Double = 0
    /// σ·(c·SP − PV) at the last good scan; nil restarts the derivative without a kick.
    var lastDerivativeInput: Double?
    /// Ramp state of the setpoint; nil takes the requested setpoint at once.
    var rampedSetpoint: Double?
    /// Gains used at the last good scan, to make scheduled gain changes bumpless.
    var gainsInUse: PIDGains?
    /// Output applied at the last scan; nil before the first one.
    var lastOutput: Double?
    /// The next good scan sets the integral so that the output continues from `lastOutput`.
    var needsInitialization: Bool
    /// Set by `track(output:)`, consumed by the next update.
    var trackingRequest: Double?
    /// Seconds the PV has been bad without interruption.
    var badPVDuration: Double = 0

    /// A controller in `mode`. With `output` nil the integral starts at 0 (the first output is
    /// P + D + FF); with the actuator's present value the loop takes over from it bumplessly.
    /// Throws `ControlParameterError` for parameters out of bounds.
    public init(parameters: PIDParameters, mode: PIDMode = .auto, output: Double? = nil) throws(ControlParameterError) {
        self.parameters = try parameters.validated()
        self.mode = mode
        let start = output.map { parameters.outputLimits.clamp($0.isFinite ? $0 : 0) }
        lastOutput = start
        needsInitialization = start != nil
        manualOutput = start ?? parameters.outputLimits.clamp(0)
        info = PIDInfo(output: manualOutput, mode: mode, gains: parameters.gains)
    }

    /// The output of the last update (or the start value), output units.
    public var output: Double { lastOutput ?? info.output }

    /// Replaces the parameters; the next scan continues from the present output (bumpless).
    public mutating func setParameters(_ new: PIDParameters) throws(ControlParameterError) {
        parameters = try new.validated()
        needsInitialization = true
    }

    /// Installs or removes a gain schedule; scheduled gain changes are bumpless.
    public mutating func setGainSchedule(_ new: GainSchedule?) {
        schedule = new
    }

    /// Runs one scan. `setpoint` is the operator's in auto, the outer loop's output in cascade
    /// (ignored in manual); `feedForward` is added to the output (output units); `scheduleSignal`
    /// feeds an external gain schedule; `dt` is the time since the last update, seconds.
    /// A non-finite setpoint or feed-forward, or dt <= 0 or above `maximumTimeStep`, holds the
    /// last output and sets `invalidInput`.
    @discardableResult
    public mutating func update(
        setpoint: Double, pv: Sample, feedForward: Double = 0, scheduleSignal: Double? = nil, dt: Double
    ) -> PIDInfo {
        let tracked = trackingRequest
        trackingRequest = nil
        var next = PIDInfo(output: output, mode: mode, gains: gainsInUse ?? parameters.gains)
        next.pvBad = !pv.isUsable
        next.actual = pv.isUsable ? pv.value : info.actual
        next.target = rampedSetpoint ?? info.target
        next.feedForward = feedForward.isFinite ? feedForward : 0

        guard dt.isFinite, dt > 0, dt <= parameters.maximumTimeStep, setpoint.isFinite, feedForward.isFinite else {
            // A stalled scan or a broken upstream block: nothing here can be trusted to integrate.
            next.invalidInput = true
            if mode == .manual { next.output = parameters.outputLimits.clamp(manualOutput) }
            return finish(next, restart: true)
        }

        next.target = advanceSetpoint(setpoint, pv: pv, dt: dt)
        next.error = next.target - next.actual
        let gains = scheduledGains(pv: pv, signal: scheduleSignal)
        next.gains = gains
        badPVDuration = pv.isUsable ? 0 : badPVDuration + dt

        if mode == .manual {
            return followImposedOutput(parameters.outputLimits.clamp(manualOutput), pv: pv, gains: gains, dt: dt, info: next)
        }
        if let tracked {
            next.tracking = true
            return followImposedOutput(parameters.outputLimits.clamp(tracked), pv: pv, gains: gains, dt: dt, info: next)
        }
        guard pv.isUsable else { return substitute(next) }
        return control(pv: pv.value, gains: gains, dt: dt, info: next)
    }

    /// The normal scan in auto or cascade with a usable PV.
    private mutating func control(pv: Double, gains: PIDGains, dt: Double, info base: PIDInfo) -> PIDInfo {
        var next = base
        let terms = computeTerms(pv: pv, setpoint: next.target, gains: gains, dt: dt)
        let limits = parameters.outputLimits

        if needsInitialization || lastOutput == nil {
            if let lastOutput { integral = lastOutput - terms.p - terms.d - next.feedForward }
        } else if let old = gainsInUse, old != gains {
            // Move the change of P and D caused by the new gains into the integral, so the
            // output this scan is what the old gains would have given (Åström–Hägglund 3.6).
            let oldTerms = computeTerms(pv: pv, setpoint: next.target, gains: old, dt: dt)
            integral += (oldTerms.p + oldTerms.d) - (terms.p + terms.d)
        }
        commitDerivative(terms)

        let wanted = terms.p + integral + terms.d + next.feedForward
        var applied = wanted
        if let lastOutput, parameters.outputRateLimit.isFinite {
            let step = parameters.outputRateLimit * dt
            let ramped = Swift.min(Swift.max(applied, lastOutput - step), lastOutput + step)
            next.rateLimited = ramped != applied
            applied = ramped
        }
        if applied >= limits.upperBound, wanted > limits.upperBound {
            next.saturation = .high
        } else if applied <= limits.lowerBound, wanted < limits.lowerBound {
            next.saturation = .low
        }
        applied = limits.clamp(applied)

        next.p = terms.p
        next.i = integral
        next.d = terms.d
        next.output = applied

        if gains.hasIntegral {
            integral += gains.gain * dt / gains.integralTime * terms.integralError
            // Back-calculation: pull the integral toward what the actuator really got, with an
            // exact first-order step so any dt/Tt ratio stays stable.
            let tt = parameters.trackingTime(for: gains)
            integral += (applied - wanted) * (1 - exp(-dt / tt))
        }
        gainsInUse = gains
        needsInitialization = false
        return finish(next, restart: false)
    }

    /// Manual and tracking: the output is imposed; the integral follows it so that leaving
    /// the imposed output does not bump.
    private mutating func followImposedOutput(
        _ imposed: Double, pv: Sample, gains: PIDGains, dt: Double, info base: PIDInfo
    ) -> PIDInfo {
        var next = base
        next.output = imposed
        guard pv.isUsable else { return finish(next, restart: true) }
        let terms = computeTerms(pv: pv.value, setpoint: next.target, gains: gains, dt: dt)
        commitDerivative(terms)
        integral = imposed - terms.p - terms.d - next.feedForward
        next.p = terms.p
        next.i = integral
        next.d = terms.d
        gainsInUse = gains
        return finish(next, restart: true)
    }

    /// Auto or cascade with a bad PV: hold, then the configured substitute after the delay.
    private mutating func substitute(_ base: PIDInfo) -> PIDInfo {
        var next = base
        if case .substitute(let value) = parameters.badPV.action, badPVDuration >= parameters.badPV.delay {
            next.output = parameters.outputLimits.clamp(value)
            next.substituted = true
        }
        return finish(next, restart: true)
    }

    /// Records the scan. `restart` makes the next good scan continue bumplessly from this output
    /// and restart the derivative filter (its last input may be stale).
    private mutating func finish(_ proposed: PIDInfo, restart: Bool) -> PIDInfo {
        var next = proposed
        var restart = restart
        if !next.output.isFinite {
            // Only a non-finite operator value or an overflow gets here: hold, never emit NaN.
            next.output = output
            next.invalidInput = true
            restart = true
        }
        if restart {
            needsInitialization = true
            if next.pvBad || next.invalidInput { lastDerivativeInput = nil }
        }
        lastOutput = next.output
        info = next
        return next
    }
}
