import Testing
@testable import Config

/// `setpoint_from` between pid loops and the aeration loop's `[ammonia]` table.
@Suite struct CascadeLoaderTests {
    @Test func remoteSetpointsLoadAndAskForCascadeAtStart() throws {
        let control = try ConfigLoader.loadUnit(at: Fixture.path("loops/cascade.toml")).control
        let inner = try #require(control.loop(named: "do5"))
        guard case .pid(let pid) = inner.kind else { Issue.record("do5 is not a pid loop"); return }
        #expect(pid.setpointFrom == "nh4")
        #expect(inner.setpointSource == "nh4")
        #expect(inner.mode == .cascade, "a loop with a remote setpoint starts in cascade unless its mode says otherwise")
        #expect(control.loop(named: "nh4")?.mode == .auto)
        #expect(control.loop(named: "nh4")?.setpointSource == nil)

        let aeration = try #require(control.loop(named: "aeration1"))
        #expect(aeration.mode == .auto, "an explicit mode stands")
        #expect(aeration.setpointSource == "NH4 do1.temperature")
        guard case .aeration(let config) = aeration.kind, let ammonia = config.ammonia else { Issue.record("no [ammonia]"); return }
        #expect(ammonia.law == .proportionalIntegral(setpoint: 1.5, gain: 0.8, integralTime: 1200))
        #expect(ammonia.doLimits == 1...3)
        #expect(ammonia.maximumRatePerMinute == 0.2)
        #expect(ammonia.substitute == 2.5)
        #expect(ammonia.substituteDelay == 30)

        guard case .aeration(let second) = control.loop(named: "aeration2")?.kind, let feedForward = second.ammonia else {
            Issue.record("aeration2 has no [ammonia]")
            return
        }
        #expect(feedForward.law == .feedForward(intercept: 0.5, slope: 0.4))
        #expect(feedForward.doLimits == 0...10, "do_min...do_max default to the loop's setpoint limits")
        #expect(feedForward.substitute == 2, "the substitute defaults to the loop's setpoint")
        #expect(feedForward.substituteDelay == 60)
        #expect(control.loop(named: "aeration2")?.mode == .cascade)
        let summary = control.summaryLines.joined(separator: "\n")
        #expect(summary.contains("do5: pid, mode cascade, setpoint 2 [0.5, 4]\n    do1.oxygen -> vfd1.speed (reverse)\n"
            + "    remote setpoint (cascade) from nh4"), "\(summary)")
    }

    @Test func cascadeErrorsNameTheKeyAndSayWhy() {
        let file = Fixture.path("loops/cascade-errors.toml")
        let errors = Fixture.errors(loading: file)
        let expected = [
            "\(file):70: loops.self.setpoint_from: a loop cannot take its setpoint from itself",
            "\(file):78: loops.orphan.setpoint_from: undefined loop 'nh3'",
            "\(file):86: loops.c1.setpoint_from: setpoint_from makes a cycle: c1 <- c2 <- c1 (each takes its setpoint from the next)",
            "\(file):116: loops.narrow.setpoint_from: the output range of 'wide' (out_min...out_max 0...100) must lie within "
                + "setpoint_min...setpoint_max of 'narrow' (-1000000000...4)",
            "\(file):124: loops.fromair.setpoint_from: 'air' is an aeration loop: only a pid loop's output can be a setpoint",
            "\(file):132: loops.lonely.mode: cascade needs a remote setpoint: setpoint_from (pid loop) or [loops.lonely.ammonia] (aeration loop)",
            "\(file):139: loops.air.setpoint_from: only for pid loops (an aeration loop's remote DO setpoint is its [ammonia] table)",
            "\(file):147: loops.air.ammonia.setpoint: only with mode = \"pi\"",
            "\(file):149: loops.air.ammonia.do_min: do_min...do_max (1...5 mg/L) must lie within the loop's setpoint_min...setpoint_max (0...4 mg/L)",
        ]
        for line in expected {
            #expect(errors.contains { $0.hasPrefix(line) }, "missing: \(line)\nall:\n\(errors.joined(separator: "\n"))")
        }
        #expect(errors.count == expected.count, "\(errors.joined(separator: "\n"))")
    }
}
