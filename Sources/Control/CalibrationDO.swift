/// The air-saturation (span) point of a DO calibration: the probe in water-saturated air
/// or air-saturated water, whose true concentration follows from temperature and pressure.
public struct DOAirReading: Sendable, Equatable {
    /// Uncorrected instrument reading, mg/L.
    public var reading: Double
    /// Water or probe temperature, °C.
    public var celsius: Double
    /// Barometric pressure at the unit, kPa (not corrected to sea level).
    public var pressure: Double
    /// Salinity of the medium, g/kg (0 for fresh water and for calibration in air).
    public var salinity: Double

    public init(reading: Double, celsius: Double, pressure: Double = Calibration.standardPressure,
                salinity: Double = 0) {
        self.reading = reading
        self.celsius = celsius
        self.pressure = pressure
        self.salinity = salinity
    }

    /// What the probe should read, mg/L (`Calibration.oxygenSaturation`).
    public var expected: Double {
        Calibration.oxygenSaturation(celsius: celsius, pressure: pressure, salinity: salinity)
    }
}

/// Acceptance limits for a DO calibration. The defaults are Floc's, chosen for membrane
/// and optical probes in activated sludge: zero within ±0.5 mg/L, span reading 80–120 % of
/// the expected saturation, 0–40 °C (the fitted range of the solubility equation).
public struct DOCalibrationLimits: Sendable, Equatable {
    /// Largest accepted |zero reading|, mg/L.
    public var zero: Double
    /// Accepted span sensitivity, % of the expected reading.
    public var spanPercent: ClosedRange<Double>
    public var celsius: ClosedRange<Double>

    public init(zero: Double = 0.5, spanPercent: ClosedRange<Double> = 80...120,
                celsius: ClosedRange<Double> = 0...40) {
        self.zero = zero
        self.spanPercent = spanPercent
        self.celsius = celsius
    }
}

/// A DO probe's linear calibration: corrected = (reading - zero) · gain, in mg/L.
/// Two-point with a zero (sulfite solution or nitrogen) and an air point; one-point with
/// the air point only, keeping the previous zero (0 for a new optical probe).
public struct DOCalibration: Sendable, Equatable {
    /// Instrument reading at no oxygen, mg/L.
    public var zero: Double
    /// Correction factor applied above the zero (1 for a perfect probe).
    public var gain: Double
    /// Span reading in % of the expected saturation (100 for a perfect probe).
    public var spanPercent: Double
    /// Why the calibration is refused; empty when accepted.
    public var rejections: [CalibrationRejection]

    public var isAccepted: Bool { rejections.isEmpty }

    /// The uncalibrated probe: zero 0, gain 1.
    public static let identity = DOCalibration(zero: 0, gain: 1, spanPercent: 100)

    public init(zero: Double, gain: Double, spanPercent: Double, rejections: [CalibrationRejection] = []) {
        self.zero = zero
        self.gain = gain
        self.spanPercent = spanPercent
        self.rejections = rejections
    }

    /// Zero and air calibration. Never fails: a refused calibration lists its rejections.
    public static func twoPoint(zeroReading: Double, air: DOAirReading,
                                limits: DOCalibrationLimits = DOCalibrationLimits()) -> DOCalibration {
        var rejections: [CalibrationRejection] = []
        guard zeroReading.isFinite, air.reading.isFinite, air.celsius.isFinite,
              air.pressure.isFinite, air.pressure > 0, air.salinity.isFinite else {
            return DOCalibration(zero: .nan, gain: .nan, spanPercent: .nan, rejections: [.invalidReading])
        }
        if !limits.celsius.contains(air.celsius) {
            rejections.append(.temperatureOutOfRange(celsius: air.celsius, allowed: limits.celsius))
        }
        if !(abs(zeroReading) <= limits.zero) {
            rejections.append(.zeroOutOfLimits(reading: zeroReading, allowed: limits.zero))
        }
        let expected = air.expected
        let span = air.reading - zeroReading
        // A span under a tenth of saturation is a dead or dry probe, not a slope to divide by.
        guard span >= 0.1 * expected else {
            rejections.append(.pointsTooClose(span: span, minimum: 0.1 * expected))
            return DOCalibration(zero: zeroReading, gain: .nan, spanPercent: span / expected * 100,
                                 rejections: rejections)
        }
        let spanPercent = span / expected * 100
        if !limits.spanPercent.contains(spanPercent) {
            rejections.append(.spanOutOfLimits(percent: spanPercent, allowed: limits.spanPercent))
        }
        return DOCalibration(zero: zeroReading, gain: expected / span, spanPercent: spanPercent,
                             rejections: rejections)
    }

    /// Air-only calibration keeping the zero of `previous`.
    public static func onePoint(air: DOAirReading, previous: DOCalibration = .identity,
                                limits: DOCalibrationLimits = DOCalibrationLimits()) -> DOCalibration {
        twoPoint(zeroReading: previous.zero, air: air, limits: limits)
    }

    /// Corrected concentration, mg/L, from an uncorrected instrument reading (mg/L).
    public func concentration(reading: Double) -> Double {
        (reading - zero) * gain
    }
}
