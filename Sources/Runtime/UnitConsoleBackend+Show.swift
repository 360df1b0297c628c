import Config
import Console
import Control
import FieldIO
import Foundation
import HAL

/// `status` and `show`: text from the latest snapshot, the point image and the pollers' statistics.
extension UnitConsoleBackend {
    public func statusLines() -> [String] {
        var lines = ["unit \(unit.name) (board \(unit.board.id))"]
        if let snapshot {
            lines += Self.estopLines(snapshot.program)
            lines += snapshot.program.loops.map(Self.loopLine)
            lines += snapshot.program.equipment.filter { $0.hoa != .auto }.map(Self.equipmentLine)
            lines += snapshot.program.holds.map(Self.holdLine)
            let active = snapshot.program.annunciated
            lines.append(active.isEmpty ? "alarms: none" : "alarms: \(active.count)")
            lines += active.map { "  \($0.id) \($0.priority) \($0.state)\($0.message.isEmpty ? "" : ": " + $0.message)" }
            for interlock in snapshot.program.interlocks where !interlock.allowed {
                lines.append("interlock \(interlock.name): tripped (\(interlock.reasons.joined(separator: ", ")))")
            }
        } else {
            lines.append(engine == nil ? "control: none configured" : "control: no scan yet")
        }
        let samples = image.snapshot(at: clock.now)
        for device in unit.devices {
            lines.append("io \(device.name): " + qualityCounts(device, samples))
        }
        lines += pollers.map(busLine)
        if let stats = snapshot?.statistics {
            lines.append("scan: \(stats.cycles) cycles, \(stats.overruns) overruns, max lateness "
                + String(format: "%.1f ms", stats.maxLateness.seconds * 1000))
        }
        return lines
    }

    public func show(_ topic: ConsoleShowTopic, name: String?) -> ConsoleReply {
        switch topic {
        case .loop: showLoop(name)
        case .tag: showTag(name)
        case .device: showDevice(name)
        case .alarms: showAlarms(name)
        case .events: .done(logLines(count: 50))
        case .bus: showBus(name)
        case .config: .done(configLines())
        case .calibration: showCalibration(name)
        }
    }

    static func loopLine(_ loop: LoopStatus) -> String {
        let pv = loop.pv.map { "\(number($0)) \(loop.pvUnit)" } ?? "-"
        var line = "loop \(loop.name) \(loop.mode.rawValue) sp \(number(loop.setpoint)) \(loop.pvUnit) pv \(pv) "
            + "out \(number(loop.output)) \(loop.outputUnit)"
        if let reason = loop.safeBecause { line += " (safe: \(reason))" }
        if let detail = loop.modeDetail { line += " [\(detail)]" }
        return line
    }

    private func showLoop(_ name: String?) -> ConsoleReply {
        guard let snapshot else { return .refused("no loops: \(engine == nil ? "none configured" : "no scan yet")") }
        guard let name else { return .done(snapshot.program.loops.map(Self.loopLine)) }
        guard let loop = snapshot.program.loop(name) else { return .refused("no loop named \(name)") }
        var lines = [Self.loopLine(loop), "  type \(loop.type)"]
        if let pid = loop.pid {
            lines.append("  pid target \(Self.number(pid.target)) error \(Self.number(pid.error)) p \(Self.number(pid.p)) "
                + "i \(Self.number(pid.i)) d \(Self.number(pid.d)) output \(Self.number(pid.output))"
                + (pid.pvBad ? " (pv bad)" : ""))
        }
        lines += loop.outputs.sorted { $0.key < $1.key }.map { "  output \($0.key) = \(Self.number($0.value))" }
        lines += loop.equipment.map { "  " + Self.equipmentLine($0) }
        if let autotune = loop.autotune { lines.append("  autotune \(autotune)") }
        return .done(lines)
    }

    private func showTag(_ name: String?) -> ConsoleReply {
        let tags = name.map { [$0] } ?? names(.tag)
        if let name, image.sample(name) == nil { return .refused("no tag named \(name)") }
        let now = clock.now
        let samples = image.snapshot(at: now)
        return .done(tags.compactMap { tag in
            guard let sample = samples[tag] else { return nil }
            let age = sample.quality == .notYetRead ? "-" : String(format: "%.1f s", (now - sample.time).seconds)
            return "\(tag) \(Self.number(sample.value)) \(unitOf(tag)) \(sample.quality) age \(age)"
        })
    }

    private func showDevice(_ name: String?) -> ConsoleReply {
        let devices = unit.devices.filter { name == nil || $0.name == name }
        if let name, devices.isEmpty { return .refused("no device named \(name)") }
        let samples = image.snapshot(at: clock.now)
        var lines: [String] = []
        for device in devices {
            let stats = pollers.first { $0.bus == device.bus }?.statistics.devices[device.name]
            lines.append("device \(device.name): \(device.profile.id) on \(device.bus) address \(device.address)")
            lines.append("  io " + qualityCounts(device, samples))
            if let stats {
                lines.append("  \(stats.requests) requests, \(stats.failures) failures, \(stats.exceptions) exceptions"
                    + (stats.lastError.map { ", last error: \($0)" } ?? ""))
            }
        }
        return .done(lines)
    }

    private func showAlarms(_ name: String?) -> ConsoleReply {
        guard let snapshot else { return .done(["alarms: none configured"]) }
        let alarms = snapshot.program.alarms.filter { name == nil || $0.id == name || $0.id.hasPrefix(name! + ".") }
        if let name, alarms.isEmpty { return .refused("no alarm named \(name)") }
        guard !alarms.isEmpty else { return .done(["alarms: none configured"]) }
        return .done(alarms.map { alarm in
            "\(alarm.id) \(alarm.priority) \(alarm.state)" + (alarm.value.map { " value \(Self.number($0))" } ?? "")
                + (alarm.message.isEmpty ? "" : ": \(alarm.message)")
        })
    }

    private func showBus(_ name: String?) -> ConsoleReply {
        let selected = pollers.filter { name == nil || $0.bus == name }
        if let name, selected.isEmpty { return .refused("no polled bus named \(name)") }
        return .done(selected.isEmpty ? ["no polled buses"] : selected.map(busLine))
    }

    private func configLines() -> [String] {
        var lines = ["unit \(unit.name), board \(unit.board.id) (\(unit.board.model)), scan every "
            + "\(Self.number(unit.scanPeriod * 1000)) ms"]
        lines += unit.buses.map { "bus \($0.name): \($0.transport)" }
        lines += unit.devices.map { "device \($0.name): \($0.profile.id) on \($0.bus) address \($0.address)" }
        lines += unit.control.loops.map { loop in
            "loop \(loop.name): setpoint limits \(Self.number(loop.setpointLimits.lowerBound))..."
                + "\(Self.number(loop.setpointLimits.upperBound))"
        }
        lines += unit.control.alarms.map { "alarm \($0.name)" }
        lines += unit.control.interlocks.map { "interlock \($0.name)" }
        return lines
    }

    private func busLine(_ poller: BusPoller) -> String {
        let stats = poller.statistics
        let failures = stats.devices.values.reduce(0) { $0 + $1.failures }
        return "bus \(poller.bus): \(stats.connected ? "connected" : "down"), \(stats.requestsSent) requests, "
            + "\(failures) failures, \(stats.reconnects) reconnects"
    }

    /// `3 good, 1 comm-fail` over the device's polled points.
    private func qualityCounts(_ device: DeviceConfig, _ samples: [String: PointSample]) -> String {
        var counts: [String: Int] = [:]
        for spec in device.profile.points where spec.access.canRead && spec.poll != .never {
            guard let sample = samples[PointImage.key(device: device.name, point: spec.name)] else { continue }
            counts["\(sample.quality)", default: 0] += 1
        }
        guard !counts.isEmpty else { return "no polled points" }
        return counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}
