import Config
import FieldIO
import Foundation
import HAL
import Logging
import Plant
import Runtime

/// Floc's real unit program and scan engine stepped in lock-step with a plant on a manual
/// clock: every scan period the plant's signals become the field image (through the wiring and
/// the injected instrument faults), `ScanEngine.runCycle` scans the `UnitProgram` exactly as
/// `floc run` does, the outputs it leaves for the pollers command the plant, and the plant
/// advances one period. Deterministic; nothing sleeps.
public final class CoSimulation {
    public let unit: UnitConfig
    public let plant: any InstrumentedPlant
    public let wiring: PointWiring
    public let program: UnitProgram
    /// Scan period, s (the unit's `scan_period_ms`).
    public let period: Double
    /// Faults to inject; times in seconds since the start of the run. Replacing the list lets
    /// its plant faults be scheduled again (a long run hands over one day's faults at a time).
    public var faults: [InstrumentFault] = [] { didSet { plantFaultsApplied = [] } }
    /// Simulated seconds since the start.
    public private(set) var time: Double = 0
    public private(set) var scans = 0
    /// The outputs written by the last scan, by image key (engineering units).
    public private(set) var outputs: [String: Double]
    /// The program's state after the last scan.
    public private(set) var snapshot = UnitSnapshot()
    /// Written outputs that no binding takes to the plant (reported, not fatal).
    public private(set) var unwiredOutputs: Set<String> = []
    private let engine: ScanEngine<UnitProgram>
    /// The field image the scan reads, as the pollers would have left it (what telemetry samples).
    public let image = PointImage()
    /// The manual clock of the scan, advanced one period per step.
    public let clock = ManualClock(start: MonotonicInstant(nanoseconds: 1_000_000_000))
    private var frozen: [String: PointSample] = [:]
    private var plantFaultsApplied: Set<Int> = []
    /// The output values last sent to the plant.
    private var applied: [String: Double] = [:]

    /// Builds the program from the unit's control and writes the safe outputs to the plant, as
    /// `floc run` does before its first scan. Throws the program's parameter errors.
    public init(unit: UnitConfig, plant: any InstrumentedPlant, wiring: PointWiring) throws {
        self.unit = unit
        self.plant = plant
        self.wiring = wiring
        program = try UnitProgram(control: unit.control)
        period = unit.scanPeriod
        engine = ScanEngine(program: program, period: .nanoseconds(Int64((unit.scanPeriod * 1e9).rounded())), image: image,
                            clock: clock, logger: Logger(label: "floc.cosim", factory: { _ in SwiftLogNoOpLogHandler() }))
        for key in wiring.inputKeys {
            let device = unit.device(named: String(key.prefix { $0 != "." }))
            image.register(key, staleAfter: device.map { .milliseconds(Int64($0.staleAfter * 1000)) }, at: clock.now)
        }
        outputs = program.safeOutputs
        unwiredOutputs = Set(wiring.apply(outputs, to: plant))
        applied = outputs
    }

    /// Applies an operator command now (role engineer), through the program's own checks.
    @discardableResult
    public func command(_ command: UnitCommand) -> CommandResult {
        program.apply(command, from: CommandSource(name: "cosim", role: .engineer))
    }

    /// One scan at the present time, then the plant advances one period.
    public func step() {
        let now = clock.now
        applyPlantFaults()
        var samples = wiring.samples(from: plant, at: now)
        var dead: [String] = []
        for fault in faults where fault.isActive(at: time) && fault.kind != "plant" {
            for key in samples.keys where fault.covers(key) {
                switch fault.kind {
                case "dead": dead.append(key)
                case "frozen":
                    let held = frozen[key] ?? samples[key]!
                    frozen[key] = held
                    samples[key]!.value = held.value
                    samples[key]!.flags = held.flags
                default:
                    let hours = (time - fault.start_s) / 3600
                    samples[key]!.value += (fault.offset ?? 0) + (fault.drift_per_hour ?? 0) * hours
                }
            }
        }
        for key in frozen.keys where !faults.contains(where: { $0.kind == "frozen" && $0.isActive(at: time) && $0.covers(key) }) {
            frozen[key] = nil
        }
        for key in dead { samples[key] = nil }
        image.update(samples)
        if !dead.isEmpty { image.fail(dead, quality: .commFail, at: now) }
        engine.runCycle(deadline: now)
        snapshot = engine.snapshots.value?.program ?? program.snapshot()
        outputs = image.desired(Array(program.safeOutputs.keys))
        // Changed outputs only, as floc-sim serve turns written registers into commands: a held
        // control-word bit (fault reset) acts once, as on the drive, not again every scan.
        let changed = outputs.filter { applied[$0.key] != $0.value }
        if !changed.isEmpty {
            unwiredOutputs.formUnion(wiring.apply(changed, to: plant))
            applied.merge(changed) { _, new in new }
        }
        plant.advance(by: period)
        clock.advance(by: .nanoseconds(Int64((period * 1e9).rounded())))
        time += period
        scans += 1
    }

    /// Runs for `seconds` of simulated time, calling `afterScan` after each scan.
    public func run(seconds: Double, afterScan: ((CoSimulation) -> Void)? = nil) {
        let count = Int((seconds / period).rounded())
        for _ in 0..<count {
            step()
            afterScan?(self)
        }
    }

    /// Whether `t` (s) is within half a scan of a multiple of `interval`: for recording every `interval`.
    public func isOnGrid(_ t: Double, every interval: Double) -> Bool {
        let r = t.truncatingRemainder(dividingBy: interval)
        return r < period / 2 || interval - r <= period / 2
    }

    /// A value by name: `loop:<name>.sp|pv|output`, `alarm:<id>` (1 while annunciated), an
    /// output's image key, or a plant signal; nil when unknown.
    public func value(of name: String) -> Double? {
        if name.hasPrefix("loop:") {
            let parts = name.dropFirst(5).split(separator: ".").map(String.init)
            guard parts.count == 2, let loop = snapshot.loop(parts[0]) else { return nil }
            switch parts[1] {
            case "sp": return loop.setpoint
            case "pv": return loop.pv
            case "output": return loop.output
            default: return nil
            }
        }
        if name.hasPrefix("alarm:") {
            let id = String(name.dropFirst(6))
            let matching = snapshot.alarms.filter { $0.id == id || $0.id.hasPrefix(id + ".") }
            guard !matching.isEmpty else { return nil }
            return matching.contains { $0.state.isAnnunciated } ? 1 : 0
        }
        if let output = outputs[name] { return output }
        return plant.value(of: name)
    }

    /// Presets each generic PID loop's output to what the plant is commanded now, through
    /// manual and back to auto (bumpless), so a run from a steady state starts without a bump.
    public func presetLoopOutputs() {
        for loop in unit.control.loops {
            guard case .pid(let pid) = loop.kind, loop.mode == .auto, let binding = wiring.outputBinding(pid.output.imageKey),
                  let commanded = plant.value(of: binding.signal) else { continue }
            command(.setMode(loop: loop.name, mode: .manual))
            command(.setManualOutput(loop: loop.name, value: binding.pointValue(commanded)))
            step()
            command(.setMode(loop: loop.name, mode: .auto))
        }
    }

    private func applyPlantFaults() {
        guard let container = plant as? ContainerPlant else { return }
        for (index, fault) in faults.enumerated() where fault.kind == "plant" && !plantFaultsApplied.contains(index) {
            guard let name = fault.fault, time + period > fault.start_s else { continue }
            let base = container.time - time
            container.inject(fault: name, at: base + fault.start_s)
            if let end = fault.end_s { container.clear(fault: name, at: base + end) }
            plantFaultsApplied.insert(index)
        }
    }
}
