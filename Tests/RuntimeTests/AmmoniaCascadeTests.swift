import Config
import FieldIO
import HAL
import Logging
import Testing
@testable import Runtime

/// An aeration loop whose DO setpoint comes from NH4 (`[ammonia]`) in cascade mode.
@Suite struct AmmoniaCascadeTests {
    static let oxygen = PointReference(key: "do1.oxygen", imageKey: "do1.oxygen", unit: "mg/L", range: 0...20)
    static let ammonium = PointReference(key: "nh4.value", imageKey: "nh4.value", unit: "mg/L", range: 0...50)
    static let speed = PointReference(key: "blower1.speed", imageKey: "blower1.speed", unit: "%", range: 0...100)

    final class Unit {
        let clock = ManualClock()
        let image = PointImage()
        let engine: ScanEngine<UnitProgram>

        init(mode: LoopMode) throws {
            let ammonia = AmmoniaSetpointConfig(point: AmmoniaCascadeTests.ammonium,
                                                law: .proportionalIntegral(setpoint: 1, gain: 0.5, integralTime: 600),
                                                doLimits: 1...3, maximumRatePerMinute: 0.6, substitute: 2, substituteDelay: 30)
            let aeration = AerationLoopConfig(dissolvedOxygen: AmmoniaCascadeTests.oxygen,
                                              outer: PIDConfig(gain: 25, integralTime: 600, outputLimits: 20...100),
                                              blowers: [BlowerConfig(name: "blower1", speed: AmmoniaCascadeTests.speed)],
                                              ammonia: ammonia)
            let loop = LoopConfig(name: "aeration1", mode: mode, setpoint: 1.5, setpointLimits: 0.5...4, kind: .aeration(aeration))
            engine = ScanEngine(program: try UnitProgram(control: ControlConfig(loops: [loop])), period: .seconds(1),
                                image: image, clock: clock, logger: Logger(label: "floc.test"))
            set(ammonium: 5)
        }

        func set(ammonium: Double, quality: PointQuality = .good) {
            image.update([AmmoniaCascadeTests.oxygen.imageKey: PointSample(value: 1.5, quality: .good, time: clock.now),
                          AmmoniaCascadeTests.ammonium.imageKey: PointSample(value: ammonium, quality: quality, time: clock.now)])
        }

        func step() {
            clock.advance(by: .seconds(1))
            engine.runCycle(deadline: clock.now)
        }

        func command(_ command: UnitCommand, role: CommandSource.Role = .operator_) -> CommandResult? {
            let ticket = engine.commands.submit(command, from: CommandSource(name: "console:ana", role: role))
            step()
            return ticket.result
        }

        var loop: LoopStatus { engine.snapshots.value!.program.loop("aeration1")! }
        var events: [UnitEvent] { engine.snapshots.value!.program.events }
    }


    @Test func highAmmoniaRaisesTheDOSetpointAtTheRateUpToTheLimit() throws {
        let unit = try Unit(mode: .cascade)
        var previous = 1.5
        for _ in 0..<600 {
            unit.step()
            let setpoint = unit.loop.setpoint
            #expect(setpoint - previous <= 0.01 + 1e-9, "at most 0.6 mg/L/min")
            #expect(setpoint <= 3 + 1e-12)
            previous = setpoint
        }
        #expect(abs(previous - 3) < 1e-9, "NH4 stays above its 1 mg/L: the PI goes to do_max")
        #expect(unit.loop.mode == .cascade && unit.loop.setpointSource == "NH4 nh4.value")
        #expect(unit.loop.modeDetail == "setpoint from NH4 nh4.value")
        #expect(unit.command(.setSetpoint(loop: "aeration1", value: 2))
            == .rejected("aeration1 is in cascade: its setpoint comes from NH4 nh4.value; put it in auto to set it"))
    }

    @Test func badAmmoniaHoldsThenMovesToTheSubstituteAndIsLogged() throws {
        let unit = try Unit(mode: .cascade)
        for _ in 0..<60 { unit.step() }
        let held = unit.loop.setpoint
        unit.set(ammonium: 5, quality: .commFail)
        for _ in 0..<29 { unit.step() }
        #expect(unit.loop.setpoint == held, "held for substitute_delay_s")
        #expect(unit.loop.modeDetail == "setpoint from NH4 nh4.value held: nh4.value bad: DO setpoint held")
        for _ in 0..<200 { unit.step() }
        #expect(abs(unit.loop.setpoint - 2) < 1e-9, "then the substitute")
        #expect(unit.events.filter { $0.kind == .remoteSetpointHeld }.map(\.message).last?
            .hasSuffix("nh4.value bad: substitute DO setpoint 2 mg/L") == true, "\(unit.events)")
        unit.set(ammonium: 5)
        unit.step()
        #expect(unit.events.last?.kind == .remoteSetpointResumed)
        #expect(abs(unit.loop.setpoint - 2) <= 0.01 + 1e-9, "NH4 back: on from the substitute without a step")
    }

    @Test func enteringAndLeavingCascadeDoNotStepTheDOSetpoint() throws {
        let unit = try Unit(mode: .auto)
        for _ in 0..<300 { unit.step() }
        #expect(unit.loop.setpoint == 1.5, "auto: the operator's setpoint")
        #expect(unit.command(.setMode(loop: "aeration1", mode: .cascade)) == .accepted("aeration1 mode cascade"))
        #expect(abs(unit.loop.setpoint - 1.5) <= 0.01 + 1e-9, "the PI tracked 1.5 mg/L: no wind-up to do_max")
        for _ in 0..<30 { unit.step() }
        let inCascade = unit.loop.setpoint
        #expect(inCascade > 1.5)
        #expect(unit.command(.setMode(loop: "aeration1", mode: .auto)) == .accepted("aeration1 mode auto"))
        #expect(unit.loop.setpoint == inCascade, "auto keeps the setpoint cascade left")
        #expect(unit.command(.setMode(loop: "aeration1", mode: .manual))?.isAccepted == true)
    }
}
