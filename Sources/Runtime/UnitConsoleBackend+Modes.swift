import Console
import Control
import Foundation

/// Console text for the e-stop, hand-off-auto, maintenance holds and calibration records.
extension UnitConsoleBackend {
    static func estopLines(_ snapshot: UnitSnapshot) -> [String] {
        guard let estop = snapshot.estop else { return [] }
        return ["E-STOP \(estop.name): \(estop.reason); all outputs safe"
            + (estop.awaitingReset ? ", input clear: reset it to resume" : "")]
    }

    /// `equipment blower1 (aeration1 blower) hand, running 60 %, 12.5 h, 3 starts`.
    static func equipmentLine(_ equipment: EquipmentStatus) -> String {
        "equipment \(equipment.name) (\(equipment.loop) \(equipment.kind)) \(equipment.hoa.rawValue), "
            + "\(equipment.running ? "running" : "stopped") \(number(equipment.output)) %, "
            + String(format: "%.1f h", equipment.runHours) + ", \(equipment.starts) start\(equipment.starts == 1 ? "" : "s")"
    }

    static func holdLine(_ hold: HoldStatus) -> String {
        "hold \(hold.instrument) at \(number(hold.value)) by \(hold.by) (at most \(number((hold.until - hold.since) / 60)) min)"
    }

    func showCalibration(_ name: String?) -> ConsoleReply {
        let configured = unit.control.instruments.filter { $0.calibration != nil }
        guard !configured.isEmpty else { return .done(["no calibrated instruments: add [instruments.\"<point>\"] calibration = ..."]) }
        let selected = configured.filter { name == nil || $0.name == name || $0.name.hasPrefix(name! + ".") }
        if let name, selected.isEmpty { return .refused("no calibrated instrument named \(name)") }
        let statuses = snapshot?.program.calibrations ?? []
        return .done(selected.map { instrument in
            guard let status = statuses.first(where: { $0.instrument == instrument.name }) else {
                return "\(instrument.name) \(instrument.calibration!.rawValue): no scan yet"
            }
            return Self.calibrationLine(status)
        })
    }

    /// `ph1.ph ph: slope 97.5 offset 3.2 on 2026-11-01 08:00 UTC by tech, points 4, 7; due 2026-12-01 (overdue)`.
    static func calibrationLine(_ status: CalibrationStatus) -> String {
        var line = "\(status.instrument) \(status.kind): "
        if let record = status.record {
            line += "slope \(number(record.slope)) offset \(number(record.offset)) on \(utcText(record.time)) by \(record.by)"
            if !record.points.isEmpty { line += ", points " + record.points.map(number).joined(separator: ", ") }
        } else {
            line += "never calibrated in Floc"
        }
        if let due = status.due { line += "; due \(utcText(due))" + (status.overdue ? " (OVERDUE)" : "") }
        if let days = status.intervalDays { line += "; every \(number(days)) days" }
        return line
    }

    static func utcText(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
