import Config
import Control

/// A pH loop: PHDosingController (split range, gain schedule, dose budget), its permissives
/// from the unit's points. Out of service or interlocked, dosing is blocked as for no flow:
/// the pumps stop and the PID tracks 0 %, so it resumes without a bump.
final class PHLoopRunner: LoopRunner {
    let config: LoopConfig
    let ph: PHLoopConfig
    private(set) var mode: LoopMode
    var setpoint: Double
    private var controller: PHDosingController
    private var pv: Double?
    private var safeBecause: String?
    private var lastOutputs: [String: Double] = [:]

    init(_ config: LoopConfig, _ ph: PHLoopConfig) throws(ControlParameterError) {
        self.config = config
        self.ph = ph
        mode = config.mode
        setpoint = config.setpoint
        let schedule = ph.schedule.isEmpty ? nil : try GainSchedule(source: .processVariable, points: ph.schedule.map {
            .init(at: $0.ph, gains: PIDGains(gain: $0.gain, integralTime: ph.pid.integralTime, derivativeTime: ph.pid.derivativeTime))
        })
        func pump(_ doser: DoserConfig?) -> DosingPumpSettings? {
            doser.map { doser in
                DosingPumpSettings(
                    output: doser.cycleTime.map { .timeProportioned(.init(cycleTime: $0, minimumOnTime: doser.minimumOnTime)) } ?? .speed,
                    capacity: doser.capacity, maximumPerHour: doser.maximumPerHour.map { .volume(litresPerHour: $0) })
            }
        }
        controller = try PHDosingController(
            settings: PHDosingSettings(pid: ph.pid.parameters(setpointLimits: config.setpointLimits), schedule: schedule,
                                       deadZone: ph.deadZone, acid: pump(ph.acid), caustic: pump(ph.caustic)),
            mode: config.mode == .manual ? .manual : .auto)
        if let manual = config.manualOutput { controller.manualOutput = manual }
    }

    private var dosers: [DoserConfig] { [ph.acid, ph.caustic].compactMap { $0 } }

    var inputs: [PointReference] {
        [ph.ph] + (ph.permissives + dosers.flatMap(\.permissives)).map(\.point)
    }

    var safeOutputs: [String: Double] {
        Dictionary(uniqueKeysWithValues: dosers.map { ($0.output.imageKey, 0.0) })
    }

    func setMode(_ new: LoopMode) {
        mode = new
        controller.setMode(new == .manual ? .manual : .auto)
    }

    func setManualOutput(_ value: Double) -> String? {
        guard mode == .manual else { return "\(config.name) is in \(mode.rawValue), not manual" }
        guard (-100...100).contains(value) else { return "split-range output \(value) % is outside -100...100 %" }
        controller.manualOutput = value
        return nil
    }

    func scan(_ inputs: UnitInputs, blockedBy: String?, dt: Double) -> [String: Double] {
        let sample = inputs.sample(ph.ph)
        if sample.isUsable { pv = sample.value }
        safeBecause = mode == .oos ? "out of service" : blockedBy.map { "interlock \($0)" }
        let flow = safeBecause == nil && ph.permissives.allSatisfy { inputs.evaluate($0) == true }
        func pumpOK(_ doser: DoserConfig?) -> PumpPermissives {
            PumpPermissives(chemicalLevelOK: doser?.permissives.allSatisfy { inputs.evaluate($0) == true } ?? true)
        }
        let info = controller.update(setpoint: setpoint, pH: sample,
                                     permissives: DosingPermissives(processFlow: flow, acid: pumpOK(ph.acid), caustic: pumpOK(ph.caustic)),
                                     dt: dt)
        var outputs = safeOutputs
        for (doser, pump) in [(ph.acid, info.acid), (ph.caustic, info.caustic)] {
            guard let doser, let pump else { continue }
            outputs[doser.output.imageKey] = switch pump.command {
            case .speed(let percent): percent
            case .relay(let on): on ? 1 : 0
            case .pulses(_, let pulse): pulse ? 1 : 0
            }
        }
        lastOutputs = outputs
        return outputs
    }

    var status: LoopStatus {
        LoopStatus(name: config.name, type: config.typeName, mode: mode, setpoint: setpoint, pv: pv,
                   output: controller.info?.pid.output ?? 0, pvUnit: "pH", outputUnit: "%", pid: controller.info?.pid,
                   safeBecause: safeBecause, outputs: lastOutputs)
    }
}
