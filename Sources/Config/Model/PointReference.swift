/// A field point a control block reads or writes, resolved at load against the unit's
/// devices and GPIO points: `device.point`, `device.point.flag` (a named status bit) or
/// `gpio.<name>`.
public struct PointReference: Sendable, Equatable {
    /// As written in the unit file, e.g. `blower1.status_word.run`.
    public var key: String
    /// The point image key holding the value: `device.point` or `gpio.<name>`.
    public var imageKey: String
    /// The status bit read from the point's flags; nil for a plain value.
    public var flag: String?
    /// Engineering unit from the profile (`mg/L`, `%`); empty for flags and GPIO.
    public var unit: String
    /// The instrument's valid range from the profile, used to validate the input; nil if none.
    public var range: ClosedRange<Double>?
    /// A GPIO point (1/0) rather than a Modbus point.
    public var isGPIO: Bool
    /// Reads and writes 1 or 0: a flag, a GPIO line, a coil or discrete input.
    public var isBoolean: Bool

    public init(key: String, imageKey: String, flag: String? = nil, unit: String = "",
                range: ClosedRange<Double>? = nil, isGPIO: Bool = false, isBoolean: Bool = false) {
        self.key = key
        self.imageKey = imageKey
        self.flag = flag
        self.unit = unit
        self.range = range
        self.isGPIO = isGPIO
        self.isBoolean = isBoolean || isGPIO || flag != nil
    }
}
