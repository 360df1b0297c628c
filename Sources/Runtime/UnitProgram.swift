import Config
import Control
import FieldIO
import HAL

/// The unit's control, built from its validated configuration and run by the `ScanEngine`:
/// each scan validates the inputs, evaluates interlocks, runs every loop (outputs of a loop
/// out of service or interlocked go to their safe values), evaluates alarms, and returns
/// the output values (engineering units) for the bus pollers and GPIO to write.
public final class UnitProgram: ScanProgram {
    public typealias Command = UnitCommand
    public let control: ControlConfig
    private let loops: [any LoopRunner]
    private var interlocks: [(config: InterlockConfig, block: Interlock, result: InterlockResult?)]
    private var alarms: AlarmList
    /// Alarm ids by configured alarm name (`level_high` -> `level_high.hh`, ...).
    private let alarmIDs: [String: [String]]
    private var inputs: UnitInputs
    private let outputs: UnitOutputs
    private var time = 0.0
    private var recentEvents: [AlarmEvent] = []
    private static let eventsKept = 50

    /// Throws `ControlParameterError` when a block refuses its parameters (the loader's ranges make
    /// this rare), `AlarmListError` for two alarms with one id.
    public init(control: ControlConfig) throws {
        self.control = control
        var loops: [any LoopRunner] = []
        for loop in control.loops {
            switch loop.kind {
            case .aeration(let aeration): loops.append(try AerationLoopRunner(loop, aeration))
            case .ph(let ph): loops.append(try PHLoopRunner(loop, ph))
            case .pid(let pid): loops.append(try PIDLoopRunner(loop, pid))
            }
        }
        self.loops = loops
        interlocks = control.interlocks.map { config in
            let conditions = config.permissives.map { InterlockCondition($0.text, .permissive) }
                + config.trips.map { InterlockCondition($0.text, .trip) }
            return (config, Interlock(definition: InterlockDefinition(name: config.name, conditions: conditions, latching: config.latching)), nil)
        }
        var definitions: [AlarmDefinition] = []
        var ids: [String: [String]] = [:]
        for alarm in control.alarms {
            for definition in Self.definitions(alarm) {
                definitions.append(definition)
                ids[alarm.name, default: []].append(definition.id)
            }
        }
        alarmIDs = ids
        alarms = try AlarmList(definitions)
        var points = loops.flatMap(\.inputs)
        points += control.interlocks.flatMap { ($0.permissives + $0.trips).map(\.point) }
        for alarm in control.alarms {
            switch alarm.trigger {
            case .analog(let point, _, _): points.append(point)
            case .digital(let condition): points.append(condition.point)
            }
        }
        inputs = UnitInputs(points, conditioning: control.inputs)
        outputs = UnitOutputs(safe: loops.reduce(into: [:]) { all, loop in all.merge(loop.safeOutputs) { a, _ in a } },
                              control: control)
    }

    public var inputKeys: [String] { inputs.imageKeys }

    public var outputGuards: [OutputGuard] { outputs.guards }

    /// Every output at its safe value, by image key: write these before the first scan and on stop.
    public var safeOutputs: [String: Double] {
        loops.reduce(into: [:]) { all, loop in all.merge(loop.safeOutputs) { a, _ in a } }
    }

    public func scan(_ frame: inout ScanFrame, time now: MonotonicInstant, dt: Double) {
        time = Double(now.nanoseconds) / 1e9
        inputs.update(frame, now: time)
        var blocked: [String: String] = [:]
        for index in interlocks.indices {
            let config = interlocks[index].config
            let values = (config.permissives + config.trips).map { inputs.evaluate($0) }
            let result = interlocks[index].block.evaluate(values, at: time)
            interlocks[index].result = result
            if result.tripped {
                for loop in config.loops where blocked[loop] == nil { blocked[loop] = config.name }
            }
        }
        for loop in loops {
            outputs.write(loop.scan(inputs, blockedBy: blocked[loop.config.name], dt: dt), into: &frame)
        }
        evaluateAlarms()
    }

    private func evaluateAlarms() {
        for alarm in control.alarms {
            switch alarm.trigger {
            case .analog(let point, _, _):
                let sample = inputs.sample(point)
                for id in alarmIDs[alarm.name] ?? [] { alarms.update(id, sample: sample, at: time) }
            case .digital(let condition):
                let sample = inputs.sample(condition.point)
                alarms.update(alarm.name, condition: inputs.evaluate(condition) ?? false,
                              value: sample.isUsable ? sample.value : nil, at: time)
            }
        }
        recentEvents += alarms.drainEvents()
        if recentEvents.count > Self.eventsKept { recentEvents.removeFirst(recentEvents.count - Self.eventsKept) }
    }

    public func snapshot() -> UnitSnapshot {
        UnitSnapshot(
            loops: loops.map(\.status),
            alarms: alarms.alarms.map {
                AlarmStatus(id: $0.id, state: $0.state, priority: $0.definition.priority, message: $0.definition.message, value: $0.value)
            },
            interlocks: interlocks.map { entry in
                let result = entry.result
                return InterlockStatus(name: entry.config.name, allowed: result?.allowed ?? true,
                                       reasons: result?.reasons.map { $0.condition + ($0.unknown ? " (unknown)" : "") } ?? [],
                                       firstOut: result?.firstOut, latched: result?.latched ?? false)
            },
            inputs: inputs.status, alarmEvents: recentEvents)
    }

    /// The alarm definitions of one configured alarm: one per analogue limit (`name.hh`), or one condition.
    static func definitions(_ alarm: AlarmConfig) -> [AlarmDefinition] {
        let priority: AlarmPriority = switch alarm.priority {
        case .critical: .critical
        case .high: .high
        case .medium: .medium
        case .low: .low
        }
        switch alarm.trigger {
        case let .analog(_, limits, deadband):
            return limits.map { limit, value in
                let kind: AlarmLimitKind = switch limit {
                case .hh: .highHigh
                case .h: .high
                case .l: .low
                case .ll: .lowLow
                }
                return AlarmDefinition(id: "\(alarm.name).\(limit.rawValue)", message: alarm.message, priority: priority,
                                       trigger: .limit(AlarmLimit(kind, value, deadband: deadband)), onDelay: alarm.onDelay,
                                       offDelay: alarm.offDelay, latching: alarm.latching)
            }
        case .digital:
            return [AlarmDefinition(id: alarm.name, message: alarm.message, priority: priority, onDelay: alarm.onDelay,
                                    offDelay: alarm.offDelay, latching: alarm.latching)]
        }
    }

    // MARK: Commands

    public func apply(_ command: UnitCommand, from source: CommandSource) -> CommandResult {
        guard source.role >= command.requiredRole else {
            return .rejected("\(source) (\(source.role)) may not \(command.action)")
        }
        switch command {
        case let .setSetpoint(name, value):
            guard let loop = loop(name) else { return unknownLoop(name) }
            let limits = loop.config.setpointLimits
            guard value.isFinite, limits.contains(value) else {
                return .rejected("setpoint \(value) of \(name) is outside \(limits.lowerBound)...\(limits.upperBound)")
            }
            loop.setpoint = value
            return .accepted("\(name) setpoint \(value)")
        case let .setMode(name, mode):
            guard let loop = loop(name) else { return unknownLoop(name) }
            loop.setMode(mode)
            return .accepted("\(name) mode \(mode.rawValue)")
        case let .setManualOutput(name, value):
            guard let loop = loop(name) else { return unknownLoop(name) }
            guard value.isFinite else { return .rejected("manual output of \(name) must be a number") }
            if let refusal = loop.setManualOutput(value) { return .rejected(refusal) }
            return .accepted("\(name) manual output \(value)")
        case .acknowledge(let name):
            return acknowledge(name, by: source.name)
        case let .shelve(name, minutes):
            guard let ids = alarmIDs[name] ?? alarmIDs.values.first(where: { $0.contains(name) }).map({ _ in [name] }) else {
                return .rejected("no alarm named \(name)")
            }
            do {
                for id in ids { try alarms.shelve(id, minutes: minutes, by: source.name, at: time) }
            } catch {
                return .rejected("cannot shelve \(name): \(error)")
            }
            return .accepted("\(name) shelved for \(minutes) min")
        case .resetInterlock(let name):
            guard let index = interlocks.firstIndex(where: { $0.config.name == name }) else {
                return .rejected("no interlock named \(name)")
            }
            do { try interlocks[index].block.reset() } catch { return .rejected("\(name): \(error)") }
            return .accepted("interlock \(name) reset")
        }
    }

    private func loop(_ name: String) -> (any LoopRunner)? { loops.first { $0.config.name == name } }
    private func unknownLoop(_ name: String) -> CommandResult { .rejected("no loop named \(name)") }

    private func acknowledge(_ name: String?, by user: String) -> CommandResult {
        guard let name else {
            let count = alarms.acknowledgeAll(by: user, at: time)
            return .accepted("\(count) alarm\(count == 1 ? "" : "s") acknowledged")
        }
        let ids = alarmIDs[name] ?? (alarms[name] != nil ? [name] : [])
        guard !ids.isEmpty else { return .rejected("no alarm named \(name)") }
        let pending = ids.filter { alarms[$0]?.state.needsAcknowledgement == true }
        guard !pending.isEmpty else { return .rejected("\(name) has nothing to acknowledge") }
        for id in pending { try? alarms.acknowledge(id, by: user, at: time) }
        return .accepted("\(pending.joined(separator: ", ")) acknowledged")
    }
}
