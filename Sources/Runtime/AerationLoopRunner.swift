import Config
import Control

/// An aeration loop: AerationCascade (single loop without an airflow meter) feeding
/// BlowerStaging, which starts, stops and clamps the blowers. In manual, out of service or
/// interlocked the cascade is told the blowers are held, so it tracks and returns without a bump.
/// A blower in hand runs at its hand speed and one in off is stopped, both left out of staging
/// (a standby takes over); an interlock or e-stop stops them all.
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
    /// Per blower, in configuration order: who drives it, its counters and its last speed (%).
    private var hoa: [HandOffAuto]
    private var counters: [EquipmentCounter]
    private var speeds: [Double]
    /// The remote DO setpoint of cascade mode (AmmoniaSetpointSource.swift).
    private(set) var ammonia: AmmoniaSetpointSource?
    /// Per blower: its drive last read tripped. A fault bit of bad quality keeps what it last
    /// said, and one never read counts as tripped: a drive is not started blind.
    private var tripped: [Bool]

    /// `counters` carries run hours and starts over a restart, by blower name; staging starts
    /// from them too, so the lead/lag order survives.
    init(_ config: LoopConfig, _ aeration: AerationLoopConfig, counters initial: [String: EquipmentCounter] = [:]) throws(ControlParameterError) {
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
        let counters = aeration.blowers.map { initial[$0.name] ?? EquipmentCounter() }
        cascade = try AerationCascade(settings: settings, speed: safe)
        staging = try BlowerStaging(settings: BlowerStagingSettings(
            blowers: aeration.blowers.map {
                .init(name: $0.name, minimumSpeed: $0.minimumSpeed, maximumSpeed: $0.maximumSpeed,
                      minimumRunTime: $0.minimumRunTime, minimumStopTime: $0.minimumStopTime)
            },
            startAbove: aeration.startAbove, startDelay: aeration.startDelay, stopBelow: aeration.stopBelow,
            stopDelay: aeration.stopDelay, minimumRunning: 1),
            records: counters.map { BlowerRecord(runSeconds: $0.runSeconds, starts: $0.starts) })
        manualOutput = config.manualOutput ?? safe
        demand = safe
        hoa = aeration.blowers.map { _ in .auto }
        self.counters = counters
        speeds = aeration.blowers.map(\.safeSpeed)
        if let config = aeration.ammonia { ammonia = try AmmoniaSetpointSource(config, initial: setpoint) }
        tripped = aeration.blowers.map { $0.fault != nil }
    }

    var inputs: [PointReference] {
        [aeration.dissolvedOxygen] + (aeration.airflow.map { [$0] } ?? [])
            + aeration.blowers.flatMap { [$0.running, $0.fault].compactMap { $0 } } + (aeration.ammonia.map { [$0.point] } ?? [])
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
        safeBecause = mode == .oos ? "out of service" : blockedBy ?? (pv == nil ? "waiting for a good DO" : nil)
        if var source = ammonia {
            setpoint = source.scan(inputs, following: mode == .cascade && safeBecause == nil, setpoint: setpoint, dt: dt)
            ammonia = source
        }
        let blowers = aeration.blowers
        let automatic = blowers.indices.filter { hoa[$0] == .auto }
        var loopCommands: [BlowerCommand]?
        if safeBecause != nil {
            let safe = blowers.map(\.safeSpeed).max() ?? 0
            // The blowers are held safe: the cascade follows them so it returns without a bump.
            cascade.update(setpoint: setpoint, dissolvedOxygen: dissolvedOxygen, airflow: airflow, actuator: .heldAt(speed: safe), dt: dt)
            demand = safe
        } else {
            for i in blowers.indices {
                if let fault = blowers[i].fault.map({ inputs.sample($0) }), fault.isUsable { tripped[i] = fault.value >= 0.5 }
            }
            let available = blowers.indices.map { i in hoa[i] == .auto && !tripped[i] }
            let feedbackStopped = automatic.allSatisfy { i in
                guard staging.records[i].running, let running = blowers[i].running else { return false }
                let sample = inputs.sample(running)
                return sample.isUsable && sample.value < 0.5
            }
            // No blower left to the loop (all in hand or off): the PID waits where it is.
            let actuator: AerationActuatorState = mode == .manual ? .heldAt(speed: manualOutput)
                : automatic.isEmpty ? .heldAt(speed: demand) : feedbackStopped ? .heldAt(speed: 0) : .following
            let info = cascade.update(setpoint: setpoint, dissolvedOxygen: dissolvedOxygen, airflow: airflow, actuator: actuator, dt: dt)
            demand = mode == .manual ? manualOutput : info.speed
            loopCommands = staging.update(demand: demand, available: available, dt: dt).commands
        }
        var outputs: [String: Double] = [:]
        for (i, blower) in blowers.enumerated() {
            let command: BlowerCommand = switch hoa[i] {
            case _ where blockedBy != nil: BlowerCommand(run: blower.safeSpeed > 0, speed: blower.safeSpeed)
            case .off: BlowerCommand(run: false, speed: 0)
            case .hand: BlowerCommand(run: true, speed: blower.handSpeedOrDefault)
            case .auto: loopCommands?[i] ?? BlowerCommand(run: blower.safeSpeed > 0, speed: blower.safeSpeed)
            }
            outputs[blower.speed.imageKey] = command.speed
            if let run = blower.run { outputs[run.imageKey] = command.run ? 1 : 0 }
            let feedback = blower.running.map { inputs.sample($0) }
            let running = feedback?.isUsable == true ? feedback!.value >= 0.5 : command.run && command.speed > 0
            counters[i].update(running: running, dt: dt)
            speeds[i] = command.speed
        }
        lastOutputs = outputs
        return outputs
    }

    var equipmentNames: [String] { aeration.blowers.map(\.name) }

    func setHandOffAuto(_ equipment: String, _ state: HandOffAuto) {
        guard let index = aeration.blowers.firstIndex(where: { $0.name == equipment }) else { return }
        hoa[index] = state
    }

    var status: LoopStatus {
        let info = cascade.info
        return LoopStatus(name: config.name, type: config.typeName, mode: mode, setpoint: setpoint, pv: pv, output: demand,
                          pvUnit: aeration.dissolvedOxygen.unit, outputUnit: "%", pid: info?.outer ?? info?.single,
                          safeBecause: safeBecause, outputs: lastOutputs,
                          equipment: aeration.blowers.indices.map { i in
                              EquipmentStatus(name: aeration.blowers[i].name, loop: config.name, kind: "blower", hoa: hoa[i],
                                              running: counters[i].running, output: speeds[i], runHours: counters[i].runHours,
                                              starts: counters[i].starts)
                          })
    }
}
