import Config
import Control
import Runtime

/// The commands that bring saved state back, chosen by the `[retain]` policies: submitted
/// from the source `restore` before the first scan, so they pass the same checks as an
/// operator's (a setpoint outside new limits is refused and the unit file's value stays).
public struct RestorePlan: Sendable {
    /// One command and the item it restores (`aeration1 setpoint`), for the log.
    public struct Step: Sendable, Equatable {
        public var command: UnitCommand
        public var item: String
    }

    public var steps: [Step] = []
    /// Submitted once `steps` were answered and a scan has run with them (a loop returning to
    /// auto after one scan in manual at its old output, so the PID starts from that output).
    public var laterSteps: [Step] = []
    /// Items deliberately not restored, with why (policy, changed loop, gone from the unit).
    public var skipped: [String] = []
    /// Alarms acknowledged when saved: acknowledged again by `restore` if they return soon.
    public var acknowledgements: Set<String> = []
    /// Run hours and starts by equipment name, and calibrations by instrument key: not commands
    /// but start values of the program (`UnitProgram(control:calibrations:equipment:)`), so no
    /// command source, whatever its role, can set a run-hours meter.
    public var equipment: [String: EquipmentCounter] = [:]
    public var calibrations: [String: CalibrationRecord] = [:]

    /// Nothing to restore.
    public init() {}

    /// - Parameter now: wall-clock seconds since 1970 (shelves end at a wall-clock time).
    public init(saved: RetainedState, control: ControlConfig, policy: RetainConfig, now: Double) {
        for (name, loop) in saved.loops.sorted(by: { $0.key < $1.key }) {
            guard let config = control.loops.first(where: { $0.name == name }) else {
                skipped.append("loop \(name): no longer in the unit")
                continue
            }
            if loop.fingerprint != ConfigFingerprint.loop(config), policy.changedLoops == .default {
                skipped.append("loop \(name): its definition changed, starting from the unit file ([retain] changed_loops = \"default\")")
                continue
            }
            plan(loop, name, policy)
        }
        for (id, alarm) in saved.alarms.sorted(by: { $0.key < $1.key }) {
            if let until = alarm.shelvedUntil {
                let minutes = (until - now) / 60
                if policy.alarmShelves == .default {
                    skipped.append("alarm \(id): shelve not restored ([retain] alarm_shelves = \"default\")")
                } else if minutes > 0 {
                    steps.append(Step(command: .shelve(alarm: id, minutes: minutes), item: "\(id) shelve"))
                } else {
                    skipped.append("alarm \(id): its shelve ended while stopped")
                }
            }
            if alarm.acknowledged {
                if policy.alarmAcknowledgements == .restore {
                    acknowledgements.insert(id)
                } else {
                    skipped.append("alarm \(id): acknowledgement not restored ([retain] alarm_acknowledgements = \"default\")")
                }
            }
        }
        planStartValues(saved, control, policy)
    }

    private mutating func planStartValues(_ saved: RetainedState, _ control: ControlConfig, _ policy: RetainConfig) {
        let names = Set(control.equipmentNames)
        for (name, counter) in saved.equipment.sorted(by: { $0.key < $1.key }) {
            if policy.equipment == .default {
                skipped.append("\(name): run hours and starts not restored ([retain] equipment = \"default\")")
            } else if !names.contains(name) {
                skipped.append("\(name): no longer in the unit")
            } else if counter.runSeconds.isFinite, counter.runSeconds >= 0, counter.starts >= 0 {
                equipment[name] = EquipmentCounter(runSeconds: counter.runSeconds, starts: counter.starts)
            } else {
                skipped.append("\(name): saved counters are not valid")
            }
        }
        for (key, record) in saved.calibrations.sorted(by: { $0.key < $1.key }) {
            let kind = control.instruments.first { $0.name == key }?.calibration?.rawValue
            if policy.calibrations == .default {
                skipped.append("\(key): calibration not restored ([retain] calibrations = \"default\")")
            } else if kind != record.kind.rawValue {
                skipped.append("\(key): no longer calibrated as \(record.kind.rawValue) in the unit; calibration not restored")
            } else {
                calibrations[key] = record
            }
        }
    }

    private mutating func plan(_ loop: RetainedLoop, _ name: String, _ policy: RetainConfig) {
        if policy.setpoints == .restore {
            steps.append(Step(command: .setSetpoint(loop: name, value: loop.setpoint), item: "\(name) setpoint"))
        }
        guard let mode = LoopMode(rawValue: loop.mode) else {
            skipped.append("loop \(name): unknown saved mode '\(loop.mode)'")
            return
        }
        if policy.modes == .restore {
            steps.append(Step(command: .setMode(loop: name, mode: mode), item: "\(name) mode"))
        }
        if let output = loop.manualOutput, mode == .manual {
            if policy.manualOutputs == .restore, policy.modes == .restore {
                steps.append(Step(command: .setManualOutput(loop: name, value: output), item: "\(name) manual output"))
            } else {
                skipped.append("loop \(name): manual output \(output) not restored ([retain] manual_outputs = \"default\")")
            }
        }
    }
}

extension RestorePlan {
    /// The plan that carries a running program's state into a rebuilt one (SIGHUP reload):
    /// setpoints, modes, shelves and acknowledgements. A loop in auto runs one scan in manual
    /// at its present output so the new PID starts from it (bumpless); a loop gone is skipped.
    public init(carryingOver snapshot: UnitSnapshot, into control: ControlConfig) {
        for status in snapshot.equipment {
            equipment[status.name] = EquipmentCounter(runSeconds: status.runHours * 3600, starts: status.starts)
        }
        for status in snapshot.calibrations {
            if let record = status.record { calibrations[status.instrument] = record }
        }
        for status in snapshot.loops {
            let name = status.name
            guard control.loops.contains(where: { $0.name == name }) else {
                skipped.append("loop \(name): no longer in the unit")
                continue
            }
            steps.append(Step(command: .setSetpoint(loop: name, value: status.setpoint), item: "\(name) setpoint"))
            if status.mode == .oos {
                steps.append(Step(command: .setMode(loop: name, mode: .oos), item: "\(name) mode"))
                continue
            }
            steps.append(Step(command: .setMode(loop: name, mode: .manual), item: "\(name) mode"))
            steps.append(Step(command: .setManualOutput(loop: name, value: status.output), item: "\(name) output"))
            if status.mode == .auto || status.mode == .cascade {
                // Cascade too: one scan in manual lets the outer loop track this one's setpoint first.
                laterSteps.append(Step(command: .setMode(loop: name, mode: status.mode), item: "\(name) mode"))
            }
        }
        for alarm in snapshot.alarms {
            if let minutes = alarm.shelvedMinutesLeft, minutes > 0 {
                steps.append(Step(command: .shelve(alarm: alarm.id, minutes: minutes), item: "\(alarm.id) shelve"))
            }
            if alarm.state == .acknowledged { acknowledgements.insert(alarm.id) }
        }
    }
}

extension ControlConfig {
    /// Every blower (`blower1`) and dosing pump (`ph1.acid`), as hand-off-auto names them.
    var equipmentNames: [String] {
        loops.flatMap { loop -> [String] in
            switch loop.kind {
            case .aeration(let aeration): aeration.blowers.map(\.name)
            case .ph(let ph): [ph.acid.map { _ in "\(loop.name).acid" }, ph.caustic.map { _ in "\(loop.name).caustic" }].compactMap { $0 }
            case .pid: []
            }
        }
    }
}
