extension ContainerPlant {
    /// Every signal of a container plant; see `ContainerPlant` for the contract.
    public static let signals: [PlantSignal] = [
        PlantSignal(name: "basin.do", unit: "mg/L", direction: .measured, description: "Dissolved oxygen in the aerated basin"),
        PlantSignal(name: "basin.do_saturation", unit: "%sat", direction: .measured,
                    description: "Dissolved oxygen as % of saturation at the basin's temperature and depth"),
        PlantSignal(name: "basin.temperature", unit: "degC", direction: .measured, description: "Basin water temperature"),
        PlantSignal(name: "basin.ph", unit: "pH", direction: .measured, description: "Basin pH"),
        PlantSignal(name: "basin.orp", unit: "mV", direction: .measured, description: "Basin ORP vs Ag/AgCl (empirical)"),
        PlantSignal(name: "basin.level", unit: "m", direction: .measured, description: "Basin water level above the floor"),
        PlantSignal(name: "basin.nh4", unit: "mg N/L", direction: .measured, description: "Basin ammonium nitrogen"),
        PlantSignal(name: "basin.no3", unit: "mg N/L", direction: .measured, description: "Basin nitrate nitrogen"),
        PlantSignal(name: "blower1.airflow", unit: "Nm3/h", direction: .measured, description: "Blower 1 airflow"),
        PlantSignal(name: "blower1.speed", unit: "%", direction: .measured, description: "Blower 1 actual speed"),
        PlantSignal(name: "blower1.running", unit: "0/1", direction: .measured, description: "Blower 1 running"),
        PlantSignal(name: "blower1.power", unit: "kW", direction: .measured, description: "Blower 1 electrical power"),
        PlantSignal(name: "blower1.energy", unit: "kWh", direction: .measured, description: "Blower 1 energy since start"),
        PlantSignal(name: "blower1.fault", unit: "0/1", direction: .measured, description: "Blower 1 tripped"),
        PlantSignal(name: "influent.flow", unit: "m3/h", direction: .measured, description: "Influent flow"),
        PlantSignal(name: "dosing.acid_flow", unit: "L/h", direction: .measured, description: "Acid delivered"),
        PlantSignal(name: "dosing.caustic_flow", unit: "L/h", direction: .measured, description: "Caustic delivered"),
        PlantSignal(name: "blower1.speed_command", unit: "%", direction: .commanded, description: "Blower 1 speed setpoint"),
        PlantSignal(name: "blower1.run_command", unit: "0/1", direction: .commanded, description: "Blower 1 start (1) / stop (0)"),
        PlantSignal(name: "blower1.fault_reset", unit: "0/1", direction: .commanded, description: "Writing 1 clears a blower 1 trip"),
        PlantSignal(name: "dosing.acid_pump", unit: "%", direction: .commanded, description: "Acid pump output"),
        PlantSignal(name: "dosing.caustic_pump", unit: "%", direction: .commanded, description: "Caustic pump output"),
        // The panel, not the process: the e-stop mushroom button, pressed (1) by `floc-sim plant set panel.estop 1`.
        PlantSignal(name: "panel.estop", unit: "0/1", direction: .commanded, description: "Panel emergency stop pressed"),
    ]

    /// Measured signals of the liquid, refreshed at each integration.
    static let processSignals = ["basin.do", "basin.do_saturation", "basin.temperature", "basin.ph", "basin.orp", "basin.level",
                                 "basin.nh4", "basin.no3"]
    /// Measured signals of the equipment and the influent, refreshed at every call.
    static let equipmentSignals = signals.filter { $0.direction == .measured && !processSignals.contains($0.name) }
        .map(\.name)

    public func value(of signal: String) -> Double? {
        readings[signal] ?? commands[signal]
    }

    @discardableResult
    public func command(_ signal: String, to value: Double) -> Bool {
        guard value.isFinite, commands[signal] != nil else { return false }
        commands[signal] = value
        switch signal {
        case "blower1.speed_command": blower.command(speed: value)
        case "blower1.run_command": blower.command(run: value >= 0.5)
        case "blower1.fault_reset": if value >= 0.5 { setFault(.blowerTrip, active: false) }
        case "dosing.acid_pump": acidPump.command(value)
        case "dosing.caustic_pump": causticPump.command(value)
        default: break
        }
        // Equipment answers a command at once (a running blower reports its new state).
        updateReadings(after: 0, of: Self.equipmentSignals)
        return true
    }

    /// The true value of measured `signal` now, before its instrument (the liquid as of its last
    /// integration); nil for a name that is not a measured signal.
    public func trueValue(of signal: String) -> Double? {
        switch signal {
        case "basin.do": max(basin(.SO), 0)
        case "basin.do_saturation": 100 * max(basin(.SO), 0) / oxygenSaturation
        case "basin.temperature": network.inputs.carbonate.constants.celsius
        case "basin.ph": network.basinPH(state)
        case "basin.orp": OxidationReductionPotential.millivolts(oxygen: basin(.SO), nitrate: basin(.SNO))
        case "basin.level": network.level(state)
        case "basin.nh4": max(basin(.SNH), 0)
        case "basin.no3": max(basin(.SNO), 0)
        case "blower1.airflow": blower.airflow
        case "blower1.speed": blower.speed
        case "blower1.running": blower.running ? 1 : 0
        case "blower1.power": blower.power
        case "blower1.energy": blower.energy
        case "blower1.fault": blower.tripped ? 1 : 0
        case "influent.flow": influentFlow(atSecond: time)
        case "dosing.acid_flow": description.dosing.acid.flow(percent: acidDelivery)
        case "dosing.caustic_flow": description.dosing.caustic.flow(percent: causticDelivery)
        default: nil
        }
    }

    /// Passes the true values of `names` through their instruments after `seconds` of plant time.
    func updateReadings(after seconds: Double, of names: [String]) {
        for name in names {
            guard let value = trueValue(of: name) else { continue }
            if var sensor = sensors[name] {
                // A command (seconds 0) must not draw noise twice for the same instant.
                readings[name] = seconds > 0 || sensor.reading == nil
                    ? sensor.update(trueValue: value, after: seconds) : sensor.reading!
                sensors[name] = sensor
            } else {
                readings[name] = value
            }
        }
    }

    /// The instrument on `signal`, if it has one (nil: read ideally).
    public func sensor(_ signal: String) -> SensorModel? { sensors[signal] }

    /// Cleans and recalibrates the instrument on `signal` (drift and fouling restart); false if none.
    @discardableResult
    public func recalibrate(_ signal: String) -> Bool {
        guard sensors[signal] != nil else { return false }
        sensors[signal]!.recalibrate()
        return true
    }
}
