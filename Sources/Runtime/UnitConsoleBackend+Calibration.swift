import Config
import Console
import Control
import FieldIO
import Foundation
import HAL

/// `calibrate ph|do <instrument> start|point|status|accept|cancel`: a guided calibration per
/// instrument. Points are taken from the point image by the console session's own polling (the scan
/// never waits); the accepted result goes to the scan through the command queue like any change.
extension UnitConsoleBackend {
    /// Requests answered here rather than by one scan command; nil for every other request.
    func performGuided(_ request: ConsoleRequest, by user: ConsoleUser) -> ConsoleReply? {
        switch request {
        case let .calibrate(kind, instrument, step): calibrate(kind, instrument, step, by: user)
        case .probe(let device): probe(device)
        case let .autotune(loop, step): autotune(loop, step, by: user)
        default: nil
        }
    }

    func calibrate(_ kind: ConsoleCalibrationKind, _ instrument: String, _ step: ConsoleCalibrationStep,
                   by user: ConsoleUser) -> ConsoleReply {
        guard let device = unit.devices.first(where: { $0.name == instrument }) else {
            return .refused("no instrument named \(instrument)")
        }
        if step == .start { return startCalibration(kind, device, by: user) }
        guard let procedure = calibrations.procedure(instrument), procedure.kind == kind else {
            return .refused("no \(kind.rawValue) calibration of \(instrument) under way: "
                + "start one with `calibrate \(kind.rawValue) \(instrument) start`")
        }
        guard procedure.owner == user.name || user.role >= .engineer else {
            return .refused("\(instrument) is being calibrated by \(procedure.owner)")
        }
        switch step {
        case .start:
            return startCalibration(kind, device, by: user)
        case .point(let value):
            let now = Self.seconds(clock.now)
            if let refusal = calibrations.update(instrument, { $0.beginPoint(value, at: now) }) ?? "calibration ended" {
                return .refused(refusal)
            }
            return .pending(ConsolePendingWork(CalibrationPointTask(backend: self, instrument: instrument)))
        case .status:
            return .done(procedure.statusLines)
        case .accept:
            return acceptCalibration(procedure, by: user)
        case .cancel:
            calibrations.end(instrument)
            return .done(["\(instrument): calibration cancelled; the previous calibration stays"] + release(procedure, by: user))
        }
    }

    private func startCalibration(_ kind: ConsoleCalibrationKind, _ device: DeviceConfig,
                                  by user: ConsoleUser) -> ConsoleReply {
        let name = device.name
        let fits = switch kind {
        case .ph: [.ph, .phOrp].contains(device.profile.kind)
        case .do: device.profile.kind == .dissolvedOxygen
        }
        guard fits else { return .refused("\(name) is a \(device.profile.kind.rawValue) device, not a \(kind.rawValue) probe") }
        let points = device.profile.points.filter { $0.access.canRead }
        let raw = switch kind {
        case .ph: points.first { $0.name == "ph_mv" } ?? points.first { $0.unit == "mV" && $0.name.contains("ph") }
        case .do: points.first { $0.unit == "mg/L" }
        }
        guard let raw else {
            return .refused("\(name)'s profile \(device.profile.id) has no raw \(kind == .ph ? "electrode potential (mV)" : "mg/L") point")
        }
        if let other = calibrations.procedure(name), other.owner != user.name, user.role < .engineer {
            return .refused("\(name) is being calibrated by \(other.owner)")
        }
        let temperature = points.first { $0.unit == "degC" }
        // The value the calibration corrects: the probe's own pH (computed with an ideal electrode), or its mg/L.
        let calibrated = PointImage.key(device: name, point: (kind == .ph ? points.first { $0.unit == "pH" } ?? raw : raw).name)
        // Loops, interlocks and alarms reading the probe keep its last good value while it sits in buffers.
        let held = controlReads(calibrated)
        if held, let refusal = hold(calibrated, by: user) { return .refused(refusal) }
        var procedure = CalibrationProcedure(
            kind: kind, instrument: name, owner: user.name, rawKey: PointImage.key(device: name, point: raw.name),
            temperatureKey: temperature.map { PointImage.key(device: name, point: $0.name) }, calibratedKey: calibrated)
        procedure.held = held
        calibrations.begin(procedure)
        var lines = ["\(name): \(kind.rawValue) calibration started" + (held ? " (\(calibrated) held)" : "")]
        switch kind {
        case .ph:
            lines.append("Put the probe in the first buffer, then: calibrate ph \(name) point <buffer pH, e.g. 7.00>")
        case .do:
            lines.append("Probe in zero solution (optional): calibrate do \(name) point 0")
            lines.append("Probe in air: calibrate do \(name) point <barometric pressure, kPa, e.g. 101.3>")
        }
        return .done(lines)
    }

    private func acceptCalibration(_ procedure: CalibrationProcedure, by user: ConsoleUser) -> ConsoleReply {
        let name = procedure.instrument
        let outcome: CalibrationProcedure.Outcome
        switch procedure.outcome {
        case .success(let computed): outcome = computed
        case .failure(let missing): return .refused("\(name): \(missing.reason)")
        }
        let summary = CalibrationProcedure.summary(outcome)
        guard outcome.rejections.isEmpty else {
            return .refused("\(name): not stored, \(summary); the previous calibration stays")
        }
        let record = procedure.record(outcome, by: user.name, time: Date().timeIntervalSince1970)
        guard let command = Self.calibrationCommand(instrument: procedure.calibratedKey, record) else {
            return .refused("\(name): \(summary), but storing calibrations is not available in this version of Floc")
        }
        switch submit(command, by: user) {
        case .done(let lines):
            calibrations.end(name)
            return .done(["\(name): calibration stored, \(summary)"] + lines + release(procedure, by: user))
        case let other:
            return other
        }
    }

    /// The scan command that stores an accepted calibration; nil while the unit program cannot store one.
    static func calibrationCommand(instrument: String, _ record: CalibrationRecord) -> UnitCommand? {
        .applyCalibration(instrument: instrument, record: record)
    }

    /// Whether the scan's control reads `key` (so that a hold means something).
    func controlReads(_ key: String) -> Bool {
        snapshot?.program.inputs.contains { $0.key == key } ?? false
    }

    /// Holds `key` at its last good value; returns why not, if refused.
    private func hold(_ key: String, by user: ConsoleUser) -> String? {
        if case .refused(let reason) = submit(.hold(instrument: key, value: nil), by: user) { return "cannot hold \(key): \(reason)" }
        return nil
    }

    /// Ends the hold a procedure took; the scan's answer, as lines.
    private func release(_ procedure: CalibrationProcedure, by user: ConsoleUser) -> [String] {
        guard procedure.held else { return [] }
        switch submit(.release(instrument: procedure.calibratedKey), by: user) {
        case .done(let lines): return lines
        case .refused(let reason): return ["\(procedure.calibratedKey) not released: \(reason)"]
        case .pending: return []
        }
    }

    static func seconds(_ instant: MonotonicInstant) -> Double { Double(instant.nanoseconds) / 1e9 }
}
