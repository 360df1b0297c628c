import Testing

@Suite struct BlowerTripTests {
    @Test func aTrippedBlowerIsStoppedAndTheNextTakesOver() throws {
        let unit = try BlowerTripFixture()
        unit.steps(3)
        #expect(unit.output("blower1.control_word") == 1)
        #expect(unit.output("blower1.speed_reference") == 20, "DO above the setpoint: the minimum speed")
        #expect(unit.output("blower2.control_word") == 0)
        unit.steps(2, tripped: [1])
        #expect(unit.output("blower1.control_word") == 0, "a tripped drive is not commanded to run")
        #expect(unit.output("blower1.speed_reference") == 0, "nor given a speed")
        #expect(unit.output("blower2.control_word") == 1, "the standby is staged")
        #expect(unit.output("blower2.speed_reference") == 20)
        // Still tripped: it stays out, the standby keeps running.
        unit.steps(30, tripped: [1])
        #expect(unit.output("blower1.control_word") == 0)
        #expect(unit.output("blower2.control_word") == 1)
    }

    @Test func aTrippedBlowerWhoseStatusCannotBeReadIsNotTrustedToRun() throws {
        let unit = try BlowerTripFixture()
        unit.steps(3)
        unit.steps(2, tripped: [1, 2])
        #expect(unit.output("blower1.control_word") == 0)
        #expect(unit.output("blower2.control_word") == 0)
        // The drives' status words go bad while they are tripped: what they last said stands.
        unit.steps(5, tripped: [1, 2], quality: .commFail)
        #expect(unit.output("blower1.control_word") == 0, "no run command on a drive last seen tripped")
        #expect(unit.output("blower1.speed_reference") == 0)
        #expect(unit.output("blower2.control_word") == 0)
    }

    @Test func aDriveNotReadYetIsNotStarted() throws {
        let unit = try BlowerTripFixture(drivesAnswer: false)
        for _ in 0..<3 {
            unit.clock.advance(by: .seconds(1))
            unit.engine.runCycle(deadline: unit.clock.now)
        }
        #expect(unit.output("blower1.control_word") == 0, "its fault bit unknown: not started blind")
        #expect(unit.output("blower2.control_word") == 0)
        unit.drives(tripped: [1])
        unit.steps(2, tripped: [1])
        #expect(unit.output("blower1.control_word") == 0)
        #expect(unit.output("blower2.control_word") == 1, "the one read healthy runs")
    }

    @Test func aClearedTripReturnsTheBlowerToStaging() throws {
        let unit = try BlowerTripFixture()
        unit.steps(3)
        unit.steps(5, tripped: [1])
        #expect(unit.output("blower2.control_word") == 1)
        // Cleared: available again, as standby; staging starts it when the demand needs two
        // or when the running one stops.
        unit.steps(2, tripped: [])
        unit.steps(2, tripped: [2])
        #expect(unit.output("blower1.control_word") == 1, "back in service once its trip cleared")
        #expect(unit.output("blower2.control_word") == 0)
    }
}
