import Config
import Control

/// A pH loop: PHDosingController (split range, gain schedule, dose budget), its permissives
/// from the unit's points. Out of service or interlocked, dosing is blocked as for no flow:
/// the pumps stop and the PID tracks 0 %, so it resumes without a bump. A pump in hand doses
/// at its hand rate (time-proportioned for an on/off pump), one in off is stopped.
final class PHLoopRunner: LoopRunner {
    let config: LoopConfig
    let ph: PHLoopConfig
    private(set) var mode: LoopMode
    var setpoint: Double
    private var controller: PHDosingController
    private var pv: Double?
    private var safeBecause: String?
    private var lastOutputs: [String: Double] = [:]
    /// Per side (acid, caustic): who drives the pump, its counters, its last output (% of
    /// capacity) and, for an on/off pump, the pulses it makes in hand.
    private var hoa: [HandOffAuto] = [.auto, .auto]
    private var counters: [EquipmentCounter]
    private var percents = [0.0, 0.0]
    private var handPulses: [TimeProportionedOutput?] = [nil, nil]

    /// `counters` carries run hours and starts over a restart, by pump name (`ph1.acid`).
    init(_ config: LoopConfig, _ ph: PHLoopConfig, counters initial: [String: EquipmentCounter] = [:]) throws(ControlParameterError) {
        self.config = config
        counters = Side.allCases.map { initial["\(config.name).\($0.name)"] ?? EquipmentCounter() }
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
        for side in Side.allCases {
            guard let doser = side.doser(ph), let cycle = doser.cycleTime else { continue }
            handPulses[side.rawValue] = try TimeProportionedOutput(settings: .init(cycleTime: cycle, minimumOnTime: doser.minimumOnTime))
        }
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
        safeBecause = mode == .oos ? "out of service" : blockedBy
        let flow = safeBecause == nil && ph.permissives.allSatisfy { inputs.evaluate($0) == true }
        func levelOK(_ doser: DoserConfig?) -> Bool { doser?.permissives.allSatisfy { inputs.evaluate($0) == true } ?? true }
        // A pump in hand or off is out of the loop's reach: the controller sees it as faulted and
        // holds its PID rather than push into it, so it returns to auto without a bump.
        func pumpOK(_ side: Side) -> PumpPermissives {
            PumpPermissives(chemicalLevelOK: levelOK(side.doser(ph)), pumpHealthy: hoa[side.rawValue] == .auto)
        }
        let info = controller.update(setpoint: setpoint, pH: sample,
                                     permissives: DosingPermissives(processFlow: flow, acid: pumpOK(.acid), caustic: pumpOK(.caustic)),
                                     dt: dt)
        var outputs = safeOutputs
        for side in Side.allCases {
            guard let doser = side.doser(ph) else { continue }
            var value = 0.0
            var percent = 0.0
            switch hoa[side.rawValue] {
            case .off:
                break
            case .hand:
                // Still stopped by the interlocks and e-stop, and by the pump's own permissives (chemical level).
                let allowed = blockedBy == nil && levelOK(doser)
                percent = allowed ? doser.handOutput : 0
                if doser.cycleTime == nil {
                    value = percent
                } else {
                    value = handPulses[side.rawValue]?.update(duty: percent / 100, inhibit: !allowed, dt: dt) == true ? 1 : 0
                }
            case .auto:
                guard let pump = side == .acid ? info.acid : info.caustic else { continue }
                percent = pump.blocks.isEmpty ? pump.demand * 100 : 0
                value = switch pump.command {
                case .speed(let percent): percent
                case .relay(let on): on ? 1 : 0
                case .pulses(_, let pulse): pulse ? 1 : 0
                }
            }
            outputs[doser.output.imageKey] = value
            counters[side.rawValue].update(running: percent > 0, dt: dt)
            percents[side.rawValue] = percent
        }
        lastOutputs = outputs
        return outputs
    }

    /// The two sides of the split range, as indices into the per-pump arrays.
    enum Side: Int, CaseIterable {
        case acid, caustic

        func doser(_ ph: PHLoopConfig) -> DoserConfig? { self == .acid ? ph.acid : ph.caustic }
        var name: String { self == .acid ? "acid" : "caustic" }
    }

    var equipmentNames: [String] { Side.allCases.filter { $0.doser(ph) != nil }.map { "\(config.name).\($0.name)" } }

    func setHandOffAuto(_ equipment: String, _ state: HandOffAuto) {
        guard let side = Side.allCases.first(where: { "\(config.name).\($0.name)" == equipment }) else { return }
        hoa[side.rawValue] = state
    }

    var status: LoopStatus {
        LoopStatus(name: config.name, type: config.typeName, mode: mode, setpoint: setpoint, pv: pv,
                   output: controller.info?.pid.output ?? 0, pvUnit: "pH", outputUnit: "%", pid: controller.info?.pid,
                   safeBecause: safeBecause, outputs: lastOutputs,
                   equipment: Side.allCases.filter { $0.doser(ph) != nil }.map { side in
                       let i = side.rawValue
                       return EquipmentStatus(name: "\(config.name).\(side.name)", loop: config.name, kind: "pump", hoa: hoa[i],
                                              running: counters[i].running, output: percents[i], runHours: counters[i].runHours,
                                              starts: counters[i].starts)
                   })
    }
}
