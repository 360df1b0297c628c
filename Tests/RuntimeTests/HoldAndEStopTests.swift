import Config
import Control
import FieldIO
import HAL
import Runtime
import Testing

@Suite struct HoldAndEStopTests {
    @Test func aHeldInstrumentKeepsItsLastGoodValueAndFreezesItsAlarms() throws {
        let unit = try ModesFixture()
        unit.set(["ph1.ph": 7.5])
        unit.steps(2)
        #expect(unit.command(.hold(instrument: "ph1.ph", value: nil))?.isAccepted == true)
        unit.set(["ph1.ph": 10])   // the probe sits in a pH 10 buffer
        unit.steps(5)
        #expect(unit.snapshot.loop("ph1")?.pv == 7.5)
        let input = try #require(unit.input("ph1.ph"))
        #expect(input.held)
        #expect(input.quality == .uncertain)
        #expect(input.reasons == ["held"])
        #expect(unit.alarm("ph_level.h") == .normal, "no new alarm on a held PV")
        #expect(unit.snapshot.holds.map(\.instrument) == ["ph1.ph"])
        #expect(unit.command(.release(instrument: "ph1.ph"))?.isAccepted == true)
        unit.step()
        #expect(unit.alarm("ph_level.h") == .unacknowledged, "the real value is back")
        #expect(unit.input("ph1.ph")?.held == false)
        #expect(unit.snapshot.events.map(\.kind) == [.hold, .holdReleased])
    }

    @Test func theConsoleMayNameTheDeviceOfACalibratedInstrument() throws {
        let unit = try ModesFixture()
        unit.step()
        #expect(unit.command(.hold(instrument: "ph1", value: 6.9)) == .accepted("ph1.ph held at 6.9 (at most 60 min)"))
        #expect(unit.snapshot.holds.map(\.instrument) == ["ph1.ph"])
        #expect(unit.command(.release(instrument: "ph1"))?.isAccepted == true)
        let record = CalibrationRecord(kind: .ph, slope: 99, offset: 0, time: unit.utcNow, by: "tom")
        #expect(unit.command(.applyCalibration(instrument: "ph1", record: record))?.isAccepted == true)
        #expect(unit.snapshot.calibration("ph1.ph")?.record == record)
        #expect(unit.command(.hold(instrument: "blower1", value: 1))?.isAccepted == false, "blower1 has no analogue input")
    }

    @Test func aHoldEndsByItselfAfterItsMaximumTime() throws {
        let unit = try ModesFixture(maxHoldMinutes: 2)
        unit.steps(2)
        #expect(unit.command(.hold(instrument: "ph1.ph", value: 6.8))?.isAccepted == true)
        unit.steps(110)
        #expect(unit.snapshot.loop("ph1")?.pv == 6.8)
        unit.steps(15)
        #expect(unit.snapshot.holds.isEmpty)
        #expect(unit.snapshot.loop("ph1")?.pv == 7)
        let event = try #require(unit.snapshot.events.last)
        #expect(event.kind == .holdExpired)
        #expect(event.subject == "ph1.ph")
        #expect(event.by == nil)
    }

    @Test(arguments: [
        (UnitCommand.hold(instrument: "do1.nothing", value: nil), "no instrument"),
        (.hold(instrument: "io1.input3", value: 1), "no instrument"),   // a flag is not an instrument
        (.hold(instrument: "ph1.ph", value: 15), "outside the range"),
        (.release(instrument: "ph1.ph"), "not held"),
    ])
    func holdRefusals(command: UnitCommand, reason: String) throws {
        let unit = try ModesFixture()
        unit.step()
        guard case .rejected(let text) = unit.command(command) else {
            Issue.record("\(command) accepted")
            return
        }
        #expect(text.contains(reason), "\(text)")
    }

    @Test func anEStopLatchesEveryOutputSafeUntilClearAndReset() throws {
        let unit = try ModesFixture()
        unit.set(["do1.oxygen": 1, "ph1.ph": 4])
        unit.steps(3)
        #expect(unit.output("blower1.speed") ?? 0 >= 20)
        #expect(unit.output("pump2.speed") ?? 0 > 0)
        unit.set(["io1.input3": 1])
        unit.step()
        let safe = ["blower1.speed": 0.0, "blower1.run": 0, "blower2.speed": 0, "blower2.run": 0, "io1.relay1": 0, "pump2.speed": 0]
        #expect(unit.image.desired(Array(safe.keys)) == safe)
        let estop = try #require(unit.snapshot.estop)
        #expect(estop.name == "estop")
        #expect(estop.reason == "io1.input3")
        #expect(!estop.awaitingReset)
        #expect(unit.snapshot.loop("ph1")?.safeBecause == "e-stop estop")
        #expect(unit.snapshot.events.last?.kind == .estop)
        #expect(unit.command(.resetInterlock("estop"), from: ModesFixture.operatorAna)?.isAccepted == false, "still pressed")
        unit.set(["io1.input3": 0])
        unit.steps(3)
        #expect(unit.snapshot.estop?.awaitingReset == true)
        #expect(unit.output("blower1.speed") == 0, "latched: the input clearing is not enough")
        #expect(unit.command(.resetInterlock("estop"), from: ModesFixture.operatorAna)?.isAccepted == true)
        unit.step()
        #expect(unit.snapshot.estop == nil)
        #expect(unit.output("blower1.speed") ?? 0 >= 20)
        #expect(unit.snapshot.events.last?.kind == .estopReset)
    }

    @Test func aBadEStopInputHoldsSafeWithoutLatching() throws {
        let unit = try ModesFixture()
        unit.set(["do1.oxygen": 1])
        unit.steps(2)
        unit.set(["io1.input3": 0], quality: .commFail)
        unit.step()
        #expect(unit.output("blower1.speed") == 0, "unknown e-stop state: safe")
        unit.set(["io1.input3": 0])
        unit.step()
        #expect(unit.snapshot.estop == nil, "a bus hiccup does not need a reset")
        #expect(unit.output("blower1.speed") ?? 0 >= 20)
    }
}
