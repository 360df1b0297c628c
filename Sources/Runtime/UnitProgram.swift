import Config
import Control
import FieldIO
import Foundation
import HAL

/// The unit's control, built from its validated configuration and run by the `ScanEngine`:
/// each scan validates and conditions the inputs (calibration, maintenance holds), evaluates
/// interlocks and e-stops, runs every loop (outputs of a loop out of service or interlocked go
/// to their safe values, all of them under an e-stop), evaluates alarms, and puts the
/// output values (engineering units) in the scan frame for the bus pollers and GPIO to write.
public final class UnitProgram: ScanProgram {
    public typealias Command = UnitCommand
    public let control: ControlConfig
    let loops: [any LoopRunner]
    /// `loops` indices, outer loops before their inner ones (UnitProgram+Cascade.swift).
    let scanOrder: [Int]
    /// Per loop (by `loops` index): its outer and inner loop's indices and whether it has a remote
    /// setpoint, resolved once so the scan looks nothing up by name.
    let cascadeLinks: [CascadeLink]
    /// Why each loop's remote setpoint is held, by loop name, to log its coming and going once.
    var heldRemoteSetpoints: [String: String] = [:]
    var interlocks: [(config: InterlockConfig, block: Interlock, result: InterlockResult?)]
    var alarms: AlarmList
    /// Alarm ids by configured alarm name (`level_high` -> `level_high.hh`, ...).
    let alarmIDs: [String: [String]]
    /// Rate estimators of the `rate` alarms, by configured alarm name.
    var rates: [String: RateOfChange] = [:]
    var inputs: UnitInputs
    /// The outputs' frame slots, safe values and maximum ages.
    let outputs: UnitOutputs
    var time = 0.0
    /// Wall-clock UTC seconds, for calibration due dates only (control itself runs on `time`).
    let utcNow: @Sendable () -> Double
    var recentEvents: [AlarmEvent] = []
    var unitEvents: [UnitEvent] = []
    /// The e-stop tripped last scan, to log its coming and going once.
    var activeEStop: String?
    /// Conditions of the process itself (stalled bus, restart guard, ...), read every scan.
    let systemAlarms: SystemAlarms
    /// System alarm ids active last scan, to log their coming and going once.
    var activeSystemAlarms: Set<String> = []
    static let eventsKept = 50
    /// Relay autotunes by loop name, running or finished (UnitProgram+Autotune.swift).
    var autotunes: [String: AutotuneRun] = [:]

    /// `calibrations` (by instrument key) and `equipment` (run hours and starts, by equipment
    /// name) carry what a restart or reload would lose; `systemAlarms` are annunciated with the
    /// unit's own; `utcNow` is the wall clock for due dates. Throws `ControlParameterError` when a
    /// block refuses its parameters (the loader's ranges make this rare), `AlarmListError` for
    /// two alarms with one id.
    public init(control: ControlConfig, calibrations: [String: CalibrationRecord] = [:],
                equipment: [String: EquipmentCounter] = [:], systemAlarms: SystemAlarms = SystemAlarms(),
                utcNow: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) throws {
        self.control = control
        self.utcNow = utcNow
        self.systemAlarms = systemAlarms
        var loops: [any LoopRunner] = []
        for loop in control.loops {
            switch loop.kind {
            case .aeration(let aeration): loops.append(try AerationLoopRunner(loop, aeration, counters: equipment))
            case .ph(let ph): loops.append(try PHLoopRunner(loop, ph, counters: equipment))
            case .pid(let pid): loops.append(try PIDLoopRunner(loop, pid))
            }
        }
        self.loops = loops
        scanOrder = Self.scanOrder(loops)
        cascadeLinks = Self.cascadeLinks(loops)
        interlocks = control.interlocks.map { config in
            let conditions = config.permissives.map { InterlockCondition($0.text, .permissive) }
                + config.trips.map { InterlockCondition($0.text, .trip) }
            let definition = InterlockDefinition(name: config.name, conditions: conditions, latching: config.latching,
                                                 latchesOnUnknown: !config.estop)
            return (config, Interlock(definition: definition), nil)
        }
        var definitions: [AlarmDefinition] = []
        var ids: [String: [String]] = [:]
        for alarm in control.alarms {
            for definition in Self.definitions(alarm) {
                definitions.append(definition)
                ids[alarm.name, default: []].append(definition.id)
            }
            if case let .rate(_, _, _, window, _) = alarm.trigger { rates[alarm.name] = RateOfChange(window: window) }
        }
        for instrument in control.instruments where instrument.calibrationIntervalDays != nil {
            definitions.append(Self.calibrationDueDefinition(instrument))
        }
        definitions += systemAlarms.definitions
        alarmIDs = ids
        alarms = try AlarmList(definitions)
        var points = loops.flatMap(\.inputs)
        points += control.interlocks.flatMap { ($0.permissives + $0.trips).map(\.point) }
        points += control.alarms.flatMap(\.points)
        inputs = UnitInputs(points, conditioning: control.inputs, instruments: control.instruments,
                            calibrations: calibrations)
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
        for (key, hold) in inputs.expireHolds(at: time) {
            log(.holdExpired, key, "hold of \(key) at \(hold.value) ended after its maximum time", by: nil)
        }
        inputs.update(frame, now: time)
        var blocked: [String: String] = [:]
        var estop: String?
        for index in interlocks.indices {
            let config = interlocks[index].config
            let values = (config.permissives + config.trips).map { inputs.evaluate($0) }
            let result = interlocks[index].block.evaluate(values, at: time)
            interlocks[index].result = result
            guard result.tripped else { continue }
            if config.estop {
                estop = estop ?? config.name
            } else {
                for loop in config.loops where blocked[loop] == nil { blocked[loop] = "interlock \(config.name)" }
            }
        }
        noteEStop(estop)
        driveAutotunes(blocked: blocked, eStop: estop != nil, dt: dt)
        for index in scanOrder {
            let loop = loops[index]
            let reason = estop.map { "e-stop \($0)" } ?? blocked[loop.config.name]
            let link = cascadeLinks[index]
            if link.outer != nil || link.inner != nil { linkCascade(before: loop, link) }
            outputs.write(loop.scan(inputs, blockedBy: reason, dt: dt), into: &frame)
            if link.remote { noteRemoteSetpoint(after: loop) }
        }
        evaluateAlarms()
    }

    /// Logs an e-stop's coming and its reset.
    private func noteEStop(_ estop: String?) {
        guard estop != activeEStop else { return }
        if let estop {
            let reason = interlocks.first { $0.config.name == estop }?.result?.firstOut ?? "?"
            log(.estop, estop, "e-stop \(estop): \(reason); every output safe until the input clears and it is reset", by: nil)
        } else if let previous = activeEStop {
            log(.estopReset, previous, "e-stop \(previous) cleared: loops resume", by: nil)
        }
        activeEStop = estop
    }

    func log(_ kind: UnitEvent.Kind, _ subject: String, _ message: String, by user: String?) {
        unitEvents.append(UnitEvent(time: time, kind: kind, subject: subject, message: message, by: user))
        if unitEvents.count > Self.eventsKept { unitEvents.removeFirst(unitEvents.count - Self.eventsKept) }
    }

    public func snapshot() -> UnitSnapshot {
        UnitSnapshot(
            loops: loops.map { withCascade(withAutotune($0.status), $0) },
            alarms: alarms.alarms.map {
                AlarmStatus(id: $0.id, state: $0.state, priority: $0.definition.priority, message: $0.definition.message, value: $0.value,
                            shelvedMinutesLeft: $0.shelvedUntil.map { [time] until in (until - time) / 60 })
            },
            interlocks: interlocks.map { entry in
                let result = entry.result
                return InterlockStatus(name: entry.config.name, allowed: result?.allowed ?? true,
                                       reasons: result?.reasons.map { $0.condition + ($0.unknown ? " (unknown)" : "") } ?? [],
                                       firstOut: result?.firstOut, latched: result?.latched ?? false)
            },
            inputs: inputs.status, alarmEvents: recentEvents, estop: estopStatus,
            holds: inputs.holds.sorted { $0.key < $1.key }.map {
                HoldStatus(instrument: $0.key, value: $0.value.value, since: $0.value.since, until: $0.value.until, by: $0.value.by)
            },
            calibrations: calibrationStatus(at: utcNow()), events: unitEvents)
    }

    private var estopStatus: EStopStatus? {
        guard let activeEStop, let entry = interlocks.first(where: { $0.config.name == activeEStop }) else { return nil }
        return EStopStatus(name: activeEStop, reason: entry.result?.firstOut ?? "", awaitingReset: entry.result?.reasons.isEmpty ?? false)
    }

    func calibrationStatus(at now: Double) -> [CalibrationStatus] {
        control.instruments.compactMap { instrument in
            guard let kind = instrument.calibration else { return nil }
            let record = inputs.calibrations[instrument.name]
            let due = instrument.calibrationIntervalDays.flatMap { days in record?.due(intervalDays: days) }
            return CalibrationStatus(instrument: instrument.name, kind: kind.rawValue, record: record,
                                     intervalDays: instrument.calibrationIntervalDays, due: due, overdue: due.map { now >= $0 } ?? false)
        }
    }

    func loop(_ name: String) -> (any LoopRunner)? { loops.first { $0.config.name == name } }
}
