import Config
import FieldIO
import HAL
import Logging
import Runtime
import StateStore
import Testing

/// `cascade` is retained and restored like the other modes, and carried over a reload without a bump.
@Suite struct CascadeRetainTests {
    static let level = PointReference(key: "tank.level", imageKey: "tank.level", unit: "m", range: 0...10)
    static let reference = PointReference(key: "ref.flow", imageKey: "ref.flow", unit: "m3/h", range: 0...100)
    static let flow = PointReference(key: "pump.flow", imageKey: "pump.flow", unit: "m3/h", range: 0...100)
    static let speed = PointReference(key: "pump.speed", imageKey: "pump.speed", unit: "%", range: 0...100)

    /// Outer `level` -> inner `flow` (`setpoint_from = "level"`), the inner starting in `innerMode`.
    final class Unit {
        let clock = ManualClock()
        let image = PointImage()
        let control: ControlConfig
        let engine: ScanEngine<UnitProgram>

        init(innerMode: LoopMode) throws {
            let inner = LoopConfig(name: "flow", mode: innerMode, setpoint: 40, setpointLimits: 0...100,
                                   kind: .pid(PIDLoopConfig(pv: CascadeRetainTests.flow, output: CascadeRetainTests.speed,
                                                            pid: PIDConfig(gain: 0.5, integralTime: 3, outputLimits: 0...100),
                                                            safeOutput: 0, setpointFrom: "level")))
            let outer = LoopConfig(name: "level", mode: .auto, setpoint: 4, setpointLimits: 0...10,
                                   kind: .pid(PIDLoopConfig(pv: CascadeRetainTests.level, output: CascadeRetainTests.reference,
                                                            pid: PIDConfig(gain: 20, integralTime: 100, outputLimits: 0...100),
                                                            safeOutput: 0)))
            control = ControlConfig(loops: [inner, outer])
            engine = ScanEngine(program: try UnitProgram(control: control), period: .seconds(1), image: image, clock: clock,
                                logger: FlowLoopFixture.quiet)
            image.update([CascadeRetainTests.level.imageKey: PointSample(value: 3.5, quality: .good, time: clock.now),
                          CascadeRetainTests.flow.imageKey: PointSample(value: 40, quality: .good, time: clock.now)])
        }

        func step() {
            clock.advance(by: .seconds(1))
            engine.runCycle(deadline: clock.now)
        }

        /// Submits `plan` as `floc run` does and runs scans until it is done.
        func restore(_ plan: RestorePlan) {
            let restorer = StateRestorer(plan: plan, commands: engine.commands, now: 0, logger: FlowLoopFixture.quiet)
            for _ in 0..<4 {
                step()
                restorer.follow(engine.snapshots.value, commands: engine.commands, now: 0)
            }
        }

        var snapshot: UnitSnapshot { engine.snapshots.value!.program }
    }

    @Test func cascadeIsSavedAndRestored() throws {
        let first = try Unit(innerMode: .cascade)
        for _ in 0..<30 { first.step() }
        let saved = RetainedState(snapshot: first.snapshot, control: first.control, wallTime: 0)
        #expect(saved.loops["flow"]?.mode == "cascade")

        // The start mode is part of the loop's definition: this unit file changed it.
        var policy = RetainConfig()
        policy.changedLoops = .restore
        let second = try Unit(innerMode: .auto)
        second.restore(RestorePlan(saved: saved, control: second.control, policy: policy, now: 0))
        #expect(second.snapshot.loop("flow")?.mode == .cascade)
        #expect(second.snapshot.loop("flow")?.setpoint == second.image.desired(CascadeRetainTests.reference.imageKey),
                "back on the outer loop's output")
    }

    @Test func aReloadCarriesCascadeOverWithoutAStep() throws {
        let first = try Unit(innerMode: .cascade)
        for _ in 0..<30 { first.step() }
        let setpoint = try #require(first.snapshot.loop("flow")?.setpoint)
        let plan = RestorePlan(carryingOver: first.snapshot, into: first.control)
        #expect(plan.laterSteps.map(\.command).contains(.setMode(loop: "flow", mode: .cascade)))

        let second = try Unit(innerMode: .cascade)
        second.restore(plan)
        let inner = try #require(second.snapshot.loop("flow"))
        #expect(inner.mode == .cascade)
        #expect(abs(inner.setpoint - setpoint) < 0.5, "from \(setpoint) to \(inner.setpoint)")
    }
}
