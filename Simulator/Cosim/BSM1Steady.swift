import Plant

/// BSM1's steady state on constant influent: open loop (the benchmark's fixed KLa and Qa), or
/// with a Floc unit in the loop, started where ideal controllers hold its setpoints and then run
/// in lock-step for `settleDays` with ideal (noise-free) sensors so its own loops settle.
public enum BSM1Steady {
    /// The reactors, the effluent and the underflow. Throws steady-state, wiring or program errors.
    public static func run(unit: WiredUnit?, settleDays: Double = 1) throws
        -> (reactors: [PlantStream], effluent: PlantStream, underflow: PlantStream) {
        guard let unit else {
            let plant = ActivatedSludgePlant(.bsm1OpenLoop, influent: .bsm1ConstantInfluent)
            let y = try plant.steadyState(approachDays: 150).state
            return (plant.description.reactors.indices.map { plant.reactor($0, in: y) }, plant.effluent(y), plant.underflow(y))
        }
        let plant = try BSM1InstrumentedPlant.steady(oxygenSetpoint: unit.loop(readingSignal: "reactor5.do")?.setpoint ?? 2,
                                                     nitrateSetpoint: unit.loop(readingSignal: "reactor2.no3")?.setpoint ?? 1)
        let cosim = try CoSimulation(unit: unit.unit, plant: plant, wiring: unit.wiring(for: plant))
        cosim.presetLoopOutputs()
        cosim.run(seconds: settleDays * 86_400)
        return plant.streams
    }

    /// A stream as `{"SI": ..., ..., "SALK": ..., "TSS": ...}` (g/m3; SALK mol/m3).
    public static func object(_ stream: PlantStream) -> [String: Double] {
        var object = Dictionary(uniqueKeysWithValues: ASM1Component.allCases.map { ($0.description, stream[$0]) })
        object["TSS"] = stream.tss
        return object
    }
}
