/// The calibration an instrument is conditioned with, as applied by a technician: what was
/// computed, when (wall-clock UTC), by whom and from which points. Kept per instrument with
/// its due date; the scan corrects the instrument's value with it (`corrected(_:)`).
///
/// - pH: `slope` is the electrode slope in percent of the Nernst slope and `offset` the
///   electrode potential at pH 7 in mV (`PHCalibration`); `points` are the buffer pHs.
/// - DO: `slope` is the gain and `offset` the zero reading in mg/L (`DOCalibration`);
///   `points` are the reference concentrations (zero, saturation), mg/L.
public struct CalibrationRecord: Sendable, Equatable, Codable {
    /// Which calibration math the record follows.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        case ph
        case dissolvedOxygen = "do"
    }

    public var kind: Kind
    /// pH: percent of the Nernst slope (100 ideal). DO: gain (1 ideal).
    public var slope: Double
    /// pH: mV at pH 7 (0 ideal). DO: zero reading, mg/L (0 ideal).
    public var offset: Double
    /// When the calibration was made, UTC seconds since 1970 (handed in: control has no wall clock).
    public var time: Double
    /// The user who made it.
    public var by: String
    /// Reference values of the calibration points (buffer pH, or mg/L for DO).
    public var points: [Double]

    public init(kind: Kind, slope: Double, offset: Double, time: Double, by: String, points: [Double] = []) {
        self.kind = kind
        self.slope = slope
        self.offset = offset
        self.time = time
        self.by = by
        self.points = points
    }

    /// The record of an accepted pH calibration.
    public init(_ calibration: PHCalibration, time: Double, by: String, points: [Double] = []) {
        self.init(kind: .ph, slope: calibration.slopePercent, offset: calibration.offsetMillivolts,
                  time: time, by: by, points: points)
    }

    /// The record of an accepted DO calibration.
    public init(_ calibration: DOCalibration, time: Double, by: String, points: [Double] = []) {
        self.init(kind: .dissolvedOxygen, slope: calibration.gain, offset: calibration.zero,
                  time: time, by: by, points: points)
    }

    /// Whether the record can condition a value: finite numbers, a positive slope.
    public var isValid: Bool {
        slope.isFinite && slope > 0 && offset.isFinite && time.isFinite
    }

    /// The corrected value of an instrument reading `raw` in the instrument's units.
    ///
    /// pH: the instrument reports pH computed with an ideal electrode (100 %, 0 mV), so its
    /// potential is E = S(T)·(7 - raw) and the calibrated pH is 7 + (offset - E) / (k·S(T)),
    /// that is 7 + (raw - 7)/k + offset/(k·S(T)) with k = slope/100; `celsius` is the
    /// process temperature (25 °C when unknown). DO: (raw - zero) · gain.
    public func corrected(_ raw: Double, celsius: Double = 25) -> Double {
        switch kind {
        case .ph:
            let k = slope / 100
            return 7 + (raw - 7) / k + offset / (k * Calibration.nernstSlope(celsius: celsius))
        case .dissolvedOxygen:
            return (raw - offset) * slope
        }
    }

    /// When the next calibration is due, UTC seconds, for an interval in days.
    public func due(intervalDays: Double) -> Double {
        time + intervalDays * 86_400
    }
}
