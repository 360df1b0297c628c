import Control
@testable import Runtime
import Testing

/// The console's `log` and `show events`: unit events and alarm transitions in time order.
@Suite struct EventLogTests {
    @Test func unitEventsAndAlarmTransitionsMergeInTimeOrder() throws {
        let system = SystemAlarms.standard(buses: ["plant"])
        let unit = try ModesFixture(systemAlarms: system)
        unit.step()
        #expect(unit.command(.handOffAuto(equipment: "blower1", state: .off))?.isAccepted == true)
        unit.set(["ph1.ph": 9.5])
        unit.step()
        system.raise(SystemAlarms.busStalled("plant"), "no successful transaction for 10 s")
        unit.step()
        let log = UnitConsoleBackend.eventLog(unit.snapshot)
        #expect(log.map(\.time) == log.map(\.time).sorted())
        let texts = log.map(\.text)
        let hoa = try #require(texts.firstIndex { $0.hasSuffix("handOffAuto blower1 off by console:tom") })
        let alarm = try #require(texts.firstIndex { $0.contains("ph_level.h normal -> unacknowledged") })
        let stalled = try #require(texts.firstIndex { $0.contains("systemAlarm system.bus_stalled.plant: no successful transaction") })
        let stalledAlarm = try #require(texts.firstIndex { $0.contains("system.bus_stalled.plant normal -> unacknowledged") })
        #expect(hoa < alarm && alarm < stalled && stalled < stalledAlarm)
    }

    @Test func atOneTimeTheUnitEventComesBeforeTheAlarmsItCauses() {
        let snapshot = UnitSnapshot(
            alarmEvents: [AlarmEvent(time: 5, alarmID: "blower2_trip", from: .normal, to: .unacknowledged, cause: .process)],
            events: [UnitEvent(time: 5, kind: .estop, subject: "estop", message: "e-stop estop: io1.input3", by: nil),
                     UnitEvent(time: 3, kind: .hold, subject: "ph1.ph", message: "ph1.ph held at 7", by: "console:tom")])
        #expect(UnitConsoleBackend.eventLog(snapshot).map(\.text) == [
            "3.0 s hold ph1.ph held at 7 by console:tom",
            "5.0 s estop e-stop estop: io1.input3",
            "5.0 s blower2_trip normal -> unacknowledged (process)",
        ])
    }
}
