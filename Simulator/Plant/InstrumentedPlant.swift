/// A plant as its instruments and actuators see it: named signals in engineering units.
///
/// The Modbus emulator binds device points to these signals (a scenario says which), so a
/// plant model never knows about registers, and the same model serves lock-step
/// co-simulation and out-of-process hardware-in-the-loop runs.
public protocol InstrumentedPlant: AnyObject {
    /// Every signal the plant has, measured or commanded, e.g. `basin.do` (mg/L),
    /// `blower1.speed_command` (%), `blower1.running` (0/1).
    var signals: [PlantSignal] { get }
    /// Advances the plant by `seconds` of simulated time (commands held constant meanwhile).
    func advance(by seconds: Double)
    /// The current value of a signal (a measurement as the instrument reports it, or the
    /// last command); nil for an unknown name.
    func value(of signal: String) -> Double?
    /// Sets a commanded signal. Returns false (and changes nothing) for an unknown or
    /// read-only signal or a non-finite value.
    @discardableResult
    func command(_ signal: String, to value: Double) -> Bool
}

/// One named signal of an ``InstrumentedPlant``.
public struct PlantSignal: Sendable, Equatable {
    public enum Direction: String, Sendable {
        /// Measured by an instrument: the emulator encodes it into input/holding registers.
        case measured
        /// Commanded by the controller: the emulator decodes writes into it.
        case commanded
    }

    public var name: String
    public var unit: String
    public var direction: Direction
    public var description: String

    public init(name: String, unit: String, direction: Direction, description: String = "") {
        self.name = name
        self.unit = unit
        self.direction = direction
        self.description = description
    }
}
