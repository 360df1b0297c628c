import Config
import Control

/// A generic PID loop: one PV, one analogue output, auto/manual; out of service or
/// interlocked the output goes to its safe value and the PID tracks it.
final class PIDLoopRunner: LoopRunner {
    let config: LoopConfig
    let loop: PIDLoopConfig
    private(set) var mode: LoopMode
    var setpoint: Double
    private var pid: PIDController
    private var pv: Double?
    private var safeBecause: String?
    private var lastOutput: Double

    init(_ config: LoopConfig, _ loop: PIDLoopConfig) throws(ControlParameterError) {
        self.config = config
        self.loop = loop
        mode = config.mode
        setpoint = config.setpoint
        let badPV = BadPVPolicy(action: loop.badPVOutput.map { .substitute($0) } ?? .holdLast, delay: loop.badPVDelay)
        pid = try PIDController(parameters: loop.pid.parameters(action: loop.direct ? .direct : .reverse,
                                                                setpointLimits: config.setpointLimits, badPV: badPV),
                                mode: config.mode == .manual ? .manual : .auto, output: loop.safeOutput)
        if let manual = config.manualOutput { pid.manualOutput = manual }
        lastOutput = loop.safeOutput
    }

    var inputs: [PointReference] { [loop.pv] }
    var safeOutputs: [String: Double] { [loop.output.imageKey: loop.safeOutput] }

    func setMode(_ new: LoopMode) {
        mode = new
        pid.setMode(new == .manual ? .manual : .auto)
    }

    func setManualOutput(_ value: Double) -> String? {
        guard mode == .manual else { return "\(config.name) is in \(mode.rawValue), not manual" }
        let limits = loop.pid.outputLimits
        guard limits.contains(value) else { return "output \(value) is outside \(limits.lowerBound)...\(limits.upperBound)" }
        pid.manualOutput = value
        return nil
    }

    func scan(_ inputs: UnitInputs, blockedBy: String?, dt: Double) -> [String: Double] {
        let sample = inputs.sample(loop.pv)
        if sample.isUsable { pv = sample.value }
        safeBecause = mode == .oos ? "out of service" : blockedBy
            ?? (pv == nil ? "waiting for a good PV" : nil)
        if safeBecause != nil { pid.track(output: loop.safeOutput) }
        let info = pid.update(setpoint: setpoint, pv: sample, dt: dt)
        lastOutput = safeBecause == nil ? info.output : loop.safeOutput
        return [loop.output.imageKey: lastOutput]
    }

    /// Replaces the PID gains (autotune); bumpless. Returns a refusal, or nil when applied.
    func setGains(_ gains: PIDGains) -> String? {
        var parameters = pid.parameters
        parameters.gains = gains
        do { try pid.setParameters(parameters) } catch { return "\(error)" }
        return nil
    }

    var status: LoopStatus {
        LoopStatus(name: config.name, type: config.typeName, mode: mode, setpoint: setpoint, pv: pv, output: lastOutput,
                   pvUnit: loop.pv.unit, outputUnit: loop.output.unit, pid: pid.info, safeBecause: safeBecause,
                   outputs: [loop.output.imageKey: lastOutput])
    }
}
