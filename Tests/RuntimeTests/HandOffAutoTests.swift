import Config
import Control
import FieldIO
import HAL
@testable import Runtime
import Testing

@Suite struct HandOffAutoTests {
    @Test func offTakesABlowerOutOfStagingAndTheStandbyRuns() throws {
        let unit = try ModesFixture()
        unit.set(["do1.oxygen": 1.0])
        unit.steps(3)
        // Staging starts the blower with the fewest run hours: blower1 first (ties go to the first).
        #expect(unit.output("blower1.run") == 1)
        #expect(unit.output("blower2.run") == 0)
        #expect(unit.command(.handOffAuto(equipment: "blower1", state: .off))?.isAccepted == true)
        unit.step()
        #expect(unit.output("blower1.run") == 0)
        #expect(unit.output("blower1.speed") == 0)
        #expect(unit.output("blower2.run") == 1, "the standby takes over")
        let blower1 = try #require(unit.equipment("blower1"))
        #expect(blower1.hoa == .off)
        #expect(!blower1.running)
        #expect(blower1.starts == 1)
        #expect(unit.equipment("blower2")?.running == true)
        #expect(unit.snapshot.events.last?.kind == .handOffAuto)
        #expect(unit.snapshot.events.last?.by == "console:tom")
    }

    @Test func handRunsAtTheHandSpeedWhateverTheLoopButStopsForTheEStop() throws {
        let unit = try ModesFixture()
        #expect(unit.command(.setMode(loop: "aeration1", mode: .oos), from: ModesFixture.operatorAna)?.isAccepted == true)
        #expect(unit.command(.handOffAuto(equipment: "blower2", state: .hand))?.isAccepted == true)
        unit.step()
        #expect(unit.output("blower1.speed") == 0, "out of service: safe")
        #expect(unit.output("blower2.speed") == 70)
        #expect(unit.output("blower2.run") == 1)
        unit.set(["io1.input3": 1])
        unit.step()
        #expect(unit.output("blower2.speed") == 0, "the e-stop stops equipment in hand")
        #expect(unit.output("blower2.run") == 0)
    }

    @Test func bothBlowersOutOfTheLoopHoldTheDOControllerWithoutWindup() throws {
        let unit = try ModesFixture()
        unit.set(["do1.oxygen": 1.5])
        unit.steps(20)
        _ = unit.command(.handOffAuto(equipment: "blower1", state: .off))
        _ = unit.command(.handOffAuto(equipment: "blower2", state: .off))
        let before = try #require(unit.snapshot.loop("aeration1")?.output)
        #expect(unit.output("blower1.run") == 0)
        #expect(unit.output("blower2.run") == 0)
        unit.steps(60)
        #expect(abs((unit.snapshot.loop("aeration1")?.output ?? 0) - before) < 1e-6, "no blower to drive: the PID waits")
        _ = unit.command(.handOffAuto(equipment: "blower1", state: .auto))
        let after = try #require(unit.snapshot.loop("aeration1")?.output)
        #expect(abs(after - before) < 1, "bumpless return: \(before) -> \(after)")
        #expect(unit.output("blower1.speed") ?? 0 >= 20)
    }

    @Test(arguments: [
        // (pH, equipment, state, output key, expected value after one scan); pH 4 calls for caustic, 10 for acid
        (7.0, "ph1.caustic", HandOffAuto.hand, "pump2.speed", 40.0),
        (4.0, "ph1.caustic", .off, "pump2.speed", 0),
        (10.0, "ph1.acid", .off, "io1.relay1", 0),
    ])
    func pumpSelector(ph: Double, equipment: String, state: HandOffAuto, key: String, expected: Double) throws {
        let unit = try ModesFixture()
        unit.set(["ph1.ph": ph])
        unit.steps(3)
        if state == .off { #expect(unit.output(key) != expected, "the loop was driving \(equipment)") }
        #expect(unit.command(.handOffAuto(equipment: equipment, state: state))?.isAccepted == true)
        unit.step()
        #expect(unit.output(key) == expected)
        #expect(unit.equipment(equipment)?.hoa == state)
    }

    @Test func anAcidPumpInHandPulsesAtItsDutyAndStopsOnTheLevelInterlock() throws {
        let unit = try ModesFixture()
        _ = unit.command(.handOffAuto(equipment: "ph1.acid", state: .hand))
        var on = 0
        for _ in 0..<20 {
            unit.step()
            if unit.output("io1.relay1") == 1 { on += 1 }
        }
        #expect((8...12).contains(on), "50 % of two 10 s cycles: \(on) s on")
        #expect(unit.equipment("ph1.acid")?.running == true)
        unit.set(["level1.level": 0.2])
        unit.steps(12)
        #expect(unit.output("io1.relay1") == 0, "a low-level interlock stops a pump in hand")
        #expect(unit.equipment("ph1.acid")?.running == false)
    }

    @Test func handOffAutoNeedsATechnicianAndKnownEquipment() throws {
        let unit = try ModesFixture()
        let refused = unit.command(.handOffAuto(equipment: "blower1", state: .hand), from: ModesFixture.operatorAna)
        #expect(refused?.isAccepted == false)
        guard case .rejected(let reason) = unit.command(.handOffAuto(equipment: "blower9", state: .off)) else {
            Issue.record("unknown equipment accepted")
            return
        }
        #expect(reason.contains("blower1, blower2, ph1.acid, ph1.caustic"))
    }

    @Test func consoleRequestsMapToTheCommands() throws {
        #expect(try UnitConsoleBackend.command(for: .handOffAuto(equipment: "blower1", .hand)).get()
            == .handOffAuto(equipment: "blower1", state: .hand))
        #expect(try UnitConsoleBackend.command(for: .hold(instrument: "ph1.ph")).get() == .hold(instrument: "ph1.ph", value: nil))
        #expect(try UnitConsoleBackend.command(for: .release(instrument: "ph1.ph")).get() == .release(instrument: "ph1.ph"))
    }
}
