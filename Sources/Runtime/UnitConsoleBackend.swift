import Config
import Console
import Control
import FieldIO
import Foundation
import HAL

/// The running unit as the technician's console sees it: reads come from the point image, the
/// pollers' statistics and the scan's latest snapshot (never waiting for the scan); changes go to the
/// scan's command queue as `console:<user>` and wait, bounded, for the scan's answer.
public final class UnitConsoleBackend: ConsoleBackend {
    public let unit: UnitConfig
    let image: PointImage
    let clock: any MonotonicClock
    let engine: ScanEngine<UnitProgram>?
    let pollers: [BusPoller]
    /// Longest wait for the scan's answer to a change, in seconds.
    public let commandTimeout: Double
    /// Guided calibrations under way, by instrument.
    public let calibrations = CalibrationProcedures()
    /// Answers `history <series> <minutes>` with lines, or throws an error that says why (nil: the
    /// historian is off). Given by `floc run`, which owns the history database: Runtime stays free of disk I/O.
    public let historyLines: (@Sendable (_ series: String, _ minutes: Int) throws -> [String])?

    /// `engine` is nil when the unit has no control sections (changes are then refused).
    public init(unit: UnitConfig, image: PointImage, clock: any MonotonicClock, engine: ScanEngine<UnitProgram>?,
                pollers: [BusPoller], commandTimeout: Double = 2,
                historyLines: (@Sendable (_ series: String, _ minutes: Int) throws -> [String])? = nil) {
        self.unit = unit
        self.image = image
        self.clock = clock
        self.engine = engine
        self.pollers = pollers
        self.commandTimeout = commandTimeout
        self.historyLines = historyLines
    }

    public var unitName: String { unit.name }

    var snapshot: ScanSnapshot<UnitSnapshot>? { engine?.snapshots.value }

    public func names(_ kind: ConsoleNameKind) -> [String] {
        switch kind {
        case .loop: unit.control.loops.map(\.name)
        case .tag: image.snapshot(at: clock.now).keys.sorted()
        case .alarm: unit.control.alarms.map(\.name) + (snapshot?.program.alarms.map(\.id) ?? []).filter { $0.contains(".") }
        case .device: unit.devices.map(\.name)
        case .instrument: unit.devices.map(\.name) + unit.control.instruments.map(\.name)
        case .equipment: snapshot?.program.equipment.map(\.name) ?? []
        }
    }

    public func watchLines(tags: [String]) -> [String] {
        let now = clock.now
        let samples = image.snapshot(at: now)
        return tags.map { tag in
            guard let sample = samples[tag] else { return "\(tag): no such tag" }
            return "\(tag) \(Self.number(sample.value)) \(unitOf(tag)) \(sample.quality)".replacingOccurrences(of: "  ", with: " ")
        }
    }

    /// The latest `count` alarm transitions and unit events (hand-off-auto, holds, e-stop,
    /// calibrations, system alarms), merged oldest first.
    public func logLines(count: Int) -> [String] {
        guard let unit = snapshot?.program else { return ["no events (the unit has no control sections)"] }
        let lines = Self.eventLog(unit)
        guard !lines.isEmpty else { return ["no events yet"] }
        return lines.suffix(count).map(\.text)
    }

    /// Alarm transitions and unit events in time order; at one time, unit events first (an
    /// e-stop is logged before the alarms it causes in the same scan).
    static func eventLog(_ unit: UnitSnapshot) -> [(time: Double, text: String)] {
        let merged = unit.events.map { (time: $0.time, order: 0, text: describe($0)) }
            + unit.alarmEvents.map { (time: $0.time, order: 1, text: describe($0)) }
        return merged.enumerated().sorted { a, b in
            (a.element.time, a.element.order, a.offset) < (b.element.time, b.element.order, b.offset)
        }.map { (time: $0.element.time, text: $0.element.text) }
    }

    public func perform(_ request: ConsoleRequest, by user: ConsoleUser) -> ConsoleReply {
        if let reply = performGuided(request, by: user) { return reply }
        let command: UnitCommand
        switch Self.command(for: request) {
        case .success(let mapped): command = mapped
        case .failure(let refusal): return .refused(refusal.reason)
        }
        return submit(command, by: user)
    }

    /// Submits `command` as `console:<user>` and waits (bounded) for the scan's answer, then for the
    /// snapshot that shows it.
    func submit(_ command: UnitCommand, by user: ConsoleUser) -> ConsoleReply {
        guard let engine else { return .refused("the unit has no control sections: nothing to change") }
        let source = CommandSource(name: "console:\(user.name)", role: Self.role(user.role))
        let ticket = engine.commands.submit(command, from: source)
        guard let result = ticket.wait(timeout: commandTimeout) else {
            return .refused("no answer from the scan within \(Self.number(commandTimeout)) s; the change may still be applied")
        }
        switch result {
        case .accepted(let message):
            awaitNextSnapshot(engine)
            return .done([message])
        case .rejected(let reason):
            return .refused(reason)
        }
    }

    /// Why a request cannot become a `UnitCommand`.
    struct Unsupported: Error {
        var reason: String
    }

    /// The scan command for a console request; requests the unit program does not handle yet are refused.
    static func command(for request: ConsoleRequest) -> Result<UnitCommand, Unsupported> {
        switch request {
        case let .setpoint(loop, value): return .success(.setSetpoint(loop: loop, value: value))
        case let .mode(loop, mode):
            switch mode {
            case .auto: return .success(.setMode(loop: loop, mode: .auto))
            case .manual: return .success(.setMode(loop: loop, mode: .manual))
            case .oos: return .success(.setMode(loop: loop, mode: .oos))
            case .cascade: return .success(.setMode(loop: loop, mode: .cascade))
            }
        case let .output(loop, percent): return .success(.setManualOutput(loop: loop, value: percent))
        case .acknowledge(let alarm): return .success(.acknowledge(alarm: alarm))
        case let .shelve(alarm, minutes): return .success(.shelve(alarm: alarm, minutes: Double(minutes)))
        case let .handOffAuto(equipment, state):
            let mapped: HandOffAuto = switch state {
            case .hand: .hand
            case .off: .off
            case .auto: .auto
            }
            return .success(.handOffAuto(equipment: equipment, state: mapped))
        case .hold(let instrument): return .success(.hold(instrument: instrument, value: nil))
        case .release(let instrument): return .success(.release(instrument: instrument))
        case .calibrate, .probe, .autotune:
            // Several steps each, not one command: `performGuided` answers them before this mapping.
            return .failure(Unsupported(reason: "not a single scan command"))
        }
    }

    static func role(_ role: ConsoleRole) -> CommandSource.Role {
        switch role {
        case .viewer: .viewer
        case .operator: .operator_
        case .technician: .technician
        case .engineer: .engineer
        }
    }

    /// The answer comes at the start of a scan and the snapshot at its end: waiting for it (at most
    /// two periods) lets a `show` right after a change show the change.
    private func awaitNextSnapshot(_ engine: ScanEngine<UnitProgram>) {
        let seen = engine.snapshots.value?.cycle ?? 0
        let deadline = clock.now + engine.period * 2
        while (engine.snapshots.value?.cycle ?? 0) <= seen, clock.now < deadline {
            clock.sleep(until: min(deadline, clock.now + .milliseconds(5)))
        }
    }

    /// The unit of a point key (`do1.oxygen` -> `mg/L`), empty when unknown.
    func unitOf(_ key: String) -> String {
        for device in unit.devices where key.hasPrefix(device.name + ".") {
            let point = key.dropFirst(device.name.count + 1)
            return device.profile.points.first { $0.name == point }?.unit ?? ""
        }
        return ""
    }

    /// Compact decimal: `2`, `2.5`, `35.12`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == value.rounded(), abs(value) < 1e9 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }

    static func describe(_ event: UnitEvent) -> String {
        String(format: "%.1f s ", event.time) + "\(event.kind.rawValue) \(event.message)" + (event.by.map { " by \($0)" } ?? "")
    }

    static func describe(_ event: AlarmEvent) -> String {
        var text = String(format: "%.1f s ", event.time) + "\(event.alarmID) \(event.from) -> \(event.to) (\(event.cause))"
        if let value = event.value { text += " value \(number(value))" }
        if let by = event.by { text += " by \(by)" }
        return text
    }
}
