import Foundation
import Plant

/// The BSM1 dynamic protocol (Alex et al. 2008, section 4): steady state on constant influent
/// with ideal sensors and actuators, then the 14-day dynamic influent twice, evaluation of days
/// 7-14 of the second pass from 15-minute samples.
///
/// The influent is a zero-order hold of its 15-minute samples. Open loop integrates 15-minute
/// segments; closed loop runs the controllers every `controllerSampleTime` (1 min) with the
/// benchmark's sensor noise (one standard-normal sample per minute from the noise file).
public struct BSM1Protocol: Sendable {
    public enum Strategy: String, Sendable, CaseIterable {
        case openLoop = "open loop", closedLoop = "closed loop"
    }

    public var strategy: Strategy
    /// The 14-day dynamic influent (15-minute samples).
    public var influent: ZeroOrderHoldSeries
    /// The 1-minute noise sequences: column 0 for the DO sensor, column 1 for the nitrate sensor.
    public var noise: ZeroOrderHoldSeries?
    /// Steady-state influent.
    public var constantInfluent: PlantStream = .bsm1ConstantInfluent
    /// Times the dynamic file is run (the evaluation covers the second half of the last pass).
    public var passes = 2
    /// Controller sampling, in influent sample intervals divided: 15 scans per 15-minute sample = 1 min.
    public var scansPerInfluentSample = 15
    public var relativeTolerance = 1e-6, absoluteTolerance = 1e-6
    /// Accepted steps after which the reused Jacobian is refreshed.
    public var jacobianAge = 50
    /// Whether the integrator uses the plant's Jacobian structure (grouped differences, sparse LU);
    /// false runs the dense reference path (`RosenbrockIntegrator.usesDeclaredSparsity`).
    public var usesJacobianStructure = true

    public init(strategy: Strategy, influent: ZeroOrderHoldSeries, noise: ZeroOrderHoldSeries? = nil) {
        self.strategy = strategy
        self.influent = influent
        self.noise = noise
    }

    /// Runs the protocol. Throws integrator, steady-state or controller-parameter errors.
    public func run() throws -> BSM1Result {
        let started = ContinuousClock.now
        var plant = ActivatedSludgePlant(.bsm1OpenLoop, influent: constantInfluent)
        let openLoopSteady = try plant.steadyState(approachDays: 150).state
        let steadyElapsed = ContinuousClock.now - started
        let interval = influent.sampleInterval
        let samplesPerPass = influent.count
        let evaluationStart = samplesPerPass / 2
        var integrator = RosenbrockIntegrator(relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance,
                                              maximumSteps: 1_000_000, tableau: .ros34pw2,
                                              jacobianPolicy: .reuse(maximumAge: jacobianAge))
        integrator.usesDeclaredSparsity = usesJacobianStructure
        var passTimes: [PassTime] = []
        var samples: [EvaluationSample] = []
        var massAtStart = 0.0, massAtEnd = 0.0
        let dynamicStarted = ContinuousClock.now

        switch strategy {
        case .openLoop:
            var y = openLoopSteady
            for pass in 0..<passes {
                let clock = PassTime.Start()
                defer { passTimes.append(clock.elapsed()) }
                for k in 0..<samplesPerPass {
                    plant.influent = PlantStream(influentRow: influent.rows[k])
                    if pass == passes - 1 && k >= evaluationStart {
                        if k == evaluationStart { massAtStart = plant.sludgeMass(y) }
                        samples.append(plant.evaluationSample(y, time: Double(k) * interval))
                    }
                    try integrator.integrate(plant, state: &y, from: Double(k) * interval, to: Double(k + 1) * interval)
                }
            }
            massAtEnd = plant.sludgeMass(y)
        case .closedLoop:
            let search = SetpointSteadyState(plant: plant)
            let steady = try search.solve(approachDays: 50, from: openLoopSteady)
            var system = ControlledActivatedSludgePlant(plant: plant)
            var y = system.restingState(plantState: steady.state, kLa: steady.kLa, internalRecycle: steady.internalRecycle)
            var controllers = try BSM1Controllers(kLa: steady.kLa, internalRecycle: steady.internalRecycle)
            let scan = interval / Double(scansPerInfluentSample)
            let scanSeconds = scan * 86_400
            let oxygenReactor = system.plant.reactorOffset(system.aeratedReactor) + ASM1Component.SO.rawValue
            let nitrateReactor = system.plant.reactorOffset(system.anoxicReactor) + ASM1Component.SNO.rawValue
            for pass in 0..<passes {
                let clock = PassTime.Start()
                defer { passTimes.append(clock.elapsed()) }
                for k in 0..<samplesPerPass {
                    system.plant.influent = PlantStream(influentRow: influent.rows[k])
                    for j in 0..<scansPerInfluentSample {
                        let scanIndex = k * scansPerInfluentSample + j
                        let time = Double(scanIndex) * scan
                        if j == 0 && pass == passes - 1 && k >= evaluationStart {
                            let now = system.plantNow(y)
                            let plantState = system.plantState(y)
                            if k == evaluationStart { massAtStart = now.sludgeMass(plantState) }
                            samples.append(now.evaluationSample(plantState, time: time, controlErrors: [
                                controllers.oxygenSetpoint - y[oxygenReactor], controllers.nitrateSetpoint - y[nitrateReactor],
                            ]))
                        }
                        let noiseRow = noise.map { $0.rows[scanIndex % $0.count] } ?? [0, 0]
                        let commands = controllers.update(
                            oxygenReading: system.oxygenSensor.reading(filtered: system.oxygenSignal(y), noise: noiseRow[0]),
                            nitrateReading: system.nitrateSensor.reading(filtered: system.nitrateSignal(y), noise: noiseRow[1]),
                            time: Double(pass) * 14 * 86_400 + time * 86_400, dt: scanSeconds)
                        system.kLaCommand = commands.kLa
                        system.internalRecycleCommand = commands.internalRecycle
                        try integrator.integrate(system, state: &y, from: time, to: time + scan)
                    }
                }
            }
            massAtEnd = system.plantNow(y).sludgeMass(system.plantState(y))
        }
        let criteria = BSM1Criteria(samples: samples, interval: interval, volumes: plant.description.reactors.map(\.volume),
                                    oxygenSaturation: plant.description.oxygenSaturation,
                                    sludgeMassChange: massAtEnd - massAtStart)
        return BSM1Result(strategy: strategy, criteria: criteria, steadyStateTime: steadyElapsed,
                          dynamicTime: ContinuousClock.now - dynamicStarted, simulatedDays: Double(passes * samplesPerPass) * interval,
                          passTimes: passTimes, statistics: integrator.statistics)
    }
}

/// The outcome of a protocol run: criteria and what it cost.
public struct BSM1Result: Sendable {
    public var strategy: BSM1Protocol.Strategy
    public var criteria: BSM1Criteria
    /// Wall time of the steady state and of the dynamic passes.
    public var steadyStateTime: Duration, dynamicTime: Duration
    /// Simulated days of the dynamic passes.
    public var simulatedDays: Double
    /// Wall and processor time of each pass of the dynamic influent.
    public var passTimes: [PassTime]
    /// Work of the dynamic integration.
    public var statistics: IntegratorStatistics
}
