import Control
@testable import Runtime
import Testing

@Suite struct ModesConsoleTextTests {
    @Test(arguments: [
        (EquipmentStatus(name: "blower1", loop: "aeration1", kind: "blower", hoa: .hand, running: true, output: 60,
                         runHours: 12.25, starts: 3),
         "equipment blower1 (aeration1 blower) hand, running 60 %, 12.2 h, 3 starts"),
        (EquipmentStatus(name: "ph1.acid", loop: "ph1", kind: "pump", hoa: .off, running: false, output: 0, runHours: 0, starts: 1),
         "equipment ph1.acid (ph1 pump) off, stopped 0 %, 0.0 h, 1 start"),
    ])
    func equipmentLine(status: EquipmentStatus, line: String) {
        #expect(UnitConsoleBackend.equipmentLine(status) == line)
    }

    @Test func calibrationLineShowsTheRecordAndWhenItIsDue() {
        let record = CalibrationRecord(kind: .ph, slope: 97.5, offset: 3.2, time: 1_790_000_000, by: "tom", points: [4, 7])
        let status = CalibrationStatus(instrument: "ph1.ph", kind: "ph", record: record, intervalDays: 30,
                                       due: record.due(intervalDays: 30), overdue: true)
        #expect(UnitConsoleBackend.calibrationLine(status)
            == "ph1.ph ph: slope 97.5 offset 3.2 on 2026-09-21 14:13 UTC by tom, points 4, 7; due 2026-10-21 14:13 UTC (OVERDUE); every 30 days")
        let never = CalibrationStatus(instrument: "do1.oxygen", kind: "do", record: nil, intervalDays: 90, due: nil, overdue: false)
        #expect(UnitConsoleBackend.calibrationLine(never) == "do1.oxygen do: never calibrated in Floc; every 90 days")
    }

    @Test func estopLineSaysWhatToDo() {
        let pressed = UnitSnapshot(estop: EStopStatus(name: "estop", reason: "io1.input3", awaitingReset: false))
        #expect(UnitConsoleBackend.estopLines(pressed) == ["E-STOP estop: io1.input3; all outputs safe"])
        let released = UnitSnapshot(estop: EStopStatus(name: "estop", reason: "io1.input3", awaitingReset: true))
        #expect(UnitConsoleBackend.estopLines(released).first?.hasSuffix("input clear: reset it to resume") == true)
        #expect(UnitConsoleBackend.estopLines(UnitSnapshot()).isEmpty)
    }
}
