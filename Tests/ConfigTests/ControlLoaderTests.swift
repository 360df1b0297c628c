import Testing
@testable import Config

@Suite struct ControlLoaderTests {
    @Test func validLoopsLoadToTheModel() throws {
        let unit = try ConfigLoader.loadUnit(at: Fixture.path("loops/valid.toml"))
        let control = unit.control
        #expect(control.loops.map(\.name) == ["aeration1", "ph1"])
        let aerationLoop = try #require(control.loop(named: "aeration1"))
        #expect(aerationLoop.mode == .auto)
        #expect(aerationLoop.setpoint == 2)
        #expect(aerationLoop.setpointLimits == 0...4)
        guard case .aeration(let aeration) = aerationLoop.kind else {
            Issue.record("aeration1 is not an aeration loop")
            return
        }
        #expect(aeration.dissolvedOxygen == PointReference(key: "do1.oxygen", imageKey: "do1.oxygen", unit: "mg/L", range: 0...20))
        #expect(aeration.airflow == nil)
        #expect(aeration.outer == PIDConfig(gain: 30, integralTime: 500, outputLimits: 25...100))
        #expect(aeration.badDOSpeed == 60)
        let blower = try #require(aeration.blowers.first)
        #expect(blower.speed.imageKey == "vfd1.speed")
        #expect(blower.run == PointReference(key: "vfd1.run", imageKey: "vfd1.run", isBoolean: true))
        #expect(blower.running == PointReference(key: "vfd1.status.running", imageKey: "vfd1.status", flag: "running"))
        #expect(blower.minimumSpeed == 25)
        let phLoop = try #require(control.loop(named: "ph1"))
        #expect(phLoop.mode == .manual)
        guard case .ph(let ph) = phLoop.kind else {
            Issue.record("ph1 is not a pH loop")
            return
        }
        #expect(ph.acid?.cycleTime == 20)
        #expect(ph.acid?.maximumPerHour == 1.5)
        #expect(ph.caustic == nil)
        #expect(ph.pid.outputLimits == -100...0, "no caustic pump: the upper side is closed")
        #expect(ph.schedule == [.init(ph: 6, gain: 30), .init(ph: 7, gain: 10)])
        #expect(ph.permissives.map(\.text) == ["gpio.float_high"])
        #expect(control.alarms.map(\.name) == ["do_low", "vfd_fault"])
        #expect(control.alarms[0].trigger == .analog(point: aeration.dissolvedOxygen, limits: [(.ll, 0.5), (.l, 1)], deadband: 0.1))
        #expect(control.alarms[0].priority == .high)
        #expect(control.alarms[1].latching)
        let interlock = try #require(control.interlocks.first)
        #expect(interlock.permissives.first?.comparison == .greaterOrEqual)
        #expect(interlock.permissives.first?.threshold == 5)
        #expect(interlock.trips.first?.holds(0) == true, "!gpio.float_high trips when the input is 0")
        #expect(interlock.loops == ["ph1"])
        #expect(unit.summary.contains("  aeration1: aeration, mode auto, setpoint 2 [0, 4]"))
        #expect(unit.summary.contains("  dry: permissive do1.temperature >= 5; trip !gpio.float_high; stops ph1; latching"))
    }

    @Test func everyControlErrorIsReportedWithFileLineAndKey() {
        let file = Fixture.path("loops/errors.toml")
        let expected = [
            "\(file):30: loops.a1.setpoint: 5 is outside setpoint_min...setpoint_max (0...4) mg/L",
            "\(file):32: loops.a1.moed: unknown key (did you mean 'mode'?)",
            "\(file):35: loops.a1.blowers.b1.speed: point 'vfd1.power' is read-only: it cannot be written",
            "\(file):36: loops.a1.blowers.b1.run: 'vfd1.status.running' is a status bit: it cannot be written",
            "\(file):37: loops.a1.blowers.b1.running: undefined device 'vfd2' (did you mean 'vfd1'?)",
            "\(file):38: loops.a1.blowers.b1.min_speed_pct: 120 is out of range 0...100 %",
            "\(file):41: loops.a2.type: 'fuzzy' is not one of: aeration, ph, pid",
            "\(file):46: loops.p1.ph: point 'do1.clean' is write-only: it cannot be read",
            "\(file):50: loops.p1.acid.output: 'gpio.float_high' is an input: it cannot be written",
            "\(file):55: loops.p1.caustic.cycle_s: only for an on/off output (relay or GPIO); 'vfd1.speed' is a speed",
            "\(file):61: loops.p2.output: point 'vfd1.speed' is already written by loops.p1.caustic.output (line 54)",
            "\(file):67: alarms.x.hh: 0.5 must be > h (1)",
            "\(file):69: alarms.y: one of 'point', 'when', 'deviation', 'rate', 'bad_quality', 'fault' is required (analogue limits, "
                + "condition, deviation from a loop's setpoint, rate of change, bad quality, equipment fault)",
            "\(file):70: alarms.y.priority: 'urgent' is not one of: critical, high, medium, low",
            "\(file):73: interlocks.i1.permissive: '>>' in 'do1.oxygen >> 2' is not a comparison (one of: > >= < <= == !=)",
            "\(file):73: interlocks.i1.permissive: undefined GPIO point 'nothing' (defined: float_high, dosing)",
            "\(file):74: interlocks.i1.loops: undefined loop 'p9' (did you mean 'p1'?)",
        ]
        do {
            _ = try ConfigLoader.loadUnit(at: file)
            Issue.record("loops/errors.toml loaded")
        } catch {
            #expect(error.errors.map(\.description) == expected)
        }
    }
}
