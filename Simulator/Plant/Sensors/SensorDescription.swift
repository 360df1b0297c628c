/// How an instrument distorts the true value of a signal; every default is an ideal instrument.
///
/// Loaded from a plant file (`[sensors."basin.do"]`); keys in snake_case as below.
public struct SensorDescription: Codable, Equatable, Sendable {
    /// Time to reach 90 % of a step, s (first-order lag: T90 = ln(10) tau). 0: no lag.
    public var t90: Double
    /// Standard deviation of white Gaussian noise, in the signal's unit.
    public var noise: Double
    /// Offset drift, signal units per day, accumulating from the last calibration.
    public var drift: Double
    /// Fouling: extra T90 grown per day, s/d (a coated membrane answers more slowly).
    public var foulingLagPerDay: Double
    /// Fouling: fraction of gain lost per day (0.02 = 2 %/d), floored at zero gain.
    public var foulingGainLossPerDay: Double
    /// Calibration error: reading = gain x value + offset (before drift and noise).
    public var gain: Double
    /// Calibration error offset, signal units.
    public var offset: Double
    /// Lowest value the instrument can report (readings are clamped).
    public var minimum: Double
    /// Highest value the instrument can report.
    public var maximum: Double

    public init(t90: Double = 0, noise: Double = 0, drift: Double = 0, foulingLagPerDay: Double = 0,
                foulingGainLossPerDay: Double = 0, gain: Double = 1, offset: Double = 0,
                minimum: Double = -.greatestFiniteMagnitude, maximum: Double = .greatestFiniteMagnitude) {
        self.t90 = t90
        self.noise = noise
        self.drift = drift
        self.foulingLagPerDay = foulingLagPerDay
        self.foulingGainLossPerDay = foulingGainLossPerDay
        self.gain = gain
        self.offset = offset
        self.minimum = minimum
        self.maximum = maximum
    }

    enum CodingKeys: String, CodingKey {
        case t90 = "t90_s", noise, drift = "drift_per_d", foulingLagPerDay = "fouling_t90_s_per_d"
        case foulingGainLossPerDay = "fouling_gain_loss_per_d", gain, offset
        case minimum = "min", maximum = "max"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let ideal = SensorDescription()
        t90 = try c.decodeIfPresent(Double.self, forKey: .t90) ?? ideal.t90
        noise = try c.decodeIfPresent(Double.self, forKey: .noise) ?? ideal.noise
        drift = try c.decodeIfPresent(Double.self, forKey: .drift) ?? ideal.drift
        foulingLagPerDay = try c.decodeIfPresent(Double.self, forKey: .foulingLagPerDay) ?? 0
        foulingGainLossPerDay = try c.decodeIfPresent(Double.self, forKey: .foulingGainLossPerDay) ?? 0
        gain = try c.decodeIfPresent(Double.self, forKey: .gain) ?? 1
        offset = try c.decodeIfPresent(Double.self, forKey: .offset) ?? 0
        minimum = try c.decodeIfPresent(Double.self, forKey: .minimum) ?? ideal.minimum
        maximum = try c.decodeIfPresent(Double.self, forKey: .maximum) ?? ideal.maximum
    }
}
