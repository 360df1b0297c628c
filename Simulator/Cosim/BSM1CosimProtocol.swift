import Foundation
import Plant
import Runtime

/// The BSM1 dynamic protocol (Alex et al. 2008, section 4) with a Floc unit as the controller:
/// steady state on constant influent with ideal sensors (the unit's setpoints held exactly by
/// `SetpointSteadyState`), the unit's loops preset bumplessly there, then the dynamic influent
/// `passes` times with the benchmark's sensor noise, evaluation of the second half of the last
/// pass from 15-minute samples (`BSM1Criteria`). Control errors use the true concentrations.
public struct BSM1CosimProtocol {
    public var unit: WiredUnit
    /// The dynamic influent (15-minute samples).
    public var influent: ZeroOrderHoldSeries
    public var noise: ZeroOrderHoldSeries?
    public var passes = 2
    /// Integrator tolerance (relative and absolute).
    public var tolerance = 1e-6
    /// Seconds between trend records.
    public var recordInterval = 900.0

    public init(unit: WiredUnit, influent: ZeroOrderHoldSeries, noise: ZeroOrderHoldSeries?) {
        self.unit = unit
        self.influent = influent
        self.noise = noise
    }

    /// Names recorded in the trends.
    public static let trendNames = ["reactor5.SO", "reactor5.do", "reactor5.kla", "reactor5.kla_command", "reactor2.SNO",
                                    "reactor2.no3", "internal_recycle.flow", "reactor5.SNH", "effluent.SNH", "effluent.SNO",
                                    "effluent.TSS", "influent.flow", "aeration_energy_kwh_d"]

    /// Runs the protocol. Throws steady-state, wiring or program errors.
    public func run() throws -> BSM1CosimResult {
        let started = ContinuousClock.now
        let oxygenLoop = unit.loop(readingSignal: "reactor5.do")
        let nitrateLoop = unit.loop(readingSignal: "reactor2.no3")
        let bsm1 = try BSM1InstrumentedPlant.steady(oxygenSetpoint: oxygenLoop?.setpoint ?? 2,
                                                    nitrateSetpoint: nitrateLoop?.setpoint ?? 1, tolerance: tolerance)
        let plant = bsm1.system.plant
        let cosim = try CoSimulation(unit: unit.unit, plant: bsm1, wiring: unit.wiring(for: bsm1))
        cosim.presetLoopOutputs()
        let steadyTime = ContinuousClock.now - started
        bsm1.influent = influent
        bsm1.noise = noise
        let interval = influent.sampleInterval
        let perSample = interval * 86_400
        let evaluationStart = influent.count / 2
        var samples: [EvaluationSample] = []
        var massAtStart = 0.0
        var trends = Trends(names: Self.trendNames)
        let volumes = plant.description.reactors.map(\.volume)
        func aerationEnergy() -> Double {
            let kLa = plant.description.reactors.indices.map { $0 == 4 ? bsm1.value(of: "reactor5.kla") ?? 0 : plant.description.reactors[$0].kLa }
            return plant.description.oxygenSaturation / 1800 * zip(volumes, kLa).reduce(0) { $0 + $1.0 * $1.1 }
        }
        func value(_ name: String) -> Double? { name == "aeration_energy_kwh_d" ? aerationEnergy() : cosim.value(of: name) }
        let dynamicStarted = ContinuousClock.now
        let runStart = cosim.time
        trends.record(time: 0, value)
        for pass in 0..<passes {
            bsm1.restartSeries()
            for k in 0..<influent.count {
                let passTime = Double(k) * interval
                if pass == passes - 1 && k >= evaluationStart {
                    if k == evaluationStart { massAtStart = bsm1.sludgeMass }
                    let errors = [(oxygenLoop.map { cosim.snapshot.loop($0.name)?.setpoint ?? $0.setpoint } ?? 2) - (bsm1.value(of: "reactor5.SO") ?? 0),
                                  (nitrateLoop.map { cosim.snapshot.loop($0.name)?.setpoint ?? $0.setpoint } ?? 1) - (bsm1.value(of: "reactor2.SNO") ?? 0)]
                    samples.append(bsm1.evaluationSample(time: passTime, controlErrors: errors))
                }
                cosim.run(seconds: perSample) { sim in
                    let t = sim.time - runStart
                    if sim.isOnGrid(t, every: recordInterval) { trends.record(time: t, value) }
                }
            }
        }
        let criteria = BSM1Criteria(samples: samples, interval: interval, volumes: volumes,
                                    oxygenSaturation: plant.description.oxygenSaturation,
                                    sludgeMassChange: bsm1.sludgeMass - massAtStart)
        let flow = samples.reduce(0) { $0 + $1.effluent.flow }
        var states: [String: Double] = [:]
        for component in ASM1Component.allCases {
            states[component.description] = samples.reduce(0) { $0 + $1.effluent[component] * $1.effluent.flow } / flow
        }
        return BSM1CosimResult(criteria: criteria, effluentStates: states, trends: trends, steadyStateTime: steadyTime,
                               dynamicTime: ContinuousClock.now - dynamicStarted,
                               simulatedDays: Double(passes * influent.count) * interval, scans: cosim.scans,
                               unwiredOutputs: cosim.unwiredOutputs.sorted())
    }
}

/// What a BSM1 co-simulation produced.
public struct BSM1CosimResult: Sendable {
    public var criteria: BSM1Criteria
    /// Flow-weighted effluent average of each ASM1 state over the evaluation, g/m3.
    public var effluentStates: [String: Double]
    public var trends: Trends
    public var steadyStateTime: Duration, dynamicTime: Duration
    public var simulatedDays: Double
    public var scans: Int
    public var unwiredOutputs: [String]
}
