import Plant

/// A plant model with faults of its own equipment (a blower trip, a failed pump), which the
/// emulator can start and end: from a scenario's `[[faults]]` or at run time.
public protocol FaultablePlant: InstrumentedPlant {
    /// Every fault name the plant knows, e.g. `blower1.trip`, `dosing.acid_pump.failure`.
    var faultNames: [String] { get }
    /// Starts fault `name` at plant time `time` (s; now or in the past: at once); false for an
    /// unknown name.
    @discardableResult
    func inject(fault name: String, at time: Double) -> Bool
    /// Ends fault `name` at plant time `time` (a trip is reset, a pump works again); false for
    /// an unknown name.
    @discardableResult
    func clear(fault name: String, at time: Double) -> Bool
}

extension ContainerPlant: FaultablePlant {
    public var faultNames: [String] { PlantFault.allCases.map(\.rawValue) }
}
