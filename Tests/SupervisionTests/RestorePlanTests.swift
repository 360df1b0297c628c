import Config
import Foundation
import Logging
import Runtime
import StateStore
import Testing

/// Restore through the scan's own command checks, per `[retain]` policy.
@Suite struct RestorePlanTests {
    /// The state of a loop in manual at 35 % with setpoint 30, saved from `fixture`'s definition.
    static func saved(for fixture: FlowLoopFixture, setpoint: Double = 30) -> RetainedState {
        RetainedState(loops: ["flow1": RetainedLoop(mode: "manual", setpoint: setpoint, manualOutput: 35,
                                                    fingerprint: ConfigFingerprint.loop(fixture.control.loops[0]))],
                      alarms: ["flow_high.h": RetainedAlarm(acknowledged: false, shelvedUntil: 10_000 + 600)])
    }

    /// Submits the plan as `floc run` does, before the first scan, and runs that scan.
    @discardableResult
    static func restore(_ plan: RestorePlan, into fixture: FlowLoopFixture) -> StateRestorer {
        let restorer = StateRestorer(plan: plan, commands: fixture.engine.commands, now: fixture.seconds, logger: FlowLoopFixture.quiet)
        fixture.step()
        restorer.follow(fixture.engine.snapshots.value, commands: fixture.engine.commands, now: fixture.seconds)
        return restorer
    }

    @Test func restorePolicyBringsBackModeSetpointManualOutputAndShelve() throws {
        let fixture = try FlowLoopFixture()
        fixture.set(flow: 10)
        var policy = RetainConfig()
        policy.manualOutputs = .restore
        let plan = RestorePlan(saved: Self.saved(for: fixture), control: fixture.control, policy: policy, now: 10_000)
        Self.restore(plan, into: fixture)
        let loop = try #require(fixture.snapshot?.loop("flow1"))
        #expect(loop.mode == .manual && loop.setpoint == 30 && loop.output == 35)
        let shelve = try #require(fixture.snapshot?.alarm("flow_high.h")?.shelvedMinutesLeft)
        #expect(abs(shelve - 10) < 0.1, "600 s of the shelve were left")
    }

    @Test func defaultPolicyStartsFromTheUnitFile() throws {
        let fixture = try FlowLoopFixture()
        var policy = RetainConfig()
        policy.modes = .default
        policy.setpoints = .default
        policy.alarmShelves = .default
        let plan = RestorePlan(saved: Self.saved(for: fixture), control: fixture.control, policy: policy, now: 10_000)
        #expect(plan.steps.isEmpty)
        #expect(plan.skipped.count == 2, "\(plan.skipped)")
        Self.restore(plan, into: fixture)
        let loop = try #require(fixture.snapshot?.loop("flow1"))
        #expect(loop.mode == .auto && loop.setpoint == 20)
    }

    @Test func manualOutputsDefaultToNotRestored() throws {
        let fixture = try FlowLoopFixture()
        let plan = RestorePlan(saved: Self.saved(for: fixture), control: fixture.control, policy: RetainConfig(), now: 10_000)
        #expect(!plan.steps.contains { if case .setManualOutput = $0.command { true } else { false } })
        #expect(plan.skipped.contains { $0.contains("manual output 35.0 not restored") }, "\(plan.skipped)")
    }

    @Test func aSetpointOutsideTheNewLimitsIsRefusedAndTheUnitFileValueKept() throws {
        let fixture = try FlowLoopFixture(setpointLimits: 0...25)
        var policy = RetainConfig()
        policy.changedLoops = .restore
        let plan = RestorePlan(saved: Self.saved(for: fixture, setpoint: 40), control: fixture.control, policy: policy, now: 10_000)
        Self.restore(plan, into: fixture)
        #expect(fixture.snapshot?.loop("flow1")?.setpoint == 20, "40 is outside 0...25: the unit file's 20 stays")
        #expect(fixture.snapshot?.loop("flow1")?.mode == .manual, "the other items are restored all the same")
    }

    @Test func itemsOfAChangedLoopFollowTheChangedLoopsPolicy() throws {
        let fixture = try FlowLoopFixture()
        var saved = Self.saved(for: fixture)
        saved.loops["flow1"]?.fingerprint = "an older definition"
        let skipped = RestorePlan(saved: saved, control: fixture.control, policy: RetainConfig(), now: 10_000)
        #expect(!skipped.steps.contains { $0.item.hasPrefix("flow1") })
        #expect(skipped.skipped.contains { $0.contains("definition changed") })
        var policy = RetainConfig()
        policy.changedLoops = .restore
        let restored = RestorePlan(saved: saved, control: fixture.control, policy: policy, now: 10_000)
        #expect(restored.steps.contains { $0.command == .setSetpoint(loop: "flow1", value: 30) })
    }

    @Test func aShelveThatEndedWhileStoppedIsNotRestored() throws {
        let fixture = try FlowLoopFixture()
        let plan = RestorePlan(saved: Self.saved(for: fixture), control: fixture.control, policy: RetainConfig(), now: 20_000)
        #expect(!plan.steps.contains { $0.item == "flow_high.h shelve" })
        #expect(plan.skipped.contains { $0.contains("shelve ended") })
    }

    @Test func aSavedAcknowledgementAcknowledgesTheAlarmWhenItReturns() throws {
        let fixture = try FlowLoopFixture()
        let saved = RetainedState(alarms: ["flow_high.h": RetainedAlarm(acknowledged: true, shelvedUntil: nil)])
        let plan = RestorePlan(saved: saved, control: fixture.control, policy: RetainConfig(), now: 0)
        let restorer = Self.restore(plan, into: fixture)
        #expect(restorer.pendingAcknowledgements == ["flow_high.h"])
        fixture.set(flow: 90)
        fixture.step()
        #expect(fixture.snapshot?.alarm("flow_high.h")?.state == .unacknowledged)
        #expect(restorer.follow(fixture.engine.snapshots.value, commands: fixture.engine.commands, now: fixture.seconds))
        fixture.step()
        #expect(fixture.snapshot?.alarm("flow_high.h")?.state == .acknowledged)
    }

    @Test func aReloadCarriesAnAutoLoopOverWithoutABump() throws {
        let running = try FlowLoopFixture()
        running.set(flow: 10)
        for _ in 0..<20 { running.step() }
        let before = try #require(running.snapshot?.loop("flow1"))
        #expect(before.mode == .auto && before.output > 0)
        let rebuilt = try FlowLoopFixture(gain: 0.6)
        rebuilt.set(flow: 10)
        let plan = RestorePlan(carryingOver: try #require(running.snapshot), into: rebuilt.control)
        let restorer = Self.restore(plan, into: rebuilt)
        #expect(rebuilt.snapshot?.loop("flow1")?.mode == .manual, "one scan in manual at the old output")
        #expect(rebuilt.snapshot?.loop("flow1")?.output == before.output)
        rebuilt.step()
        #expect(!restorer.follow(rebuilt.engine.snapshots.value, commands: rebuilt.engine.commands, now: rebuilt.seconds),
                "a scan ran in manual: the switch to auto is submitted")
        rebuilt.step()
        #expect(restorer.follow(rebuilt.engine.snapshots.value, commands: rebuilt.engine.commands, now: rebuilt.seconds))
        let after = try #require(rebuilt.snapshot?.loop("flow1"))
        #expect(after.mode == .auto)
        #expect(abs(after.output - before.output) < 0.5, "from \(before.output) to \(after.output)")
    }
}
