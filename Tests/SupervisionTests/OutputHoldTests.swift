import FieldIO
import Runtime
import StateStore
import Testing

/// Outputs stay at their safe values until the first good scan, and in monitoring-only mode.
@Suite struct OutputHoldTests {
    @Test func aRestoredManualOutputWaitsForAGoodPV() throws {
        let fixture = try FlowLoopFixture()
        fixture.engine.commands.submit(.setMode(loop: "flow1", mode: .manual), from: StateRestorer.source)
        fixture.engine.commands.submit(.setManualOutput(loop: "flow1", value: 60), from: StateRestorer.source)
        fixture.step()
        #expect(fixture.speed == 0, "no PV yet: the restored 60 % is not driven")
        fixture.set(flow: 10, quality: .commFail)
        fixture.step()
        #expect(fixture.speed == 0, "a bad PV is not a good scan")
        fixture.set(flow: 10)
        fixture.step()
        #expect(fixture.hold.isReleased)
        #expect(fixture.speed == 60, "a good PV: the manual output is driven")
    }

    @Test func aLoopOutOfServiceIsAGoodScanByItself() throws {
        let fixture = try FlowLoopFixture()
        fixture.engine.commands.submit(.setMode(loop: "flow1", mode: .oos), from: StateRestorer.source)
        fixture.step()
        #expect(fixture.hold.isReleased, "the loop chose its safe outputs itself")
    }

    @Test func monitoringOnlyHoldsEveryOutputSafeWhateverTheMode() throws {
        let fixture = try FlowLoopFixture(monitoringOnly: true)
        fixture.set(flow: 10)
        #expect(fixture.command(.setMode(loop: "flow1", mode: .manual))?.isAccepted == true)
        #expect(fixture.command(.setManualOutput(loop: "flow1", value: 70))?.isAccepted == true)
        for _ in 0..<3 { fixture.step() }
        #expect(fixture.snapshot?.loop("flow1")?.output == 70, "the loop computes ...")
        #expect(fixture.speed == 0, "... but the output is held safe")
    }

    @Test func forcedOutputsAreHeldSafeUntilReleased() throws {
        let fixture = try FlowLoopFixture()
        fixture.set(flow: 10)
        #expect(fixture.command(.setMode(loop: "flow1", mode: .manual))?.isAccepted == true)
        #expect(fixture.command(.setManualOutput(loop: "flow1", value: 50))?.isAccepted == true)
        #expect(fixture.speed == 50)
        fixture.hold.forcedSafe = [FlowLoopFixture.speed.imageKey]
        fixture.step()
        #expect(fixture.speed == 0)
        fixture.hold.forcedSafe = []
        fixture.step()
        #expect(fixture.speed == 50)
    }

    /// A stale PV alone does not make a loop safe (the default bad-PV policy holds the last
    /// output): that is what the stalled-bus escalation adds.
    @Test func aStalePVHoldsTheLastOutputUntilTheStalledBusHoldsItSafe() throws {
        let fixture = try FlowLoopFixture()
        fixture.set(flow: 10)
        for _ in 0..<10 { fixture.step() }
        let running = try #require(fixture.speed)
        #expect(running > 0)
        fixture.set(flow: 10, quality: .stale)
        fixture.step()
        #expect(fixture.speed == running, "bad PV: the last output is held")
        fixture.hold.forcedSafe = [FlowLoopFixture.speed.imageKey]
        fixture.step()
        #expect(fixture.speed == 0)
    }
}
