import Config
import Control

/// An aeration loop: AerationCascade (single loop without an airflow meter) feeding
/// BlowerStaging, which starts, stops and clamps the blowers. In manual, out of service or
/// interlocked the cascade is told the blowers are held, so it tracks and returns without a bump.
final class AerationLoopRunner: LoopRunner {
    let config: LoopConfig
    let aeration: AerationLoopConfig
    private(set) var mode: LoopMode
    var setpoint: Double
    private var cascade: AerationCascade
    private var staging: BlowerStaging
    private var manualOutput: Double
    /// The common speed demand last sent to staging, %.
    private var demand: Double
    private var pv: Double?
    private var safeBecause: String?
    private var lastOutputs: [String: Double] = [:]

    init(_ config: LoopConfig, _ aeration: AerationLoopConfig) throws(ControlParameterError) {
        self.config = config
        self.aeration = aeration
        mode = config.mode
        setpoint = config.setpoint
        let badDO = BadPVPolicy(action: aeration.badDOSpeed.map { .substitute($0) } ?? .holdLast, delay: aeration.badDODelay)
        let settings = if let inner = aeration.inner {
            AerationSettings(structure: .cascade,
                             outer: aeration.outer.parameters(setpointLimits: config.setpointLimits),
                             inner: inner.parameters(setpointLimits: -1e9...1e9),
                             single: PIDParameters(gains: PIDGains(gain: 25, integralTime: 600), outputLimits: inner.outputLimits,
                                                   setpointLimits: config.setpointLimits, badPV: badDO))
        } else {
            AerationSettings(structure: .singleLoop,
                             single: aeration.outer.parameters(setpointLimits: config.setpointLimits, badPV: badDO))
        }
        let safe = aeration.blowers.map(\.safeSpeed).max() ?? 0
        cascade = try AerationCascade(settings: settings, speed: safe)
        staging = try BlowerStaging(settings: BlowerStagingSettings(
            blowers: aeration.blowers.map {
                .init(name: $0.name, minimumSpeed: $0.minimumSpeed, maximumSpeed: $0.maximumSpeed,
                      minimumRunTime: $0.minimumRunTime, minimumStopTime: $0.minimumStopTime)
            },
            startAbove: aeration.startAbove, startDelay: aeration.startDelay, stopBelow: aeration.stopBelow,
            stopDelay: aeration.stopDelay, minimumRunning: 1))
        manualOutput = config.manualOutput ?? safe
        demand = safe
    }

    var inputs: [PointReference] {
        [aeration.dissolvedOxygen] + (aeration.airflow.map { [$0] } ?? [])
            + aeration.blowers.flatMap { [$0.running, $0.fault].compactMap { $0 } }
    }

    var safeOutputs: [String: Double] {
        var outputs: [String: Double] = [:]
        for blower in aeration.blowers {
            outputs[blower.speed.imageKey] = blower.safeSpeed
            if let run = blower.run { outputs[run.imageKey] = blower.safeSpeed > 0 ? 1 : 0 }
        }
        return outputs
    }

    func setMode(_ new: LoopMode) {
        if new == .manual, mode != .manual { manualOutput = demand }
        mode = new
    }

    func setManualOutput(_ value: Double) -> String? {
        guard mode == .manual else { return "\(config.name) is in \(mode.rawValue), not manual" }
        guard (0...100).contains(value) else { return "speed \(value) % is outside 0...100 %" }
        manualOutput = value
        return nil
    }

    func scan(_ inputs: UnitInputs, blockedBy: String?, dt: Double) -> [String: Double] {
        let dissolvedOxygen = inputs.sample(aeration.dissolvedOxygen)
        let airflow = aeration.airflow.map { inputs.sample($0) } ?? Sample(value: .nan, quality: .bad, time: dissolvedOxygen.time)
        if dissolvedOxygen.isUsable { pv = dissolvedOxygen.value }
        safeBecause = mode == .oos ? "out of service" : blockedBy.map { "interlock \($0)" }
            ?? (pv == nil ? "waiting for a good DO" : nil)
        if safeBecause != nil {
            let safe = aeration.blowers.map(\.safeSpeed).max() ?? 0
            // The blowers are held safe: the cascade follows them so it returns without a bump.
            cascade.update(setpoint: setpoint, dissolvedOxygen: dissolvedOxygen, airflow: airflow, actuator: .heldAt(speed: safe), dt: dt)
            demand = safe
            lastOutputs = safeOutputs
            return lastOutputs
        }
        let available = aeration.blowers.map { blower in
            blower.fault.map { inputs.sample($0) }.map { !($0.isUsable && $0.value >= 0.5) } ?? true
        }
        let feedbackStopped = aeration.blowers.indices.allSatisfy { i in
            guard staging.records[i].running, let running = aeration.blowers[i].running else { return false }
            let sample = inputs.sample(running)
            return sample.isUsable && sample.value < 0.5
        }
        let actuator: AerationActuatorState = mode == .manual ? .heldAt(speed: manualOutput)
            : feedbackStopped ? .heldAt(speed: 0) : .following
        let info = cascade.update(setpoint: setpoint, dissolvedOxygen: dissolvedOxygen, airflow: airflow, actuator: actuator, dt: dt)
        demand = mode == .manual ? manualOutput : info.speed
        let commands = staging.update(demand: demand, available: available, dt: dt).commands
        var outputs: [String: Double] = [:]
        for (blower, command) in zip(aeration.blowers, commands) {
            outputs[blower.speed.imageKey] = command.speed
            if let run = blower.run { outputs[run.imageKey] = command.run ? 1 : 0 }
        }
        lastOutputs = outputs
        return outputs
    }

    var status: LoopStatus {
        let info = cascade.info
        return LoopStatus(name: config.name, type: config.typeName, mode: mode, setpoint: setpoint, pv: pv, output: demand,
                          pvUnit: aeration.dissolvedOxygen.unit, outputUnit: "%", pid: info?.outer ?? info?.single,
                          safeBecause: safeBecause, outputs: lastOutputs)
    }
}
