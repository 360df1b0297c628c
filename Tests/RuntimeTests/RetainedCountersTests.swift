import Control
@testable import Runtime
import Testing

/// Run hours and starts handed to a new program (restart, reload) keep counting and keep the
/// lead/lag order.
@Suite struct RetainedCountersTests {
    @Test func restoredCountersShowAndKeepCounting() throws {
        let unit = try ModesFixture(equipment: ["blower1": EquipmentCounter(runSeconds: 7200, starts: 4),
                                                "ph1.acid": EquipmentCounter(runSeconds: 360, starts: 9)])
        unit.steps(3)
        let blower1 = try #require(unit.equipment("blower1"))
        #expect(!blower1.running, "blower2 has fewer hours: it leads")
        #expect(blower1.starts == 4 && blower1.runHours == 2)
        let blower2 = try #require(unit.equipment("blower2"))
        #expect(blower2.running && blower2.starts == 1, "nothing saved: counts from zero")
        #expect(unit.equipment("ph1.acid")?.starts == 9)
        #expect(unit.equipment("ph1.acid")?.runHours == 0.1)
    }

    @Test(arguments: [(100.0, 10.0, "blower2"), (10.0, 100.0, "blower1")])
    func leadAfterARestartIsTheBlowerWithFewestRunHours(hours1: Double, hours2: Double, lead: String) throws {
        let unit = try ModesFixture(equipment: ["blower1": EquipmentCounter(runSeconds: hours1 * 3600, starts: 3),
                                                "blower2": EquipmentCounter(runSeconds: hours2 * 3600, starts: 3)])
        unit.set(["do1.oxygen": 1.0])
        unit.steps(3)
        #expect(unit.equipment(lead)?.running == true)
        #expect(unit.snapshot.equipment.filter(\.running).count == 1)
    }

    @Test func rotationOrderSurvivesARebuildFromTheSnapshot() throws {
        let first = try ModesFixture(equipment: ["blower2": EquipmentCounter(runSeconds: 10, starts: 1)])
        first.steps(30)
        // blower1 had fewer hours and led; it has run past blower2's 10 s.
        let ran = try #require(first.equipment("blower1"))
        #expect(ran.running && ran.runHours * 3600 > 20)
        #expect(first.equipment("blower2")?.running == false)
        let counters = Dictionary(uniqueKeysWithValues: first.snapshot.equipment.map {
            ($0.name, EquipmentCounter(runSeconds: $0.runHours * 3600, starts: $0.starts))
        })
        let second = try ModesFixture(equipment: counters)
        second.steps(3)
        // Without the counters the tie would go to blower1 again.
        #expect(second.equipment("blower2")?.running == true, "blower2 now has fewer hours: it takes the lead")
        #expect(second.equipment("blower1")?.running == false)
        #expect(second.equipment("blower2")?.starts == 2)
    }
}
