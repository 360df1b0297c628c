import Plant

/// BSM1 with its benchmark instruments as named signals, for lock-step co-simulation: the DO
/// sensor of reactor 5 (class A: T90 1 min, 0-10 g/m3, noise sd 0.25) and the nitrate sensor of
/// reactor 2 (class B0: T90 10 min, 0-20 g N/m3, noise sd 0.5) read with the benchmark's noise
/// file; KLa5 through its actuator (two lags, T90 4 min) and Qa through its pump lag.
///
/// Signals: measured `reactor5.do` and `reactor2.no3` (the sensors, g/m3), `reactorN.<state>`
/// (true concentrations, ASM1 names, N = 1...5), `reactor5.kla` (1/d) and
/// `internal_recycle.flow` (m3/d) as delivered, `effluent.<state>` and `effluent.TSS`,
/// `influent.flow` (m3/d); commanded `reactor5.kla_command` (1/d) and
/// `internal_recycle.flow_command` (m3/d). Time is seconds; the ODE runs in days.
public final class BSM1InstrumentedPlant: InstrumentedPlant {
    /// Plant with actuators and sensor lags; its `plant.influent` follows `influent`.
    public private(set) var system: ControlledActivatedSludgePlant
    /// The ODE state of `system`.
    public private(set) var state: [Double]
    /// Seconds since the start of the influent series (the series repeats).
    public private(set) var time: Double = 0
    /// The dynamic influent (15-minute zero-order hold); nil holds the constant influent.
    public var influent: ZeroOrderHoldSeries?
    /// One standard-normal sample per minute per sensor (DO, nitrate); nil reads without noise.
    public var noise: ZeroOrderHoldSeries?
    var integrator: RosenbrockIntegrator

    static let stateSignals: [String] = (1...5).flatMap { reactor in
        ASM1Component.allCases.map { "reactor\(reactor).\($0)" }
    } + ASM1Component.allCases.map { "effluent.\($0)" } + ["effluent.TSS", "effluent.flow"]

    /// The plant at rest at `plantState` with the actuators delivering `kLa` and `internalRecycle`
    /// (also the commands) and the sensors reading the true concentrations.
    public init(plant: ActivatedSludgePlant, plantState: [Double], kLa: Double, internalRecycle: Double,
                tolerance: Double = 1e-6) {
        var system = ControlledActivatedSludgePlant(plant: plant)
        state = system.restingState(plantState: plantState, kLa: kLa, internalRecycle: internalRecycle)
        self.system = system
        integrator = RosenbrockIntegrator(relativeTolerance: tolerance, absoluteTolerance: tolerance, maximumSteps: 1_000_000,
                                          tableau: .ros34pw2, jacobianPolicy: .reuse(maximumAge: 50))
    }

    /// BSM1 at the steady state on constant influent with ideal sensors and actuators and ideal
    /// controllers holding the given setpoints (g O2/m3 in reactor 5, g N/m3 in reactor 2).
    /// Throws the steady-state solver's errors.
    public static func steady(oxygenSetpoint: Double, nitrateSetpoint: Double, tolerance: Double = 1e-6) throws -> BSM1InstrumentedPlant {
        let plant = ActivatedSludgePlant(.bsm1OpenLoop, influent: .bsm1ConstantInfluent)
        let openLoop = try plant.steadyState(approachDays: 150).state
        let search = SetpointSteadyState(plant: plant, oxygenSetpoint: oxygenSetpoint, nitrateSetpoint: nitrateSetpoint)
        let steady = try search.solve(approachDays: 50, from: openLoop)
        return BSM1InstrumentedPlant(plant: plant, plantState: steady.state, kLa: steady.kLa,
                                     internalRecycle: steady.internalRecycle, tolerance: tolerance)
    }

    public let signals: [PlantSignal] = [
        PlantSignal(name: "reactor5.do", unit: "g/m3", direction: .measured, description: "DO sensor of reactor 5 (class A)"),
        PlantSignal(name: "reactor2.no3", unit: "g N/m3", direction: .measured,
                    description: "Nitrate sensor of reactor 2 (class B0)"),
        PlantSignal(name: "reactor5.kla", unit: "1/d", direction: .measured, description: "KLa delivered in reactor 5"),
        PlantSignal(name: "internal_recycle.flow", unit: "m3/d", direction: .measured, description: "Internal recycle Qa delivered"),
        PlantSignal(name: "influent.flow", unit: "m3/d", direction: .measured, description: "Influent flow"),
        PlantSignal(name: "reactor5.kla_command", unit: "1/d", direction: .commanded, description: "KLa requested in reactor 5"),
        PlantSignal(name: "internal_recycle.flow_command", unit: "m3/d", direction: .commanded,
                    description: "Internal recycle requested"),
    ] + stateSignals.map { PlantSignal(name: $0, unit: "g/m3", direction: .measured, description: "true value") }

    /// Restarts the influent series (and the noise sequence) at its first sample.
    public func restartSeries() { time = 0 }

    public func advance(by seconds: Double) {
        guard seconds.isFinite, seconds > 0 else { return }
        var remaining = seconds
        while remaining > 1e-9 {
            var step = remaining
            if let influent, influent.count > 0 {
                let interval = influent.sampleInterval * 86_400
                let index = Int((time / interval + 1e-9).rounded(.down))
                system.plant.influent = PlantStream(influentRow: influent.rows[index % influent.count])
                step = min(step, Double(index + 1) * interval - time)
            }
            // A failed step keeps the last accepted state: the run's criteria then show it, the scan goes on.
            try? integrator.integrate(system, state: &state, from: time / 86_400, to: (time + step) / 86_400)
            time += step
            remaining -= step
        }
    }

    public func value(of signal: String) -> Double? {
        switch signal {
        case "reactor5.do":
            return system.oxygenSensor.reading(filtered: system.oxygenSignal(state), noise: noiseSample(0))
        case "reactor2.no3":
            return system.nitrateSensor.reading(filtered: system.nitrateSignal(state), noise: noiseSample(1))
        case "reactor5.kla": return system.kLa(state)
        case "internal_recycle.flow": return system.internalRecycle(state)
        case "influent.flow": return system.plant.influent.flow
        case "reactor5.kla_command": return system.kLaCommand
        case "internal_recycle.flow_command": return system.internalRecycleCommand
        default: break
        }
        let parts = signal.split(separator: ".").map(String.init)
        guard parts.count == 2 else { return nil }
        let now = system.plantNow(state)
        let stream: PlantStream
        if parts[0] == "effluent" {
            stream = now.effluent(system.plantState(state))
        } else if parts[0].hasPrefix("reactor"), let n = Int(parts[0].dropFirst(7)), (1...5).contains(n) {
            stream = now.reactor(n - 1, in: state)
        } else {
            return nil
        }
        if parts[1] == "TSS" { return stream.tss }
        if parts[1] == "flow" { return stream.flow }
        return ASM1Component(name: parts[1]).map { stream[$0] }
    }

    @discardableResult
    public func command(_ signal: String, to value: Double) -> Bool {
        guard value.isFinite else { return false }
        switch signal {
        case "reactor5.kla_command": system.kLaCommand = value
        case "internal_recycle.flow_command": system.internalRecycleCommand = value
        default: return false
        }
        return true
    }

    /// The noise sample of `column` for the present minute of the series, 0 without noise.
    private func noiseSample(_ column: Int) -> Double {
        guard let noise, noise.count > 0 else { return 0 }
        return noise.rows[Int(time / 60) % noise.count][column]
    }

    /// The evaluation sample now (`time` in days), with the controllers' errors as given.
    public func evaluationSample(time: Double, controlErrors: [Double]) -> EvaluationSample {
        system.plantNow(state).evaluationSample(system.plantState(state), time: time, controlErrors: controlErrors)
    }

    /// The five reactors, the effluent and the settler underflow now.
    public var streams: (reactors: [PlantStream], effluent: PlantStream, underflow: PlantStream) {
        let now = system.plantNow(state), y = system.plantState(state)
        return (now.description.reactors.indices.map { now.reactor($0, in: y) }, now.effluent(y), now.underflow(y))
    }

    /// Suspended solids in reactors and settler now, g SS.
    public var sludgeMass: Double { system.plantNow(state).sludgeMass(system.plantState(state)) }

    /// Work of the integrator so far.
    public var statistics: IntegratorStatistics { integrator.statistics }
}
