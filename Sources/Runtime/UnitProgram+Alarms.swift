import Config
import Control

/// Alarm evaluation: each configured kind turned into ISA-18.2 alarms, fed every scan.
///
/// An alarm whose input is on maintenance hold is frozen: it is fed its own present state,
/// so a held value neither raises a new alarm (a pending on-delay is dropped) nor clears one
/// standing; it takes up the real value again on release.
extension UnitProgram {
    func evaluateAlarms() {
        for alarm in control.alarms {
            let ids = alarmIDs[alarm.name] ?? []
            if alarm.points.contains(where: { inputs.holds[$0.key] != nil }) || deviationHeld(alarm) {
                for id in ids { freeze(id) }
                continue
            }
            switch alarm.trigger {
            case .analog(let point, _, _):
                let sample = inputs.sample(point)
                for id in ids { alarms.update(id, sample: sample, at: time) }
            case .digital(let condition), .fault(let condition, _):
                let sample = inputs.sample(condition.point)
                alarms.update(alarm.name, condition: inputs.evaluate(condition) ?? false,
                              value: sample.isUsable ? sample.value : nil, at: time)
            case .badQuality(let point):
                let sample = inputs.sample(point)
                alarms.update(alarm.name, condition: sample.quality == .bad, value: sample.value.isFinite ? sample.value : nil, at: time)
            case .deviation(let name, _, _, _):
                guard let loop = loop(name) else { continue }
                let status = loop.status
                let pv = loop.inputs.first.map { inputs.sample($0) } ?? Sample(value: .nan, quality: .bad, time: time)
                let deviation = Sample(value: pv.value - status.setpoint, quality: pv.quality, time: time)
                // ISA-18.2 suppression by design: a deviation means nothing while the loop is not regulating.
                let regulating = (status.mode == .auto || status.mode == .cascade) && status.safeBecause == nil
                for id in ids { alarms.update(id, sample: deviation, suppressedByDesign: !regulating, at: time) }
            case .rate(let point, _, _, _, _):
                let sample = inputs.sample(point)
                let rate = rates[alarm.name]?.update(sample)
                let value = Sample(value: rate ?? .nan, quality: rate == nil ? .bad : sample.quality, time: time)
                for id in ids { alarms.update(id, sample: value, at: time) }
            }
        }
        let now = utcNow()
        for status in calibrationStatus(at: now) where status.intervalDays != nil {
            alarms.update(Self.calibrationDueID(status.instrument), condition: status.overdue,
                          value: status.due.map { (now - $0) / 86_400 }, at: time)
        }
        evaluateSystemAlarms()
        recentEvents += alarms.drainEvents()
        if recentEvents.count > Self.eventsKept { recentEvents.removeFirst(recentEvents.count - Self.eventsKept) }
    }

    /// Feeds each system condition to its alarm and logs its coming and going as a unit event.
    private func evaluateSystemAlarms() {
        let conditions = systemAlarms.conditions
        for definition in systemAlarms.definitions {
            let id = definition.id
            let detail = conditions[id]
            alarms.update(id, condition: detail != nil, at: time)
            if let detail, !activeSystemAlarms.contains(id) {
                activeSystemAlarms.insert(id)
                log(.systemAlarm, id, "\(id): \(detail)", by: nil)
            } else if detail == nil, activeSystemAlarms.remove(id) != nil {
                log(.systemAlarmCleared, id, "\(id) cleared", by: nil)
            }
        }
    }

    private func deviationHeld(_ alarm: AlarmConfig) -> Bool {
        guard case .deviation(let name, _, _, _) = alarm.trigger, let pv = loop(name)?.inputs.first else { return false }
        return inputs.holds[pv.key] != nil
    }

    private func freeze(_ id: String) {
        guard let alarm = alarms[id] else { return }
        alarms.update(id, condition: alarm.isActive, value: alarm.value, at: time)
    }

    static func calibrationDueID(_ instrument: String) -> String { "\(instrument).calibration_due" }

    /// The overdue alarm of a calibrated instrument with an interval: low priority, value in days overdue.
    static func calibrationDueDefinition(_ instrument: InstrumentConfig) -> AlarmDefinition {
        AlarmDefinition(id: calibrationDueID(instrument.name),
                        message: "Calibration of \(instrument.name) overdue: calibrate it (every "
                            + "\(UnitConsoleBackend.number(instrument.calibrationIntervalDays ?? 0)) days)",
                        priority: .low)
    }

    /// The alarm definitions of one configured alarm: one per limit (`name.hh`, `name.high`,
    /// `name.rise`, ...), or one for a condition.
    /// The alarm ids one configured alarm makes (`level_high.hh`, `do_deviation.high`, `blower_fault`),
    /// for those that name alarms before the first scan (uplinks' births).
    public static func alarmIDs(of alarm: AlarmConfig) -> [String] { definitions(alarm).map(\.id) }

    static func definitions(_ alarm: AlarmConfig) -> [AlarmDefinition] {
        let priority: AlarmPriority = switch alarm.priority {
        case .critical: .critical
        case .high: .high
        case .medium: .medium
        case .low: .low
        }
        func limit(_ suffix: String, _ kind: AlarmLimitKind, _ value: Double, _ deadband: Double) -> AlarmDefinition {
            AlarmDefinition(id: "\(alarm.name).\(suffix)", message: alarm.message, priority: priority,
                            trigger: .limit(AlarmLimit(kind, value, deadband: deadband)), onDelay: alarm.onDelay,
                            offDelay: alarm.offDelay, latching: alarm.latching)
        }
        switch alarm.trigger {
        case let .analog(_, limits, deadband):
            return limits.map { name, value in
                let kind: AlarmLimitKind = switch name {
                case .hh: .highHigh
                case .h: .high
                case .l: .low
                case .ll: .lowLow
                }
                return limit(name.rawValue, kind, value, deadband)
            }
        case let .deviation(_, high, low, deadband):
            return (high.map { [limit("high", .high, $0, deadband)] } ?? []) + (low.map { [limit("low", .low, -$0, deadband)] } ?? [])
        case let .rate(_, rise, fall, _, deadband):
            return (rise.map { [limit("rise", .high, $0, deadband)] } ?? []) + (fall.map { [limit("fall", .low, -$0, deadband)] } ?? [])
        case .digital, .badQuality, .fault:
            return [AlarmDefinition(id: alarm.name, message: alarm.message, priority: priority, onDelay: alarm.onDelay,
                                    offDelay: alarm.offDelay, latching: alarm.latching)]
        }
    }
}

extension AlarmConfig {
    /// The points the alarm reads directly (a deviation alarm reads its loop's PV through the loop).
    var points: [PointReference] {
        switch trigger {
        case .analog(let point, _, _), .rate(let point, _, _, _, _), .badQuality(let point): [point]
        case .digital(let condition), .fault(let condition, _): [condition.point]
        case .deviation: []
        }
    }
}
