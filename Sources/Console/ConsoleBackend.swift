/// Kinds of named things in the unit, offered for completion and checked by commands.
public enum ConsoleNameKind: String, Sendable, CaseIterable {
    case loop, tag, alarm, equipment, instrument, device
}

/// What `show` can show.
public enum ConsoleShowTopic: String, Sendable, CaseIterable {
    case loop, tag, device, alarms, events, bus, calibration, config

    /// The kind of name `show <topic> <name>` takes, if any.
    public var nameKind: ConsoleNameKind? {
        switch self {
        case .loop: .loop
        case .tag: .tag
        case .device, .bus: .device
        case .calibration: .instrument
        case .alarms: .alarm
        case .events, .config: nil
        }
    }
}

/// Loop modes a console user may ask for.
public enum ConsoleLoopMode: String, Sendable, CaseIterable {
    case auto, manual, cascade, oos
}

/// Hand-off-auto selector of a piece of equipment.
public enum ConsoleHandOffAuto: String, Sendable, CaseIterable {
    case hand, off, auto
}

/// Instruments the guided calibration knows.
public enum ConsoleCalibrationKind: String, Sendable, CaseIterable {
    case ph, `do`
}

/// One step of a guided calibration: start it, record a buffer (or air/zero point) once the
/// reading is stable, ask where it stands, accept the result against limits, or cancel.
public enum ConsoleCalibrationStep: Sendable, Equatable {
    case start
    case point(Double)
    case status
    case accept
    case cancel
}

/// One step of a relay autotune: start it (relay amplitude in output units, or the default), see
/// where it stands, abort it, or apply the gains it proposes.
public enum ConsoleAutotuneStep: Sendable, Equatable {
    case start(amplitude: Double?)
    case status
    case abort
    case accept
}

/// A change asked for at the console. The backend submits it to the scan's command queue, where the
/// same role, range and mode checks apply as for any other source.
public enum ConsoleRequest: Sendable, Equatable {
    case setpoint(loop: String, value: Double)
    case mode(loop: String, ConsoleLoopMode)
    case output(loop: String, percent: Double)
    case handOffAuto(equipment: String, ConsoleHandOffAuto)
    /// nil: every unacknowledged alarm.
    case acknowledge(alarm: String?)
    case shelve(alarm: String, minutes: Int)
    case hold(instrument: String)
    case release(instrument: String)
    case calibrate(ConsoleCalibrationKind, instrument: String, ConsoleCalibrationStep)
    case probe(device: String)
    case autotune(loop: String, ConsoleAutotuneStep)
}

/// The answer to a `show` or a request: lines to print, why it was refused, or work left running
/// that the session polls (a calibration point waiting for a stable reading).
public enum ConsoleReply: Sendable, Equatable {
    case done([String])
    case refused(String)
    case pending(ConsolePendingWork)
}

/// The unit as the console sees it. Reads come from the latest published snapshot and never wait for
/// the scan; `perform` submits to the command queue and may wait (bounded) for the scan's answer, on
/// the console's own thread. Text from the backend is shown as is.
public protocol ConsoleBackend: Sendable {
    /// The unit's name, shown in the banner and prompt.
    var unitName: String { get }
    /// `status`: the unit summary (loops SP/PV/OUT/mode, alarms, I/O quality, uplinks, cycle stats).
    func statusLines() -> [String]
    /// `show <topic> [name]`.
    func show(_ topic: ConsoleShowTopic, name: String?) -> ConsoleReply
    /// Names of one kind, for completion and `watch`.
    func names(_ kind: ConsoleNameKind) -> [String]
    /// One `watch` frame: a line per tag (value, unit, quality).
    func watchLines(tags: [String]) -> [String]
    /// The latest `count` event-log lines, oldest first.
    func logLines(count: Int) -> [String]
    /// Submits a change on behalf of `user` and returns the program's answer.
    func perform(_ request: ConsoleRequest, by user: ConsoleUser) -> ConsoleReply
    /// `history <series> [minutes]`: min/avg/max and the latest values from the local historian.
    func history(_ series: String, minutes: Int) -> ConsoleReply
}

extension ConsoleBackend {
    public func history(_ series: String, minutes: Int) -> ConsoleReply { .refused("no history: the historian is off") }
}
