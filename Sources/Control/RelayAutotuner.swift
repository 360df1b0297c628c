import Foundation

/// Relay-feedback auto-tuning after Åström and Hägglund (1984): the output switches between
/// bias + d and bias - d whenever the PV crosses the setpoint (with hysteresis), the loop
/// settles into a limit cycle at about the ultimate frequency, and the cycle's period and
/// amplitude give Ku and Tu. Pure: stepped with the PV and `dt`, it never reads a clock.
///
/// It aborts, and puts the output back to the safe value, when the PV leaves its limits, goes
/// bad, the experiment outlasts its maximum duration, or the cycles do not settle.
public struct RelayAutotuner: Sendable {
    public struct Settings: Sendable, Equatable {
        /// PV value the relay switches around, PV units.
        public var setpoint: Double
        /// Output centre, output units (the output that holds the PV near the setpoint).
        public var bias: Double
        /// Relay amplitude d, output units: the output is bias ± d.
        public var amplitude: Double
        /// Hysteresis ε, PV units: switch only when the PV is ε past the setpoint. Set it to
        /// about twice the PV noise band; 0 is fine on a clean signal.
        public var hysteresis: Double
        /// Loop sign, as the PID that will use the gains.
        public var action: PIDAction
        /// Leaving this band aborts the experiment, PV units.
        public var pvLimits: ClosedRange<Double>
        /// Longest experiment, seconds.
        public var maximumDuration: Double
        /// Consecutive cycles that must agree before the result is accepted.
        public var cyclesForStability: Int
        /// Cycles after which an unsettled oscillation aborts.
        public var maximumCycles: Int
        /// Largest spread (max - min) / mean of period and of Ku across the agreeing cycles.
        public var stabilityTolerance: Double
        /// Output after finishing or aborting; nil means `bias`.
        public var safeOutput: Double?

        public init(
            setpoint: Double, bias: Double, amplitude: Double, hysteresis: Double = 0,
            action: PIDAction = .reverse, pvLimits: ClosedRange<Double>, maximumDuration: Double,
            cyclesForStability: Int = 3, maximumCycles: Int = 12, stabilityTolerance: Double = 0.05,
            safeOutput: Double? = nil
        ) {
            self.setpoint = setpoint
            self.bias = bias
            self.amplitude = amplitude
            self.hysteresis = hysteresis
            self.action = action
            self.pvLimits = pvLimits
            self.maximumDuration = maximumDuration
            self.cyclesForStability = cyclesForStability
            self.maximumCycles = maximumCycles
            self.stabilityTolerance = stabilityTolerance
            self.safeOutput = safeOutput
        }

        /// Throws `ControlParameterError` naming every field out of bounds.
        public func validated() throws(ControlParameterError) -> Settings {
            var found: [String] = []
            func need(_ ok: Bool, _ what: String) { if !ok { found.append(what) } }
            need(setpoint.isFinite && bias.isFinite, "setpoint and bias must be finite")
            need(amplitude.isFinite && amplitude > 0, "relay amplitude must be finite and > 0")
            need(hysteresis.isFinite && hysteresis >= 0, "hysteresis must be finite and >= 0")
            need(pvLimits.lowerBound.isFinite && pvLimits.upperBound.isFinite, "PV limits must be finite")
            need(pvLimits.contains(setpoint - hysteresis) && pvLimits.contains(setpoint + hysteresis),
                 "PV limits must contain setpoint ± hysteresis")
            need(maximumDuration.isFinite && maximumDuration > 0, "maximum duration must be finite and > 0 s")
            need(cyclesForStability >= 2, "at least 2 cycles must agree")
            need(maximumCycles >= cyclesForStability, "maximum cycles must be >= cycles for stability")
            need(stabilityTolerance > 0 && stabilityTolerance < 1, "stability tolerance must be in (0, 1)")
            if let safeOutput { need(safeOutput.isFinite, "safe output must be finite") }
            if !found.isEmpty { throw ControlParameterError(problems: found) }
            return self
        }
    }

    public enum AbortReason: Sendable, Equatable {
        /// The PV reached this value, outside `pvLimits`.
        case pvOutOfLimits(Double)
        /// The experiment ran this many seconds without a result.
        case timeout(seconds: Double)
        /// The PV sample was not usable.
        case pvBad
        /// This many cycles were measured and never agreed (load changes, noise, nonlinearity).
        case oscillationNotSteady(cycles: Int)
        /// `cancel()` was called.
        case cancelled
    }

    public enum State: Sendable, Equatable {
        /// Switching; `cycles` full cycles measured so far.
        case relaying(cycles: Int)
        case finished(RelayTuningResult)
        case aborted(AbortReason)
    }

    public let settings: Settings
    public private(set) var state: State = .relaying(cycles: 0)
    /// Output to apply until the next step, output units.
    public private(set) var output: Double
    /// Seconds since the experiment started.
    public private(set) var elapsed: Double = 0

    /// Relay position; nil before the first step.
    var isHigh: Bool?
    /// Samples since the last switch up: time, PV, and the output held from that time on.
    var cycleSamples: [CycleSample] = []
    var recording = false
    var cycles: [CycleMeasurement] = []

    /// Throws `ControlParameterError` for settings out of bounds.
    public init(settings: Settings) throws(ControlParameterError) {
        self.settings = try settings.validated()
        output = settings.bias
    }

    /// Advances the experiment by `dt` seconds to a PV sample taken now and returns the output
    /// to apply until the next step. After finishing or aborting it returns the safe output.
    /// A non-finite or non-positive `dt` is ignored (the output is held).
    @discardableResult
    public mutating func step(pv: Sample, dt: Double) -> Double {
        guard case .relaying = state, dt.isFinite, dt > 0 else { return output }
        elapsed += dt
        guard pv.isUsable else { return stop(.aborted(.pvBad)) }
        guard settings.pvLimits.contains(pv.value) else { return stop(.aborted(.pvOutOfLimits(pv.value))) }
        guard elapsed <= settings.maximumDuration else { return stop(.aborted(.timeout(seconds: elapsed))) }

        // Positive when the output should be high: the same sign convention as the PID.
        let push = settings.action.sign * (settings.setpoint - pv.value)
        let high: Bool = switch isHigh {
        case nil: push >= 0
        case true?: push >= -settings.hysteresis
        case false?: push > settings.hysteresis
        }
        let switchedUp = isHigh == false && high
        isHigh = high
        output = settings.bias + (high ? settings.amplitude : -settings.amplitude)

        let sample = CycleSample(time: elapsed, pv: pv.value, output: output)
        if switchedUp {
            if recording {
                cycleSamples.append(sample)
                if let measurement = CycleMeasurement(samples: cycleSamples, sign: settings.action.sign) {
                    cycles.append(measurement)
                }
                if let verdict = judgeCycles() { return stop(verdict) }
                state = .relaying(cycles: cycles.count)
            }
            recording = true
            cycleSamples = [sample]
        } else if recording {
            cycleSamples.append(sample)
        }
        return output
    }

    /// Stops the experiment and returns to the safe output.
    public mutating func cancel() {
        if case .relaying = state { _ = stop(.aborted(.cancelled)) }
    }

    /// Finished when the last `cyclesForStability` cycles agree; aborted when too many did not.
    private func judgeCycles() -> State? {
        let n = settings.cyclesForStability
        if cycles.count >= n {
            let recent = Array(cycles.suffix(n))
            func spread(_ values: [Double]) -> Double {
                let mean = values.reduce(0, +) / Double(values.count)
                return (values.max()! - values.min()!) / mean
            }
            let periods = recent.map(\.period), gains = recent.map(\.ultimateGain)
            if spread(periods) <= settings.stabilityTolerance, spread(gains) <= settings.stabilityTolerance {
                func mean(_ path: KeyPath<CycleMeasurement, Double>) -> Double {
                    recent.map { $0[keyPath: path] }.reduce(0, +) / Double(n)
                }
                return .finished(RelayTuningResult(
                    ultimateGain: mean(\.ultimateGain), ultimatePeriod: mean(\.period),
                    amplitude: mean(\.amplitude), peakAmplitude: mean(\.peakAmplitude),
                    phaseDegrees: mean(\.phaseDegrees), cycles: n
                ))
            }
        }
        return cycles.count >= settings.maximumCycles ? .aborted(.oscillationNotSteady(cycles: cycles.count)) : nil
    }

    private mutating func stop(_ final: State) -> Double {
        state = final
        output = settings.safeOutput ?? settings.bias
        cycleSamples = []
        return output
    }
}
