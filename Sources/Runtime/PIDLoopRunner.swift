import Config
import Control

/// A generic PID loop: one PV, one analogue output, auto/manual/cascade; out of service or
/// interlocked the output goes to its safe value and the PID tracks it. In cascade the setpoint
/// follows the outer loop's output (held while that is unavailable); an outer loop whose inner
/// does not follow it tracks the inner's setpoint, so cascade resumes without a step.
final class PIDLoopRunner: LoopRunner {
    let config: LoopConfig
    let loop: PIDLoopConfig
    private(set) var mode: LoopMode
    var setpoint: Double
    private var pid: PIDController
    private var pv: Double?
    private var safeBecause: String?
    private var lastOutput: Double
    /// Handed in by the program before each scan (UnitProgram+Cascade.swift).
    private var remote: RemoteSetpoint?
    private var inner: CascadeInner?
    private(set) var remoteHeld: String?
    private var pvUsable = false

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
        pid.setMode(new == .manual ? .manual : new == .cascade ? .cascade : .auto)
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
        pvUsable = sample.isUsable
        safeBecause = mode == .oos ? "out of service" : blockedBy
            ?? (pv == nil ? "waiting for a good PV" : nil)
        remoteHeld = nil
        if mode == .cascade, let remote {
            switch remote {
            case .value(let value):
                let limits = config.setpointLimits
                setpoint = min(max(value, limits.lowerBound), limits.upperBound)
            case .unavailable(let reason): remoteHeld = reason
            }
        }
        // While the inner does not take this output, or this loop cannot give one (the inner
        // then holds its setpoint), the output follows the inner's setpoint.
        if let inner, !inner.follows || safeBecause != nil || !sample.isUsable {
            pid.track(output: inner.setpoint)
        } else if safeBecause != nil {
            pid.track(output: loop.safeOutput)
        }
        let info = pid.update(setpoint: setpoint, pv: sample, dt: dt)
        lastOutput = safeBecause == nil ? info.output : loop.safeOutput
        return [loop.output.imageKey: lastOutput]
    }

    func receiveRemote(_ remote: RemoteSetpoint) { self.remote = remote }

    func followInner(_ inner: CascadeInner) { self.inner = inner }

    var remoteOutput: RemoteSetpoint {
        if let safeBecause { return .unavailable("\(config.name) \(safeBecause)") }
        if mode != .manual, !pvUsable { return .unavailable("\(config.name) PV bad") }
        return .value(lastOutput)
    }

    var modeDetail: String? {
        if let inner, !inner.follows {
            return "tracking the setpoint of \(inner.name) (" + (inner.safeBecause.map { "\(inner.name) safe: \($0)" }
                ?? "\(inner.name) in \(inner.mode.rawValue)") + ")"
        }
        guard mode == .cascade, let from = loop.setpointFrom else { return nil }
        return remoteHeld.map { "setpoint from \(from) held: \($0)" } ?? "setpoint from \(from)"
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
