/// One `[instruments."<point>"]`: how an input point is calibrated and held for maintenance.
public struct InstrumentConfig: Sendable, Equatable {
    /// Which calibration math conditions the point.
    public enum Calibration: String, Sendable, CaseIterable {
        case ph
        case `do`
    }

    /// The instrument's input point (`ph1.ph`); its key is the instrument's name.
    public var point: PointReference
    /// nil: the point is not calibrated in Floc (only held).
    public var calibration: Calibration?
    /// Days from one calibration to the next; nil raises no overdue alarm.
    public var calibrationIntervalDays: Double?
    /// Process temperature for the pH slope, °C; nil uses 25 °C.
    public var temperature: PointReference?
    /// Longest maintenance hold, minutes; the hold ends by itself after it.
    public var maxHoldMinutes: Double
    public var line: Int

    public init(point: PointReference, calibration: Calibration? = nil, calibrationIntervalDays: Double? = nil,
                temperature: PointReference? = nil, maxHoldMinutes: Double = 60, line: Int = 0) {
        self.point = point
        self.calibration = calibration
        self.calibrationIntervalDays = calibrationIntervalDays
        self.temperature = temperature
        self.maxHoldMinutes = maxHoldMinutes
        self.line = line
    }

    public var name: String { point.key }
}
