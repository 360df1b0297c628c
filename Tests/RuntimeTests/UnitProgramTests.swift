import Config
import Control
import FieldIO
import HAL
import Runtime
import Testing

@Suite struct UnitProgramTests {
    @Test func lowDORaisesTheBlowerSpeedThroughTheImage() throws {
        let unit = try UnitProgramFixture()
        #expect(unit.program.safeOutputs == [UnitProgramFixture.speed: 0, UnitProgramFixture.run: 0])
        unit.set(oxygen: 1.0)
        unit.step()
        let first = try #require(unit.speed)
        for _ in 0..<30 {
            unit.set(oxygen: 1.0)
            unit.step()
        }
        let later = try #require(unit.speed)
        #expect(first >= 20, "a running blower is at least at its minimum speed")
        #expect(later > first + 0.5, "integral action raises the speed while DO stays below SP: \(first) -> \(later)")
        #expect(unit.run == 1)
        let loop = try #require(unit.snapshot?.loop("aeration1"))
        #expect(loop.pv == 1.0)
        #expect(loop.setpoint == 2)
        #expect(loop.safeBecause == nil)
    }

    @Test func outputsStaySafeUntilTheFirstGoodDO() throws {
        let unit = try UnitProgramFixture()
        unit.set(oxygen: 1.0, quality: .commFail)
        unit.step()
        #expect(unit.speed == 0)
        #expect(unit.run == 0)
        #expect(unit.snapshot?.loop("aeration1")?.safeBecause == "waiting for a good DO")
    }

    @Test func badDOHoldsThenGoesToTheSubstituteSpeed() throws {
        let unit = try UnitProgramFixture()
        for _ in 0..<20 {
            unit.set(oxygen: 3.5)
            unit.step()
        }
        let held = try #require(unit.speed)
        unit.set(oxygen: 25, quality: .good)  // above the probe's 0...20 mg/L range: the validator makes it bad
        unit.step(5)
        #expect(unit.speed == held, "held during the 10 s bad-DO delay")
        #expect(unit.snapshot?.inputs.first { $0.key == "do1.oxygen" }?.reasons == ["above range"])
        unit.step(6)
        #expect(unit.speed == 60, "substitute speed after the delay")
        #expect(unit.run == 1)
    }

    @Test func anInterlockTripForcesTheOutputsSafe() throws {
        let unit = try UnitProgramFixture(latching: true)
        unit.set(oxygen: 1.0)
        unit.step()
        #expect(unit.speed ?? 0 >= 20)
        unit.set(level: 0.3)
        unit.step()
        #expect(unit.speed == 0)
        #expect(unit.run == 0)
        let snapshot = try #require(unit.snapshot)
        #expect(snapshot.loop("aeration1")?.safeBecause == "interlock low-level")
        #expect(snapshot.interlocks.first?.allowed == false)
        #expect(snapshot.interlocks.first?.reasons == ["level1.level > 0.5"])
        #expect(unit.command(.resetInterlock("low-level")) == .rejected("low-level: cannot reset: still level1.level > 0.5"))
        unit.set(level: 2)
        unit.step()
        #expect(unit.speed == 0, "latched: still safe after the level returns")
        #expect(unit.command(.resetInterlock("low-level")) == .accepted("interlock low-level reset"))
        #expect(unit.speed ?? 0 >= 20)
    }

    @Test func alarmIsRaisedAndAcknowledgedByAnOperatorOnly() throws {
        let unit = try UnitProgramFixture()
        unit.set(oxygen: 2)
        unit.set(level: 4.2)
        unit.step()
        #expect(unit.snapshot?.alarm("level_high.h")?.state == .unacknowledged)
        #expect(unit.snapshot?.alarm("level_high.hh")?.state == .normal)
        #expect(unit.snapshot?.annunciated.map(\.id) == ["level_high.h"])
        let refused = unit.command(.acknowledge(alarm: "level_high"), from: UnitProgramFixture.viewer)
        #expect(refused == .rejected("console:guest (viewer) may not acknowledge alarms"))
        #expect(unit.snapshot?.alarm("level_high.h")?.state == .unacknowledged)
        #expect(unit.command(.acknowledge(alarm: "level_high")) == .accepted("level_high.h acknowledged"))
        #expect(unit.snapshot?.alarm("level_high.h")?.state == .acknowledged)
        #expect(unit.command(.acknowledge(alarm: "level_high")) == .rejected("level_high has nothing to acknowledge"))
        #expect(unit.command(.acknowledge(alarm: "nope")) == .rejected("no alarm named nope"))
    }

    @Test func setpointAndManualOutputAreChecked() throws {
        let unit = try UnitProgramFixture()
        unit.set(oxygen: 2)
        #expect(unit.command(.setSetpoint(loop: "aeration1", value: 9)) == .rejected("setpoint 9.0 of aeration1 is outside 0.5...4.0"))
        #expect(unit.command(.setSetpoint(loop: "aeration1", value: 2.5)) == .accepted("aeration1 setpoint 2.5"))
        #expect(unit.snapshot?.loop("aeration1")?.setpoint == 2.5)
        #expect(unit.command(.setManualOutput(loop: "aeration1", value: 50)) == .rejected("aeration1 is in auto, not manual"))
        #expect(unit.command(.setMode(loop: "basin9", mode: .manual)) == .rejected("no loop named basin9"))
    }

    @Test func modeChangesAreBumpless() throws {
        let unit = try UnitProgramFixture()
        for _ in 0..<20 {
            unit.set(oxygen: 1.5)
            unit.step()
        }
        let auto = try #require(unit.speed)
        #expect(unit.command(.setMode(loop: "aeration1", mode: .manual)) == .accepted("aeration1 mode manual"))
        #expect(unit.speed == auto, "entering manual keeps the output")
        #expect(unit.command(.setManualOutput(loop: "aeration1", value: 70)) == .accepted("aeration1 manual output 70.0"))
        #expect(unit.speed == 70)
        #expect(unit.command(.setMode(loop: "aeration1", mode: .auto)) == .accepted("aeration1 mode auto"))
        let back = try #require(unit.speed)
        #expect(abs(back - 70) < 0.5, "auto continues from the manual output: \(back)")
        #expect(unit.command(.setMode(loop: "aeration1", mode: .oos)) == .accepted("aeration1 mode oos"))
        #expect(unit.speed == 0)
        #expect(unit.snapshot?.loop("aeration1")?.safeBecause == "out of service")
    }

    /// DO of a basin: dDO/dt = k * speed * (Csat - DO) - OUR, with k in 1/(s %), OUR in mg/L/s.
    @Test func closedLoopDOSettlesOnItsSetpoint() throws {
        let unit = try UnitProgramFixture()
        var oxygen = 0.5
        let (k, saturation, uptake) = (1e-4, 9.0, 0.03)
        for _ in 0..<(3 * 3600) {
            unit.set(oxygen: oxygen)
            unit.step()
            let speed = unit.speed ?? 0
            oxygen = max(0, oxygen + (k * speed * (saturation - oxygen) - uptake) * 1)
        }
        #expect(abs(oxygen - 2) < 0.05, "DO after 3 h: \(oxygen)")
        let expectedSpeed = uptake / (k * (saturation - 2))
        #expect(abs((unit.speed ?? 0) - expectedSpeed) < 1, "speed \(unit.speed ?? 0) vs the model's steady state \(expectedSpeed)")
    }
}
