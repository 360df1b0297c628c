/// One buffer reading during a pH calibration.
public struct PHBufferReading: Sendable, Equatable {
    /// pH of the buffer at its present temperature (from the buffer's certificate table).
    public var bufferPH: Double
    /// Electrode potential, mV.
    public var millivolts: Double
    /// Buffer temperature, °C.
    public var celsius: Double

    public init(bufferPH: Double, millivolts: Double, celsius: Double) {
        self.bufferPH = bufferPH
        self.millivolts = millivolts
        self.celsius = celsius
    }
}

/// Acceptance limits for a pH calibration. Defaults: slope 85–105 % of Nernst, offset
/// ±30 mV at pH 7, buffers at least 1 pH apart.
public struct PHCalibrationLimits: Sendable, Equatable {
    public var slopePercent: ClosedRange<Double>
    /// Largest accepted |potential at pH 7|, mV.
    public var offsetMillivolts: Double
    /// Smallest buffer separation for a two-point calibration, pH.
    public var minimumBufferSpan: Double

    public init(slopePercent: ClosedRange<Double> = 85...105, offsetMillivolts: Double = 30,
                minimumBufferSpan: Double = 1) {
        self.slopePercent = slopePercent
        self.offsetMillivolts = offsetMillivolts
        self.minimumBufferSpan = minimumBufferSpan
    }
}

/// A pH electrode's calibration: E = offset - (slope% / 100) · S(T) · (pH - 7), with S(T)
/// the Nernst slope. Assumes the isopotential point at pH 7 (0 mV for an ideal electrode),
/// as combination electrodes are built; the slope is kept in percent so that it scales
/// with absolute temperature when measuring.
public struct PHCalibration: Sendable, Equatable {
    /// Electrode slope in percent of the Nernst slope.
    public var slopePercent: Double
    /// Electrode potential at pH 7, mV.
    public var offsetMillivolts: Double
    /// Why the calibration is refused; empty when accepted.
    public var rejections: [CalibrationRejection]

    public var isAccepted: Bool { rejections.isEmpty }

    /// The ideal electrode: 100 %, 0 mV.
    public static let ideal = PHCalibration(slopePercent: 100, offsetMillivolts: 0)

    public init(slopePercent: Double, offsetMillivolts: Double, rejections: [CalibrationRejection] = []) {
        self.slopePercent = slopePercent
        self.offsetMillivolts = offsetMillivolts
        self.rejections = rejections
    }

    /// Two-point calibration from two buffers, each read at its own temperature.
    /// Never fails: a refused calibration lists its rejections (slope, offset, buffer span).
    public static func twoPoint(_ a: PHBufferReading, _ b: PHBufferReading,
                                limits: PHCalibrationLimits = PHCalibrationLimits()) -> PHCalibration {
        guard isValid(a), isValid(b) else { return invalid }
        let span = abs(a.bufferPH - b.bufferPH)
        guard span >= limits.minimumBufferSpan else {
            return PHCalibration(slopePercent: .nan, offsetMillivolts: .nan,
                                 rejections: [.pointsTooClose(span: span, minimum: limits.minimumBufferSpan)])
        }
        // E_i = offset - k S_i (pH_i - 7), two equations in k and offset.
        let ua = Calibration.nernstSlope(celsius: a.celsius) * (a.bufferPH - 7)
        let ub = Calibration.nernstSlope(celsius: b.celsius) * (b.bufferPH - 7)
        let k = (b.millivolts - a.millivolts) / (ua - ub)
        return checked(slopePercent: k * 100, offsetMillivolts: a.millivolts + k * ua, limits: limits)
    }

    /// One-point (offset) calibration: keeps `slopePercent` (the previous calibration's, or
    /// 100 %) and sets the offset from one buffer.
    public static func onePoint(_ reading: PHBufferReading, slopePercent: Double = 100,
                                limits: PHCalibrationLimits = PHCalibrationLimits()) -> PHCalibration {
        guard isValid(reading), slopePercent.isFinite else { return invalid }
        let u = Calibration.nernstSlope(celsius: reading.celsius) * (reading.bufferPH - 7)
        return checked(slopePercent: slopePercent, offsetMillivolts: reading.millivolts + slopePercent / 100 * u,
                       limits: limits)
    }

    /// Electrode slope in mV per pH at `celsius`.
    public func slope(celsius: Double) -> Double {
        slopePercent / 100 * Calibration.nernstSlope(celsius: celsius)
    }

    /// pH from an electrode potential (mV) at the process temperature (°C): the automatic
    /// temperature compensation of the electrode slope.
    public func pH(millivolts: Double, celsius: Double) -> Double {
        7 + (offsetMillivolts - millivolts) / slope(celsius: celsius)
    }

    private static let invalid = PHCalibration(slopePercent: .nan, offsetMillivolts: .nan,
                                               rejections: [.invalidReading])

    private static func isValid(_ r: PHBufferReading) -> Bool {
        r.bufferPH.isFinite && r.millivolts.isFinite && r.celsius.isFinite && r.celsius > -Calibration.zeroCelsius
    }

    private static func checked(slopePercent: Double, offsetMillivolts: Double,
                                limits: PHCalibrationLimits) -> PHCalibration {
        var rejections: [CalibrationRejection] = []
        if !limits.slopePercent.contains(slopePercent) {
            rejections.append(.slopeOutOfLimits(percent: slopePercent, allowed: limits.slopePercent))
        }
        if !(abs(offsetMillivolts) <= limits.offsetMillivolts) {
            rejections.append(.offsetOutOfLimits(millivolts: offsetMillivolts, allowed: limits.offsetMillivolts))
        }
        return PHCalibration(slopePercent: slopePercent, offsetMillivolts: offsetMillivolts, rejections: rejections)
    }
}
