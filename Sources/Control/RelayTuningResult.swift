/// A tuning rule that turns the ultimate point (Ku, Tu) into PI or PID gains.
public enum TuningRule: String, Sendable, Equatable, CaseIterable {
    /// Ziegler–Nichols (1942): quarter-amplitude decay; fast but oscillatory, gain margin near 2.
    case zieglerNichols
    /// Tyreus–Luyben (1992): lower gain and longer Ti; little overshoot, robust to gain changes.
    /// Floc's default: DO and pH plants change gain with load, and a calm loop saves blower wear.
    case tyreusLuyben
}

/// The controller structure the gains are for.
public enum ControllerForm: String, Sendable, Equatable, CaseIterable {
    case pi, pid
}

/// What a relay experiment measured and the gains it suggests.
public struct RelayTuningResult: Sendable, Equatable {
    /// Ultimate gain Ku, output units per PV unit: 1/|G(jω)| at the oscillation frequency,
    /// i.e. 4d/(π a) with a the first-harmonic amplitude of the PV.
    public var ultimateGain: Double
    /// Ultimate period Tu, seconds: the mean period of the steady cycles.
    public var ultimatePeriod: Double
    /// First-harmonic amplitude of the PV oscillation, PV units.
    public var amplitude: Double
    /// Half the peak-to-peak PV swing, PV units (the textbook `a`; differs from `amplitude`
    /// when the PV is far from a sine, e.g. triangular on a lag-dominant plant).
    public var peakAmplitude: Double
    /// Phase of the loop (action sign × plant) at the oscillation frequency, degrees; near -180
    /// when the describing-function approximation holds, further from it with more hysteresis.
    public var phaseDegrees: Double
    /// Number of steady cycles averaged.
    public var cycles: Int

    public init(ultimateGain: Double, ultimatePeriod: Double, amplitude: Double,
                peakAmplitude: Double, phaseDegrees: Double, cycles: Int) {
        self.ultimateGain = ultimateGain
        self.ultimatePeriod = ultimatePeriod
        self.amplitude = amplitude
        self.peakAmplitude = peakAmplitude
        self.phaseDegrees = phaseDegrees
        self.cycles = cycles
    }

    /// Gains proposed by `rule` for `form`, in standard (ISA) form.
    public func gains(_ rule: TuningRule = .tyreusLuyben, _ form: ControllerForm) -> PIDGains {
        let ku = ultimateGain, tu = ultimatePeriod
        switch (rule, form) {
        case (.zieglerNichols, .pi): return PIDGains(gain: 0.45 * ku, integralTime: tu / 1.2)
        case (.zieglerNichols, .pid): return PIDGains(gain: 0.6 * ku, integralTime: tu / 2, derivativeTime: tu / 8)
        case (.tyreusLuyben, .pi): return PIDGains(gain: ku / 3.2, integralTime: 2.2 * tu)
        case (.tyreusLuyben, .pid): return PIDGains(gain: ku / 2.2, integralTime: 2.2 * tu, derivativeTime: tu / 6.3)
        }
    }
}
