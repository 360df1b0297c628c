/// An equipment fault a scenario injects into a plant by name at a time.
///
/// Names (`ContainerPlant.inject(fault:at:)`): `blower1.trip` (speed and airflow to 0 at once,
/// `blower1.fault` = 1, latched until cleared or `blower1.fault_reset`), `dosing.acid_pump.failure`
/// and `dosing.caustic_pump.failure` (the pump delivers nothing whatever it is told),
/// `influent.pump.failure` (no influent).
public enum PlantFault: String, CaseIterable, Sendable {
    case blowerTrip = "blower1.trip"
    case acidPumpFailure = "dosing.acid_pump.failure"
    case causticPumpFailure = "dosing.caustic_pump.failure"
    case influentPumpFailure = "influent.pump.failure"
}

/// A fault starting or ending at a plant time, s.
public struct PlantFaultEvent: Equatable, Sendable {
    public var fault: PlantFault
    /// Plant time, s since the plant started.
    public var time: Double
    /// True to start the fault, false to clear it.
    public var active: Bool

    public init(fault: PlantFault, time: Double, active: Bool) {
        self.fault = fault
        self.time = time
        self.active = active
    }
}
