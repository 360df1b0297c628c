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
            return .done(["\(instrument): calibration cancelled; the previous calibration stays"])
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
        // Until instruments can be held, a loop reading the probe must not act on buffer readings.
        let feeding = loopsReading(name)
        if let auto = feeding.first(where: { snapshot?.program.loop($0)?.mode == .auto }) {
            return .refused("\(name) feeds loop \(auto), which is in auto: put it in manual first (`mode \(auto) manual`)")
        }
        let temperature = points.first { $0.unit == "degC" }
        // The value the calibration corrects: the probe's own pH (computed with an ideal electrode), or its mg/L.
        let calibrated = kind == .ph ? points.first { $0.unit == "pH" } ?? raw : raw
        calibrations.begin(CalibrationProcedure(
            kind: kind, instrument: name, owner: user.name, rawKey: PointImage.key(device: name, point: raw.name),
            temperatureKey: temperature.map { PointImage.key(device: name, point: $0.name) },
            calibratedKey: PointImage.key(device: name, point: calibrated.name)))
        var lines = ["\(name): \(kind.rawValue) calibration started"
            + (feeding.isEmpty ? "" : " (loop \(feeding.joined(separator: ", ")) not in auto)")]
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
            return .done(["\(name): calibration stored, \(summary)"] + lines)
        case let other:
            return other
        }
    }

    /// The scan command that stores an accepted calibration; nil while the unit program cannot store one.
    static func calibrationCommand(instrument: String, _ record: CalibrationRecord) -> UnitCommand? {
        nil
    }

    /// Loops whose process value comes from `device`.
    func loopsReading(_ device: String) -> [String] {
        unit.control.loops.filter { loop in
            let pv = switch loop.kind {
            case .aeration(let aeration): aeration.dissolvedOxygen
            case .ph(let ph): ph.ph
            case .pid(let pid): pid.pv
            }
            return pv.imageKey.hasPrefix(device + ".")
        }.map(\.name)
    }

    static func seconds(_ instant: MonotonicInstant) -> Double { Double(instant.nanoseconds) / 1e9 }
}
