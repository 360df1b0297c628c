import Control
import Testing

/// Bumpless transfer, tracking and bad-PV handling. "Bumpless" is asserted as: the output
/// at the scan of the switch equals the output of the scan before it.
@Suite struct PIDModeTests {
    private let pi = PIDGains(gain: 2, integralTime: 20)

    /// A PI in auto, 20 scans into a steady error, output away from any limit.
    private func running() throws -> PIDController {
        var pid = try makePID(pi, limits: 0...100, output: 40)
        for _ in 0..<20 { pid.update(setpoint: 5, pv: good(4), dt: 1) }
        return pid
    }

    @Test(arguments: [PIDMode.manual, .cascade])
    func switchingFromAutoDoesNotBump(to mode: PIDMode) throws {
        var pid = try running()
        let before = pid.output
        pid.setMode(mode)
        // In cascade the outer loop asks for a different setpoint; the switch still must not bump.
        let info = pid.update(setpoint: 6, pv: good(4), dt: 1)
        #expect(info.mode == mode)
        #expect(info.output == before)
    }

    @Test func manualToAutoContinuesFromTheOperatorsOutput() throws {
        var pid = try running()
        pid.setMode(.manual)
        pid.manualOutput = 70
        for _ in 0..<10 {
            let info = pid.update(setpoint: 5, pv: good(3), dt: 1)
            #expect(info.output == 70)
            #expect(abs(info.p + info.i + info.d - 70) < 1e-9, "the integral tracks the manual output")
        }
        pid.setMode(.auto)
        let first = pid.update(setpoint: 5, pv: good(3), dt: 1).output
        let second = pid.update(setpoint: 5, pv: good(3), dt: 1).output
        #expect(first == 70)
        // Then only integral action moves it: Kc·dt/Ti·e = 2·1/20·2 = 0.2 per scan.
        #expect(abs(second - 70.2) < 1e-9)
    }

    @Test func cascadeToAutoAndBackAreBumpless() throws {
        var pid = try running()
        var last = pid.output
        for (mode, setpoint) in [(PIDMode.cascade, 4.5), (.auto, 5.0), (.cascade, 5.5), (.manual, 5.5), (.cascade, 3.0)] {
            pid.setMode(mode)
            let output = pid.update(setpoint: setpoint, pv: good(4), dt: 1).output
            #expect(output == last, "\(mode)")
            for _ in 0..<5 { last = pid.update(setpoint: setpoint, pv: good(4), dt: 1).output }
        }
    }

    @Test func parameterChangeIsBumpless() throws {
        var pid = try running()
        let before = pid.output
        var parameters = pid.parameters
        parameters.gains = PIDGains(gain: 8, integralTime: 5)
        parameters.setpointWeightP = 0.3
        try pid.setParameters(parameters)
        #expect(pid.update(setpoint: 5, pv: good(4), dt: 1).output == before)
    }

    @Test func scheduledGainChangeIsBumpless() throws {
        var pid = try running()
        try pid.setGainSchedule(GainSchedule(source: .externalSignal, points: [
            .init(at: 0, gains: pi),
            .init(at: 1, gains: PIDGains(gain: 6, integralTime: 20, derivativeTime: 3)),
        ]))
        let before = pid.update(setpoint: 5, pv: good(4), scheduleSignal: 0, dt: 1).output
        // Kc jumps 2 → 6 at e = 1: a naive block would step the output by 4.
        let info = pid.update(setpoint: 5, pv: good(4), scheduleSignal: 1, dt: 1)
        #expect(info.gains.gain == 6)
        // Only the scan's integral action (old gains: 2·1/20·1 = 0.1) separates the two outputs.
        #expect(abs(info.output - before - 0.1) < 1e-9)
    }

    @Test func trackingForcesTheOutputAndReleasesWithoutABump() throws {
        // An outer loop whose inner loop cannot follow (blower at minimum): it tracks what the
        // inner loop really does instead of winding up against it.
        var pid = try makePID(pi, limits: 0...100, output: 40)
        for _ in 0..<200 {
            pid.track(output: 25)
            let info = pid.update(setpoint: 5, pv: good(2), dt: 1)
            #expect(info.tracking && info.output == 25)
        }
        let released = pid.update(setpoint: 5, pv: good(2), dt: 1)
        #expect(!released.tracking && released.output == 25)
        // 200 s of e = 3 would have added 2·200/20·3 = 60 to an untracked integral.
        #expect(abs(pid.update(setpoint: 5, pv: good(2), dt: 1).output - 25.3) < 1e-9)
    }

    @Test func outerLoopTracksTheInnerSetpointUntilCascadeIsSwitchedOn() throws {
        var outer = try makePID(PIDGains(gain: 10, integralTime: 60), limits: 0...500, output: 100)
        var inner = try makePID(PIDGains(gain: 0.2, integralTime: 5), limits: 20...100, output: 50)
        var innerSetpointSeen: [Double] = []
        for scan in 0..<40 {
            if scan == 20 { inner.setMode(.cascade) }
            let innerSetpoint: Double
            if inner.mode == .cascade {
                innerSetpoint = outer.update(setpoint: 2, pv: good(1.6), dt: 1).output
            } else {
                outer.track(output: inner.info.target)
                outer.update(setpoint: 2, pv: good(1.6), dt: 1)
                innerSetpoint = 180
            }
            innerSetpointSeen.append(inner.update(setpoint: innerSetpoint, pv: good(175), dt: 1).target)
        }
        // The inner setpoint continues at 180 when the outer loop takes over.
        #expect(innerSetpointSeen[19] == 180 && innerSetpointSeen[20] == 180)
        #expect(innerSetpointSeen[21] > 180 && innerSetpointSeen[21] < 181)
    }

    @Test func badPVHoldsThenSubstitutesAfterTheDelayThenResumesBumplessly() throws {
        var pid = try makePID(pi, limits: 0...100, output: 40) {
            $0.badPV = BadPVPolicy(action: .substitute(15), delay: 3)
        }
        let last = pid.update(setpoint: 5, pv: good(4), dt: 1).output
        var seen: [(Double, Bool)] = []
        for _ in 0..<5 {
            let info = pid.update(setpoint: 5, pv: bad(), dt: 1)
            #expect(info.pvBad && info.actual == 4)
            seen.append((info.output, info.substituted))
        }
        #expect(seen.map(\.0) == [last, last, 15, 15, 15])
        #expect(seen.map(\.1) == [false, false, true, true, true])
        let back = pid.update(setpoint: 5, pv: good(4), dt: 1)
        #expect(!back.pvBad && back.output == 15)
    }

    @Test func badPVHoldsTheLastOutputByDefault() throws {
        var pid = try running()
        let last = pid.output
        for _ in 0..<100 {
            let info = pid.update(setpoint: 5, pv: Sample(value: 4, quality: .bad, time: 0), dt: 1)
            #expect(info.output == last && !info.substituted)
        }
    }

    @Test func manualIgnoresTheSetpointAndClampsTheOperatorsOutput() throws {
        var pid = try running()
        pid.setMode(.manual)
        pid.manualOutput = 140
        #expect(pid.update(setpoint: .nan, pv: bad(), dt: 1).output == 100)
        pid.manualOutput = 30
        #expect(pid.update(setpoint: 5, pv: good(4), dt: 1).output == 30)
    }

    @Test func setpointFollowsThePVInManualWhenConfigured() throws {
        var pid = try makePID(pi, limits: 0...100, output: 40) {
            $0.setpointTracksPVInManual = true
            $0.setpointRampRate = 0.01
        }
        pid.setMode(.manual)
        #expect(pid.update(setpoint: 5, pv: good(3.2), dt: 1).target == 3.2)
        pid.setMode(.auto)
        // Back in auto the setpoint ramps from the PV toward the operator's value.
        #expect(abs(pid.update(setpoint: 5, pv: good(3.2), dt: 1).target - 3.21) < 1e-9)
    }
}

extension PIDModeTests {
    @Test func nonFiniteManualOutputHoldsTheLastOutput() throws {
        var pid = try makePID(PIDGains(gain: 2, integralTime: 20), limits: 0...100, output: 40)
        pid.setMode(.manual)
        pid.manualOutput = .nan
        let info = pid.update(setpoint: 5, pv: good(4), dt: 1)
        #expect(info.output == 40 && info.invalidInput)
    }
}
