import Config
import Control

/// Commands, applied at the start of a scan and each answered accepted or rejected with a reason.
extension UnitProgram {
    public func apply(_ command: UnitCommand, from source: CommandSource) -> CommandResult {
        guard source.role >= command.requiredRole else {
            return .rejected("\(source) (\(source.role)) may not \(command.action)")
        }
        switch command {
        case let .setSetpoint(name, value):
            guard let loop = loop(name) else { return unknownLoop(name) }
            if loop.mode == .cascade, source.role < .system, let from = loop.config.setpointSource {
                return .rejected("\(name) is in cascade: its setpoint comes from \(from); put it in auto to set it")
            }
            let limits = loop.config.setpointLimits
            guard value.isFinite, limits.contains(value) else {
                return .rejected("setpoint \(value) of \(name) is outside \(limits.lowerBound)...\(limits.upperBound)")
            }
            loop.setpoint = value
            return .accepted("\(name) setpoint \(value)")
        case let .setMode(name, mode):
            guard let loop = loop(name) else { return unknownLoop(name) }
            if let refusal = Self.cascadeRefusal(loop, mode) { return .rejected(refusal) }
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
            // A configured alarm's name (all its limits) or any one alarm id, system alarms included.
            guard let ids = alarmIDs[name] ?? (alarms[name] != nil ? [name] : nil) else {
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
            return .accepted("\(interlocks[index].config.estop ? "e-stop" : "interlock") \(name) reset")
        case let .handOffAuto(equipment, state):
            guard let loop = loops.first(where: { $0.equipmentNames.contains(equipment) }) else {
                let known = loops.flatMap(\.equipmentNames)
                return .rejected("no equipment named \(equipment)" + (known.isEmpty ? "" : " (known: \(known.joined(separator: ", ")))"))
            }
            loop.setHandOffAuto(equipment, state)
            log(.handOffAuto, equipment, "\(equipment) \(state.rawValue)", by: source.name)
            return .accepted("\(equipment) \(state.rawValue)")
        case let .hold(name, value):
            let instrument = inputs.instrumentKey(name) ?? name
            if let refusal = inputs.hold(instrument, value: value, by: source.name, at: time) { return .rejected(refusal) }
            let hold = inputs.holds[instrument]!
            let minutes = UnitConsoleBackend.number((hold.until - hold.since) / 60)
            log(.hold, instrument, "\(instrument) held at \(UnitConsoleBackend.number(hold.value)) for at most \(minutes) min",
                by: source.name)
            return .accepted("\(instrument) held at \(UnitConsoleBackend.number(hold.value)) (at most \(minutes) min)")
        case .release(let name):
            let instrument = inputs.instrumentKey(name) ?? name
            guard inputs.release(instrument) else { return .rejected("\(instrument) is not held") }
            log(.holdReleased, instrument, "\(instrument) released", by: source.name)
            return .accepted("\(instrument) released")
        case let .applyCalibration(name, record):
            let instrument = inputs.instrumentKey(name) ?? name
            if let refusal = inputs.applyCalibration(instrument, record) { return .rejected(refusal) }
            let text = "\(instrument) calibrated (\(record.kind.rawValue) slope \(UnitConsoleBackend.number(record.slope)), "
                + "offset \(UnitConsoleBackend.number(record.offset)), by \(record.by))"
            log(.calibration, instrument, text, by: source.name)
            return .accepted(text)
        case .startAutotune, .abortAutotune, .acceptAutotune:
            return applyAutotune(command, from: source)
        }
    }

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
