import Config
import Control
import Foundation
import Runtime

extension RetainedState {
    /// The retained items of one scan's snapshot. `wallTime` (seconds since 1970) turns a
    /// shelve's minutes left into an end time that survives the restart; rounded to 10 s so
    /// that a countdown alone does not count as a change.
    public init(snapshot: UnitSnapshot, control: ControlConfig, wallTime: Double) {
        var loops: [String: RetainedLoop] = [:]
        for status in snapshot.loops {
            guard let config = control.loops.first(where: { $0.name == status.name }) else { continue }
            loops[status.name] = RetainedLoop(mode: status.mode.rawValue, setpoint: status.setpoint,
                                              manualOutput: status.mode == .manual ? status.output : nil,
                                              fingerprint: ConfigFingerprint.loop(config))
        }
        var alarms: [String: RetainedAlarm] = [:]
        for alarm in snapshot.alarms {
            let shelvedUntil = alarm.shelvedMinutesLeft.map { ((wallTime + $0 * 60) / 10).rounded() * 10 }
            let acknowledged = alarm.state == .acknowledged
            guard acknowledged || shelvedUntil != nil else { continue }
            alarms[alarm.id] = RetainedAlarm(acknowledged: acknowledged, shelvedUntil: shelvedUntil)
        }
        var equipment: [String: RetainedEquipment] = [:]
        for status in snapshot.equipment {
            equipment[status.name] = RetainedEquipment(runSeconds: (status.runHours * 60).rounded(.down) * 60, starts: status.starts)
        }
        var calibrations: [String: CalibrationRecord] = [:]
        for status in snapshot.calibrations {
            if let record = status.record { calibrations[status.instrument] = record }
        }
        self.init(loops: loops, alarms: alarms, equipment: equipment, calibrations: calibrations)
    }
}
