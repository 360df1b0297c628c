import Config
import Foundation
import Testing

/// `[retain]` and `[supervision]` in a unit file: defaults, values, and every error by key.
@Suite struct RetainConfigTests {
    static let boards = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Boards").path

    static func load(_ sections: String) throws(ConfigErrors) -> UnitConfig {
        let file = URL(fileURLWithPath: temporaryStatePath()).deletingLastPathComponent().appendingPathComponent("unit.toml")
        try? "[unit]\nname = \"u\"\nboard = \"simulator\"\n\(sections)".write(to: file, atomically: true, encoding: .utf8)
        return try ConfigLoader.loadUnit(at: file.path, boardsDirectory: boards)
    }

    @Test func absentSectionsTakeTheDefaults() throws {
        let unit = try Self.load("")
        #expect(unit.retain == RetainConfig())
        #expect(unit.retain.path == "/var/lib/floc/state.db" && unit.retain.manualOutputs == .default)
        #expect(unit.supervision.restartLimit == 5 && unit.supervision.restartWindow == 600)
    }

    @Test func everyKeyIsRead() throws {
        let unit = try Self.load("""
            [retain]
            path = "/tmp/x.db"
            modes = "default"
            setpoints = "default"
            manual_outputs = "restore"
            alarm_shelves = "default"
            alarm_acknowledgements = "default"
            equipment = "default"
            calibrations = "default"
            changed_loops = "restore"
            save_interval_s = 30
            [supervision]
            restart_limit = 3
            restart_window_min = 20
            bus_stalled_alarm_s = 5
            bus_stalled_safe_s = 15
            """)
        #expect(unit.retain.path == "/tmp/x.db" && unit.retain.modes == .default && unit.retain.setpoints == .default)
        #expect(unit.retain.manualOutputs == .restore && unit.retain.alarmShelves == .default)
        #expect(unit.retain.alarmAcknowledgements == .default && unit.retain.equipment == .default)
        #expect(unit.retain.calibrations == .default && unit.retain.changedLoops == .restore && unit.retain.saveInterval == 30)
        #expect(unit.supervision.restartLimit == 3 && unit.supervision.restartWindow == 1200)
        #expect(unit.supervision.busStalledAlarm == 5 && unit.supervision.busStalledSafe == 15)
    }

    @Test func mistakesAreReportedByKey() {
        #expect {
            try Self.load("""
                [retain]
                modes = "sometimes"
                save_interval_s = 0
                setpoint = "restore"
                [supervision]
                bus_stalled_alarm_s = 20
                bus_stalled_safe_s = 10
                """)
        } throws: { error in
            let text = "\(error)"
            return text.contains("retain.modes: 'sometimes' is not one of: restore, default")
                && text.contains("retain.save_interval_s") && text.contains("retain.setpoint")
                && text.contains("supervision.bus_stalled_safe_s: must be at least bus_stalled_alarm_s")
        }
    }
}
