import Foundation

/// A containerised activated-sludge unit as its instruments and actuators see it.
///
/// Liquid side: `ContainerReactorNetwork` (ASM1, carbonate pH, level) integrated in days with
/// RODAS3; around it one blower (`Blower`, `DiffuserAeration`), acid and caustic dosing pumps,
/// influent and temperature following the description's daily pattern, and an instrument model
/// (`SensorModel`) on every measured signal. Deterministic for a given `seed`.
///
/// Signals (the names are a contract with the Modbus emulator):
/// - measured: `basin.do` (mg/L), `basin.temperature` (degC), `basin.ph` (pH), `basin.orp` (mV,
///   `OxidationReductionPotential`), `basin.level` (m), `basin.nh4` (mg N/L), `basin.no3`
///   (mg N/L), `blower1.airflow` (Nm3/h), `blower1.speed` (%), `blower1.running` (0/1),
///   `blower1.power` (kW), `blower1.energy` (kWh), `blower1.fault` (0/1), `influent.flow`
///   (m3/h), `dosing.acid_flow` (L/h), `dosing.caustic_flow` (L/h);
/// - commanded: `blower1.speed_command` (%), `blower1.run_command` (0/1), `blower1.fault_reset`
///   (1 clears a trip), `dosing.acid_pump` (%), `dosing.caustic_pump` (%).
/// Faults: see `PlantFault` and `inject(fault:at:)`.
public final class ContainerPlant: InstrumentedPlant {
    public let description: ContainerPlantDescription
    /// Plant time, s since start (00:00 of day 0 for the daily patterns).
    public private(set) var time: Double = 0
    /// Longest span, s, over which inputs (influent, airflow, temperature) are held constant.
    public var maximumHold: Double = 60
    /// Shortest span, s, the liquid is integrated over: shorter `advance` calls accumulate until
    /// it is reached, so process signals (`basin.*`) refresh every quantum while equipment
    /// signals answer at every call. 10 s is far below the fastest liquid time constant
    /// (DO, minutes) and keeps lock-step runs with 0.5 s scans cheap.
    public var integrationQuantum: Double = 10
    /// The ODE state (see `ContainerReactorNetwork` for the layout).
    public private(set) var state: [Double]
    /// Integrations that failed (state kept at the last accepted step); 0 in a healthy run.
    public private(set) var integrationFailures = 0
    /// The blower.
    public internal(set) var blower: Blower
    /// Faults in effect now.
    public internal(set) var activeFaults: Set<PlantFault> = []

    var network: ContainerReactorNetwork
    var integrator = RosenbrockIntegrator(relativeTolerance: 1e-5, absoluteTolerance: 1e-5)
    var acidPump: ActuatorModel
    var causticPump: ActuatorModel
    var sensors: [String: SensorModel] = [:]
    var readings: [String: Double] = [:]
    var commands: [String: Double] = [:]
    var faultSchedule: [PlantFaultEvent] = []
    var pending = PendingInputs()
    let flowProfile: DiurnalProfile
    let concentrationProfile: DiurnalProfile
    let influentConcentrations: [Double]
    let surfacePressure: Double

    /// A plant at time 0 with the description's initial liquor, the basin at its mean-flow level,
    /// the blower stopped and the pumps off. `seed` drives all instrument noise.
    public init(_ description: ContainerPlantDescription, seed: UInt64 = 1) {
        self.description = description
        network = ContainerReactorNetwork(description)
        blower = Blower(description.blower)
        acidPump = ActuatorModel(range: 0...100)
        causticPump = ActuatorModel(range: 0...100)
        flowProfile = DiurnalProfile(hourly: description.influent.diurnalFlowFactors)
        concentrationProfile = DiurnalProfile(hourly: description.influent.diurnalConcentrationFactors)
        influentConcentrations = ASM1Component.allCases.map { description.influent.concentrations[$0.description] ?? 0 }
        surfacePressure = OxygenSaturation.atmosphericPressure(altitude: description.site.altitude)

        let liquor = description.initialConcentrations
        let carbonate = CarbonateSystem(celsius: description.temperature.mean)
        let carbon = carbonate.inorganicCarbon(alkalinity: liquor[ASM1Component.SALK.rawValue], pH: 7.0,
                                               ammonia: liquor[ASM1Component.SNH.rawValue] / 14)
        let meanWeirFlow = (description.influent.flow + description.separator.returnSludge) * 24
        state = liquor + [carbon] + liquor + [carbon]
            + [network.level(passing: meanWeirFlow) * description.aerobic.area]
        for signal in Self.signals where signal.direction == .measured {
            if let model = description.sensors?[signal.name] {
                sensors[signal.name] = SensorModel(model, generator: SeededGenerator(seed: seed, stream: signal.name))
            }
        }
        for signal in Self.signals where signal.direction == .commanded { commands[signal.name] = 0 }
        updateInputs(from: 0, over: 0, airflow: 0, dosing: 0)
        updateReadings(after: 0, of: Self.signals.filter { $0.direction == .measured }.map(\.name))
    }

    public var signals: [PlantSignal] { Self.signals }

    public func advance(by seconds: Double) {
        guard seconds.isFinite, seconds > 0 else { return }
        let end = time + seconds
        applyDueFaults()
        while end - time > 1e-9 {
            var step = min(end - time, max(maximumHold - pending.seconds, 0))
            if let next = faultSchedule.first?.time, next > time, next < time + step { step = next - time }
            advanceEquipment(by: step)
            if pending.seconds >= min(integrationQuantum, maximumHold) - 1e-9 { integratePending() }
            applyDueFaults()
        }
    }

    /// Blower, pumps and their instruments move at every call; their effect on the liquid is
    /// accumulated (time-averaged airflow and dosing) for the next integration.
    private func advanceEquipment(by seconds: Double) {
        let airflowBefore = blower.airflow, dosingBefore = alkalinityDosing
        blower.advance(by: seconds)
        acidPump.advance(by: seconds)
        causticPump.advance(by: seconds)
        pending.seconds += seconds
        pending.airflow += (airflowBefore + blower.airflow) / 2 * seconds
        pending.dosing += (dosingBefore + alkalinityDosing) / 2 * seconds
        time += seconds
        updateReadings(after: seconds, of: Self.equipmentSignals)
    }

    /// Integrates the liquid over the accumulated span with the inputs at its middle.
    func integratePending() {
        guard pending.seconds > 0 else { return }
        let span = pending.seconds
        updateInputs(from: time - span, over: span, airflow: pending.airflow / span, dosing: pending.dosing / span)
        do {
            try integrator.integrate(network, state: &state, from: 0, to: span / 86_400)
        } catch {
            integrationFailures += 1
            integrator.proposedStep = nil
        }
        pending = PendingInputs()
        updateReadings(after: span, of: Self.processSignals)
    }

    /// Water temperature at plant time `seconds`, °C.
    public func temperature(atSecond seconds: Double) -> Double {
        let t = description.temperature
        return t.mean + t.diurnalAmplitude * cos(2 * Double.pi * (seconds / 3600 - t.warmestHour) / 24)
    }

    /// Influent flow at plant time `seconds`, m3/h (0 while the influent pump has failed).
    public func influentFlow(atSecond seconds: Double) -> Double {
        activeFaults.contains(.influentPumpFailure) ? 0 : description.influent.flow * flowProfile.factor(atSecond: seconds)
    }

    /// The saturation DO of the basin now (C*inf at the diffusers' effective depth), g/m3.
    public var oxygenSaturation: Double { network.inputs.oxygenSaturation }

    /// The true (not measured) concentration of `component` in the basin, g/m3 (SALK mol/m3).
    public func basin(_ component: ASM1Component) -> Double {
        state[ContainerReactorNetwork.basinOffset + component.rawValue]
    }

    private func updateInputs(from start: Double, over seconds: Double, airflow: Double, dosing: Double) {
        let middle = start + seconds / 2
        let celsius = temperature(atSecond: middle)
        let d = description
        var u = network.inputs
        u.carbonate = CarbonateSystem(celsius: celsius)
        u.influentFlow = influentFlow(atSecond: middle) * 24
        let shape = concentrationProfile.factor(atSecond: middle)
        u.influent = influentConcentrations.enumerated().map { $0.offset == ASM1Component.SALK.rawValue ? $0.element : $0.element * shape }
        u.influentCarbon = u.carbonate.inorganicCarbon(
            alkalinity: u.influent[ASM1Component.SALK.rawValue], pH: d.influent.pH,
            ammonia: u.influent[ASM1Component.SNH.rawValue] / 14)
        u.internalRecycle = d.separator.internalRecycle * 24
        u.returnSludge = d.separator.returnSludge * 24
        u.wasteSludge = d.separator.wasteSludge
        let volume = max(state[ContainerReactorNetwork.basinVolume], 1e-3)
        u.kLa = d.diffusers.kLa(airflow: airflow, volume: volume, celsius: celsius)
        u.oxygenSaturation = d.diffusers.saturation(celsius: celsius, surfacePressure: surfacePressure)
        // 420 ppm CO2 in the air; the CO2 the bubbles pick up on their way is neglected.
        u.carbonDioxideSaturation = u.carbonate.saturationCO2(
            partialPressure: 420e-6 * surfacePressure / OxygenSaturation.standardPressure)
        u.alkalinityDosing = dosing
        network.inputs = u
    }

    /// Net strong base delivered now (caustic less acid), eq/d.
    var alkalinityDosing: Double {
        description.dosing.caustic.equivalentsPerDay(percent: causticDelivery)
            - description.dosing.acid.equivalentsPerDay(percent: acidDelivery)
    }

    /// Plant time not yet integrated into the liquid, and the airflow (Nm3/h s) and dosing (eq/d s)
    /// integrated over it.
    struct PendingInputs {
        var seconds = 0.0, airflow = 0.0, dosing = 0.0
    }

    /// Acid pump output actually delivered, % (0 while failed).
    var acidDelivery: Double { activeFaults.contains(.acidPumpFailure) ? 0 : acidPump.output }
    /// Caustic pump output actually delivered, %.
    var causticDelivery: Double { activeFaults.contains(.causticPumpFailure) ? 0 : causticPump.output }
}
