/// Most-open-valve control of a shared air header: the header pressure setpoint creeps down
/// while even the most open basin valve is below its target opening (air is being throttled
/// away) and up while a valve is near fully open (that basin is short of air). Between the
/// two the setpoint holds. The adjustment integrates slowly, within pressure limits, so the
/// basin DO loops stay much faster than it.
public struct MostOpenValve: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Below this opening of the most open valve the pressure is lowered, percent.
        public var targetOpening: Double
        /// At or above this opening of any valve the pressure is raised, percent.
        public var nearlyOpen: Double
        /// Pressure change per percent of opening outside the band, mbar per second per %.
        public var gain: Double
        /// Largest pressure change, mbar per second.
        public var maximumRate: Double
        /// Header pressure setpoint range, mbar.
        public var limits: ClosedRange<Double>

        public init(targetOpening: Double, nearlyOpen: Double, gain: Double, maximumRate: Double, limits: ClosedRange<Double>) {
            self.targetOpening = targetOpening
            self.nearlyOpen = nearlyOpen
            self.gain = gain
            self.maximumRate = maximumRate
            self.limits = limits
        }
    }

    public enum Direction: String, Sendable, Equatable { case lowering, holding, raising }

    public struct Info: Sendable, Equatable {
        /// Header pressure setpoint, mbar.
        public var pressureSetpoint: Double
        /// Index and opening (%) of the most open valve with a usable position; nil when none.
        public var mostOpen: (index: Int, opening: Double)?
        public var direction: Direction
        /// The setpoint sits at a pressure limit.
        public var atLimit: Bool

        public static func == (a: Info, b: Info) -> Bool {
            a.pressureSetpoint == b.pressureSetpoint && a.mostOpen?.index == b.mostOpen?.index
                && a.mostOpen?.opening == b.mostOpen?.opening && a.direction == b.direction && a.atLimit == b.atLimit
        }
    }

    public let settings: Settings
    public private(set) var pressureSetpoint: Double

    /// Throws `ControlParameterError` when the band, gain, rate or limits are out of bounds.
    public init(settings: Settings, initial: Double) throws(ControlParameterError) {
        var found: [String] = []
        if !(0 <= settings.targetOpening && settings.targetOpening < settings.nearlyOpen && settings.nearlyOpen <= 100) {
            found.append("valve openings must satisfy 0 <= target < nearly open <= 100 %")
        }
        if !(settings.gain.isFinite && settings.gain > 0) { found.append("pressure gain must be finite and > 0 mbar/s/%") }
        if !(settings.maximumRate.isFinite && settings.maximumRate > 0) { found.append("pressure rate must be finite and > 0 mbar/s") }
        if !(settings.limits.lowerBound.isFinite && settings.limits.upperBound.isFinite) { found.append("pressure limits must be finite") }
        if !found.isEmpty { throw ControlParameterError(problems: found) }
        self.settings = settings
        pressureSetpoint = settings.limits.clamp(initial.isFinite ? initial : settings.limits.upperBound)
    }

    /// Runs one scan on the valve positions (%, bad samples ignored), `dt` seconds since the
    /// last one. With no usable position the setpoint holds.
    @discardableResult
    public mutating func update(valvePositions: [Sample], dt: Double) -> Info {
        let usable = valvePositions.enumerated().filter { $0.element.isUsable }
        let most = usable.max { $0.element.value < $1.element.value }.map { (index: $0.offset, opening: $0.element.value) }
        var direction = Direction.holding
        if let most, dt.isFinite, dt > 0 {
            var rate = 0.0
            if most.opening < settings.targetOpening {
                rate = -settings.gain * (settings.targetOpening - most.opening)
            } else if most.opening >= settings.nearlyOpen {
                // At the threshold itself the valve is already starved: raise at least a little.
                rate = settings.gain * max(most.opening - settings.nearlyOpen, 1)
            }
            rate = min(max(rate, -settings.maximumRate), settings.maximumRate)
            let next = settings.limits.clamp(pressureSetpoint + rate * dt)
            direction = next < pressureSetpoint ? .lowering : (next > pressureSetpoint ? .raising : .holding)
            pressureSetpoint = next
        }
        let atLimit = pressureSetpoint == settings.limits.lowerBound || pressureSetpoint == settings.limits.upperBound
        return Info(pressureSetpoint: pressureSetpoint, mostOpen: most, direction: direction, atLimit: atLimit)
    }
}
