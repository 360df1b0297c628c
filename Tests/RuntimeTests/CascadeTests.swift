import Config
import Console
import FieldIO
import Testing
@testable import Runtime

/// Loop-level cascade (`setpoint_from`): the outer loop's output is the inner's remote setpoint in
/// the same scan, the outer tracks an inner that does not follow it, and every switch is bumpless.
@Suite struct CascadeTests {
    @Test func aLevelStepIsFollowedThroughTheFasterFlowLoop() throws {
        let unit = try CascadeFixture()
        unit.steps(600)
        #expect(abs(unit.levelValue - 4) < 0.02, "settled at the level setpoint: \(unit.levelValue)")
        #expect(unit.command(.setSetpoint(loop: "level", value: 6))?.isAccepted == true)
        var highest = 0.0
        for _ in 0..<900 {
            unit.step()
            highest = max(highest, unit.levelValue)
            // Outer before inner in one scan: the inner regulates to the output the outer gave this scan.
            #expect(unit.inner.setpoint == unit.outerOutput)
            #expect((0...100).contains(unit.inner.setpoint))
        }
        #expect(abs(unit.levelValue - 6) < 0.02, "reaches the new level: \(unit.levelValue)")
        #expect(highest < 6.6, "overshoot under 30 % of the step: \(highest)")
        #expect(abs(unit.flowValue - unit.inner.setpoint) < 0.5, "the inner loop holds its remote setpoint")
        #expect(unit.inner.mode == .cascade && unit.inner.setpointSource == "level")
        #expect(unit.inner.modeDetail == "setpoint from level")
        #expect(unit.outer.modeDetail == nil)
    }

    @Test func cascadeToAutoAndBackDoesNotBump() throws {
        let unit = try CascadeFixture()
        unit.steps(300)
        let before = (setpoint: unit.inner.setpoint, speed: unit.speed!)
        #expect(unit.command(.setMode(loop: "flow", mode: .auto)) == .accepted("flow mode auto"))
        #expect(abs(unit.inner.setpoint - before.setpoint) < 1e-9, "auto starts at the last remote setpoint")
        #expect(abs(unit.speed! - before.speed) < 0.5, "no step in the output")
        #expect(unit.outer.modeDetail == "tracking the setpoint of flow (flow in auto)")
        #expect(unit.command(.setSetpoint(loop: "flow", value: 55))?.isAccepted == true)
        unit.steps(60)
        #expect(unit.outerOutput == 55, "the outer follows the inner's setpoint while the inner is in auto")
        let speed = unit.speed!
        #expect(unit.command(.setMode(loop: "flow", mode: .cascade)) == .accepted("flow mode cascade"))
        #expect(abs(unit.inner.setpoint - 55) < 1e-6, "cascade resumes at the setpoint in use: \(unit.inner.setpoint)")
        #expect(abs(unit.speed! - speed) < 0.5, "no step in the output")
        unit.steps(900)
        #expect(abs(unit.levelValue - 4) < 0.02, "the outer loop then brings the level back: \(unit.levelValue)")
    }

    @Test func theOuterTracksAnInnerInManualWithoutWindingUp() throws {
        let unit = try CascadeFixture()
        unit.steps(300)
        #expect(unit.command(.setMode(loop: "flow", mode: .manual))?.isAccepted == true)
        #expect(unit.command(.setManualOutput(loop: "flow", value: 10))?.isAccepted == true)
        let held = unit.inner.setpoint
        for _ in 0..<300 {
            unit.step()
            #expect(unit.outerOutput == held, "the level falls but the outer output stays at the inner's setpoint")
        }
        #expect(unit.levelValue < 3, "the level really fell: \(unit.levelValue)")
        #expect(unit.outer.modeDetail == "tracking the setpoint of flow (flow in manual)")
        #expect(unit.command(.setMode(loop: "flow", mode: .cascade))?.isAccepted == true)
        #expect(abs(unit.inner.setpoint - held) < 1e-6, "no step in the inner setpoint on entering cascade")
        unit.steps(1)
        #expect(unit.inner.setpoint - held < 1, "nor a wound-up integral pushing it up: \(unit.inner.setpoint - held)")
    }

    @Test func aBadOuterPVHoldsTheRemoteSetpointAndTheEventLogSaysSo() throws {
        let unit = try CascadeFixture()
        unit.steps(100)
        unit.levelQuality = .commFail
        unit.step()
        let held = unit.inner.setpoint
        unit.steps(20)
        #expect(unit.inner.setpoint == held)
        #expect(unit.inner.modeDetail == "setpoint from level held: level PV bad")
        let events = unit.snapshot.events.filter { $0.subject == "flow" }
        #expect(events.map(\.kind) == [.remoteSetpointHeld], "logged once: \(events)")
        #expect(events.first?.message.hasSuffix(": level PV bad") == true)
        unit.levelQuality = .good
        unit.step()
        #expect(abs(unit.inner.setpoint - held) < 0.5, "resumes from the held setpoint: \(unit.inner.setpoint) vs \(held)")
        #expect(unit.snapshot.events.last?.kind == .remoteSetpointResumed)
        #expect(unit.inner.modeDetail == "setpoint from level")
    }

    @Test func leavingCascadeWhileHeldIsNotLoggedAsFollowingAgain() throws {
        let unit = try CascadeFixture()
        unit.steps(10)
        unit.levelQuality = .commFail
        unit.step()
        #expect(unit.command(.setMode(loop: "flow", mode: .auto))?.isAccepted == true)
        unit.steps(3)
        #expect(unit.snapshot.events.map(\.kind) == [.remoteSetpointHeld], "\(unit.snapshot.events)")
        #expect(unit.inner.modeDetail == nil)
        #expect(unit.outer.modeDetail == "tracking the setpoint of flow (flow in auto)")
    }

    @Test(arguments: [
        ("level", LoopMode.cascade, CommandResult.rejected(
            "level has no remote setpoint, so no cascade mode (remote setpoint: setpoint_from = \"<outer loop>\")")),
        ("flow", .auto, .accepted("flow mode auto")),
        ("level", .manual, .accepted("level mode manual")),
    ])
    func modeCommandsAreCheckedAgainstTheRemoteSetpoint(loop: String, mode: LoopMode, answer: CommandResult) throws {
        let unit = try CascadeFixture(innerMode: .auto)
        #expect(unit.command(.setMode(loop: loop, mode: mode)) == answer)
    }

    @Test func anOperatorCannotWriteTheSetpointOfALoopInCascade() throws {
        let unit = try CascadeFixture()
        unit.steps(2)
        #expect(unit.command(.setSetpoint(loop: "flow", value: 30))
            == .rejected("flow is in cascade: its setpoint comes from level; put it in auto to set it"))
        let restore = CommandSource(name: "restore", role: .system)
        #expect(unit.command(.setSetpoint(loop: "flow", value: 30), from: restore)?.isAccepted == true,
                "restore and reload may: the remote setpoint replaces it at the next scan")
        #expect(unit.inner.setpoint == unit.outerOutput)
    }

    @Test func theConsoleModeCommandReachesTheScan() throws {
        let unit = try CascadeFixture(innerMode: .auto)
        guard case .success(let command) = UnitConsoleBackend.command(for: .mode(loop: "flow", .cascade)) else {
            Issue.record("mode flow cascade is not a scan command")
            return
        }
        #expect(unit.command(command, from: CommandSource(name: "console:tom", role: UnitConsoleBackend.role(.technician)))
            == .accepted("flow mode cascade"))
        #expect(unit.inner.mode == .cascade)
        #expect(UnitConsoleBackend.loopLine(unit.inner).hasSuffix("[setpoint from level]"), "\(UnitConsoleBackend.loopLine(unit.inner))")
        guard case .success(let refused) = UnitConsoleBackend.command(for: .mode(loop: "level", .cascade)) else {
            Issue.record("mode level cascade is not a scan command")
            return
        }
        guard case .rejected(let reason)? = unit.command(refused) else { Issue.record("level accepted cascade"); return }
        #expect(reason.hasPrefix("level has no remote setpoint"))
    }
}
