import Config
import Emulator
import Foundation
import Plant
import Runtime

/// A co-simulation of a given length: a plant file's plant, a wired unit, operator commands,
/// faults and expectations; records trends and per-loop figures. BSM1 starts at the steady
/// state its unit's setpoints give on constant influent; the container plant at its initial state.
public struct CosimRunner {
    public var plantFile: CosimPlantFile
    public var unit: WiredUnit
    /// Simulated seconds.
    public var duration: Double
    public var commands: [CosimScenario.Command] = []
    public var faults: [InstrumentFault] = []
    public var expectations: [ScenarioExpectation] = []
    /// Seconds between trend records.
    public var recordInterval = 60.0
    /// BSM1 only: dynamic influent (default constant) and sensor noise (default none).
    public var influent: ZeroOrderHoldSeries?
    public var noise: ZeroOrderHoldSeries?

    public init(plantFile: CosimPlantFile, unit: WiredUnit, duration: Double) {
        self.plantFile = plantFile
        self.unit = unit
        self.duration = duration
    }

    /// The runner a scenario describes; throws `ConfigErrors` for the plant file, the unit or the influent.
    public init(scenario: CosimScenario) throws(ConfigErrors) {
        let plantFile = try CosimPlantFile.load(scenario.resolve(scenario.scenario.plant))
        let unit = try ConfigLoader.loadUnit(at: scenario.resolve(scenario.scenario.unit), overrides: scenario.scenario.set ?? [])
        self.init(plantFile: plantFile, unit: WiredUnit(unit: unit, bindings: plantFile.bindings, bindingsFile: plantFile.path),
                  duration: scenario.duration)
        commands = scenario.commands ?? []
        faults = scenario.faults ?? []
        expectations = scenario.expect ?? []
        recordInterval = scenario.scenario.record_s ?? 60
        func series(_ file: String?, key: String) throws(ConfigErrors) -> ZeroOrderHoldSeries? {
            guard let file else { return nil }
            do { return try ZeroOrderHoldSeries(contentsOf: scenario.resolve(file)) } catch {
                throw ConfigErrors([ConfigError(file: scenario.path, line: 0, key: "scenario.\(key)", message: "\(error)")])
            }
        }
        influent = try series(scenario.scenario.influent, key: "influent")
        noise = try series(scenario.scenario.noise, key: "noise")
    }

    /// Builds the plant the file describes. Throws `ConfigErrors` for its description, or steady-state errors.
    public func makePlant() throws -> any InstrumentedPlant {
        switch plantFile.plant.model {
        case "bsm1":
            let plant = try BSM1InstrumentedPlant.steady(
                oxygenSetpoint: unit.loop(readingSignal: "reactor5.do")?.setpoint ?? 2,
                nitrateSetpoint: unit.loop(readingSignal: "reactor2.no3")?.setpoint ?? 1, tolerance: plantFile.plant.tolerance ?? 1e-6)
            plant.influent = influent
            plant.noise = noise
            return plant
        default:
            let description = try PlantModels.containerDescription(at: plantFile.resolve(plantFile.plant.file ?? ""))
            return ContainerPlant(description, seed: plantFile.plant.seed ?? 1)
        }
    }

    /// Runs. Throws plant, wiring or program errors.
    public func run() throws -> CosimRunResult {
        let started = ContinuousClock.now
        let plant = try makePlant()
        let cosim = try CoSimulation(unit: unit.unit, plant: plant, wiring: unit.wiring(for: plant))
        cosim.faults = faults
        if plant is BSM1InstrumentedPlant { cosim.presetLoopOutputs() }
        let start = cosim.time
        let faultWindows = Dictionary(faults.compactMap { f in f.name.map { ($0, (start: f.start_s, end: f.end_s ?? .infinity)) } },
                                      uniquingKeysWith: { a, _ in a })
        var checks = expectations.map { ExpectationCheck($0, faultWindow: $0.after_fault.flatMap { faultWindows[$0] }) }
        var trends = Trends(names: trendNames(plant))
        for signal in plant.signals { trends.units[signal.name] = signal.unit }
        var loopFigures = unit.unit.control.loops.map { LoopFigures(name: $0.name) }
        var pending = commands.sorted { $0.at_s < $1.at_s }
        let safe = cosim.program.safeOutputs
        trends.record(time: 0) { cosim.value(of: $0) }
        let scans = Int((duration / cosim.period).rounded())
        for _ in 0..<scans {
            let t = cosim.time - start
            while let next = pending.first, next.at_s <= t {
                pending.removeFirst()
                if let setpoint = next.setpoint { cosim.command(.setSetpoint(loop: next.loop, value: setpoint)) }
                if let mode = next.mode.flatMap(LoopMode.init) { cosim.command(.setMode(loop: next.loop, mode: mode)) }
            }
            cosim.step()
            for i in checks.indices { checks[i].observe(time: t, safeOutputs: safe) { cosim.value(of: $0) } }
            for i in loopFigures.indices {
                if let loop = cosim.snapshot.loop(loopFigures[i].name) { loopFigures[i].add(loop, dt: cosim.period) }
            }
            let after = cosim.time - start
            if cosim.isOnGrid(after, every: recordInterval) { trends.record(time: after) { cosim.value(of: $0) } }
        }
        return CosimRunResult(trends: trends, expectations: checks.map { ($0.expectation, $0.outcome.passed, $0.outcome.detail) },
                              loops: loopFigures, simulatedSeconds: cosim.time - start, scans: cosim.scans,
                              wallTime: ContinuousClock.now - started, unwiredOutputs: cosim.unwiredOutputs.sorted())
    }

    /// What the trends record: the model's key signals, every wired signal, each loop's faceplate.
    func trendNames(_ plant: any InstrumentedPlant) -> [String] {
        var names = plant is BSM1InstrumentedPlant ? BSM1CosimProtocol.trendNames.filter { $0 != "aeration_energy_kwh_d" }
            : ["basin.do", "basin.ph", "basin.nh4", "basin.no3", "basin.level", "blower1.speed", "blower1.airflow", "blower1.power",
               "blower1.energy", "blower1.fault", "dosing.acid_flow", "dosing.caustic_flow"]
        names += unit.bindings.values.map(\.signal).sorted()
        for loop in unit.unit.control.loops { names += ["sp", "pv", "output"].map { "loop:\(loop.name).\($0)" } }
        names += unit.unit.control.alarms.map { "alarm:\($0.name)" }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}

/// Per-loop figures of a run: integrated absolute error (PV units x h) and the mean output.
public struct LoopFigures: Sendable, Codable {
    public var name: String
    public var iae = 0.0
    public var hours = 0.0
    public var outputSum = 0.0

    mutating func add(_ loop: LoopStatus, dt: Double) {
        hours += dt / 3600
        outputSum += loop.output * dt / 3600
        if let pv = loop.pv { iae += abs(pv - loop.setpoint) * dt / 3600 }
    }

    public var meanAbsoluteError: Double { hours > 0 ? iae / hours : 0 }
    public var meanOutput: Double { hours > 0 ? outputSum / hours : 0 }
}

/// What a `CosimRunner` run produced.
public struct CosimRunResult: Sendable {
    public var trends: Trends
    public var expectations: [(expectation: ScenarioExpectation, passed: Bool, detail: String)]
    public var loops: [LoopFigures]
    public var simulatedSeconds: Double
    public var scans: Int
    public var wallTime: Duration
    public var unwiredOutputs: [String]

    public var passed: Bool { expectations.allSatisfy(\.passed) }
}
