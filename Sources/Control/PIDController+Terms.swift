/// The arithmetic of one scan: setpoint conditioning, gain selection and the P/D terms.
extension PIDController {
    struct Terms {
        /// Proportional term, output units.
        var p: Double
        /// Filtered derivative term, output units.
        var d: Double
        /// σ·(error after the deadband), the input of the integrator, PV units.
        var integralError: Double
        /// σ·(c·SP − PV), kept to difference at the next scan.
        var derivativeInput: Double
    }

    /// Clamps the requested setpoint to the limits and moves the ramp toward it; returns the
    /// effective setpoint. In manual with PV tracking the setpoint follows the PV instead.
    mutating func advanceSetpoint(_ requested: Double, pv: Sample, dt: Double) -> Double {
        let limits = parameters.setpointLimits
        if mode == .manual, parameters.setpointTracksPVInManual, pv.isUsable {
            rampedSetpoint = limits.clamp(pv.value)
            return rampedSetpoint!
        }
        let goal = limits.clamp(requested)
        guard let previous = rampedSetpoint.map(limits.clamp) else {
            rampedSetpoint = goal
            return goal
        }
        let step = parameters.setpointRampRate * dt
        let next = Swift.min(Swift.max(goal, previous - step), previous + step)
        rampedSetpoint = next
        return next
    }

    /// Gains for this scan: the schedule's at the scheduling variable, else the configured ones.
    /// When the scheduling variable is missing or not finite the last gains are kept.
    func scheduledGains(pv: Sample, signal: Double?) -> PIDGains {
        guard let schedule else { return parameters.gains }
        let x: Double? = switch schedule.source {
        case .processVariable: pv.isUsable ? pv.value : nil
        case .externalSignal: signal
        }
        if let x, x.isFinite { return schedule.gains(at: x) }
        return gainsInUse ?? schedule.gains(at: schedule.points[0].at)
    }

    /// P and D for `gains` from the present state, without changing it.
    func computeTerms(pv: Double, setpoint: Double, gains: PIDGains, dt: Double) -> Terms {
        let sigma = parameters.action.sign
        let error = setpoint - pv
        let band = parameters.deadband
        // A dead zone, not a gate: the error is shrunk by the band, so crossing its edge is smooth.
        let banded = error > band ? error - band : (error < -band ? error + band : 0)
        let removed = error - banded
        let proportionalError = sigma * (parameters.setpointWeightP * setpoint - pv - removed)
        let derivativeInput = sigma * (parameters.setpointWeightD * setpoint - pv)

        var d = 0.0
        if gains.derivativeTime > 0, let last = lastDerivativeInput {
            // Backward difference of Kc·Td·s/(1 + s·Td/N): stable for every dt (Åström–Hägglund 3.5).
            let ad = gains.derivativeTime / (gains.derivativeTime + parameters.derivativeFilter * dt)
            d = ad * derivative + gains.gain * parameters.derivativeFilter * ad * (derivativeInput - last)
        }
        return Terms(
            p: gains.gain * proportionalError, d: d,
            integralError: sigma * banded, derivativeInput: derivativeInput
        )
    }

    mutating func commitDerivative(_ terms: Terms) {
        derivative = terms.d
        lastDerivativeInput = terms.derivativeInput
    }
}
