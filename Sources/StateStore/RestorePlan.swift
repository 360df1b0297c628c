import Config
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
            if status.mode == .auto {
                laterSteps.append(Step(command: .setMode(loop: name, mode: .auto), item: "\(name) mode"))
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
