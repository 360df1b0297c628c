import Control
import Foundation
import Testing

/// Term-by-term responses against hand-computed values (after PX4's PIDTest).
@Suite struct PIDControllerTests {
    @Test(arguments: [
        // (action, Kc, b, SP, PV, expected P)
        (PIDAction.reverse, 2.0, 1.0, 10.0, 8.0, 4.0),
        (.direct, 2.0, 1.0, 10.0, 8.0, -4.0),
        (.reverse, 2.0, 0.5, 10.0, 8.0, -6.0),   // 2·(0.5·10 − 8)
        (.direct, 0.5, 1.0, 7.0, 9.0, 1.0),      // PV above SP: a direct loop pushes up
        (.reverse, 0.0, 1.0, 10.0, 0.0, 0.0),
    ])
    func proportional(action: PIDAction, kc: Double, b: Double, sp: Double, pv: Double, expected: Double) throws {
        var pid = try makePID(PIDGains(gain: kc), action: action) { $0.setpointWeightP = b }
        let info = pid.update(setpoint: sp, pv: good(pv), dt: 1)
        #expect(abs(info.p - expected) < 1e-12)
        #expect(abs(info.output - expected) < 1e-12)
        #expect(info.error == sp - pv)
    }

    @Test func reverseRaisesTheOutputWhenThePVFallsAndDirectLowersIt() throws {
        for (action, direction) in [(PIDAction.reverse, 1.0), (.direct, -1.0)] {
            var pid = try makePID(PIDGains(gain: 1, integralTime: 5), action: action)
            let before = pid.update(setpoint: 2, pv: good(2), dt: 1).output
            let after = pid.update(setpoint: 2, pv: good(1.5), dt: 1).output
            #expect((after - before) * direction > 0, "\(action)")
        }
    }

    @Test func integralRampsAtKcOverTiTimesError() throws {
        // Kc = 2, Ti = 10 s, e = 2: P = 4, I grows 2·1/10·2 = 0.4 per 1 s step.
        var pid = try makePID(PIDGains(gain: 2, integralTime: 10))
        let outputs = (0..<5).map { _ in pid.update(setpoint: 10, pv: good(8), dt: 1).output }
        for (k, output) in outputs.enumerated() {
            #expect(abs(output - (4 + 0.4 * Double(k))) < 1e-12)
        }
    }

    @Test func derivativeOfARampApproachesKcTdSlope() throws {
        // Kc = 1, Td = 10 s, N = 10, h = 1 s: ad = 10/(10+10) = 0.5, bd = Kc·N·ad = 5.
        // PV rises 0.1 per step: D1 = −0.5, D2 = 0.5·D1 − 0.5 = −0.75, … → −Kc·Td·0.1 = −1.
        var pid = try makePID(PIDGains(gain: 1, derivativeTime: 10))
        pid.update(setpoint: 0, pv: good(0), dt: 1)
        var d: [Double] = []
        for k in 1...40 { d.append(pid.update(setpoint: 0, pv: good(0.1 * Double(k)), dt: 1).d) }
        #expect(abs(d[0] + 0.5) < 1e-12)
        #expect(abs(d[1] + 0.75) < 1e-12)
        #expect(abs(d[39] + 1) < 1e-9)
    }

    @Test(arguments: [5.0, 10.0, 20.0])
    func derivativeFilterDecaysWithTdOverN(n: Double) throws {
        // A PV step of 1: D jumps to −Kc·N·ad and then decays by ad = Td/(Td + N·h) each step.
        var pid = try makePID(PIDGains(gain: 2, derivativeTime: 4)) { $0.derivativeFilter = n }
        let h = 0.1
        pid.update(setpoint: 0, pv: good(0), dt: h)
        let ad = 4 / (4 + n * h)
        for k in 0..<10 {
            let d = pid.update(setpoint: 0, pv: good(1), dt: h).d
            let expected: Double = -2 * n * ad * pow(ad, Double(k))
            #expect(abs(d - expected) < 1e-12)
        }
    }

    @Test(arguments: [(0.0, 1.0), (1.0, 6.0)])
    func derivativeKickOnlyWithSetpointWeightC(c: Double, expectedOutput: Double) throws {
        // SP step 0 → 1 with the PV still: P = 1; D = bd·c·1 with bd = 5 (see the ramp test).
        var pid = try makePID(PIDGains(gain: 1, derivativeTime: 10)) { $0.setpointWeightD = c }
        pid.update(setpoint: 0, pv: good(0), dt: 1)
        let info = pid.update(setpoint: 1, pv: good(0), dt: 1)
        #expect(abs(info.output - expectedOutput) < 1e-12)
    }

    @Test(arguments: [
        // (PV, expected P) with SP 10, Kc 2, deadband 0.5: the error is shrunk by the band.
        (9.8, 0.0), (10.3, 0.0), (9.0, 1.0), (11.0, -1.0), (10.5, 0.0),
    ])
    func deadband(pv: Double, expectedP: Double) throws {
        var pid = try makePID(PIDGains(gain: 2)) { $0.deadband = 0.5 }
        #expect(abs(pid.update(setpoint: 10, pv: good(pv), dt: 1).p - expectedP) < 1e-12)
    }

    @Test func noIntegrationInsideTheDeadband() throws {
        var pid = try makePID(PIDGains(gain: 1, integralTime: 5), output: 20) { $0.deadband = 0.5 }
        for _ in 0..<100 { pid.update(setpoint: 10, pv: good(9.7), dt: 1) }
        #expect(pid.output == 20)
    }

    @Test(arguments: [
        // (setpoint, pv, feed-forward, dt)
        (Double.nan, 1.0, 0.0, 1.0),
        (1.0, 1.0, Double.infinity, 1.0),
        (1.0, 1.0, 0.0, 0.0),
        (1.0, 1.0, 0.0, -1.0),
        (1.0, 1.0, 0.0, Double.nan),
        (1.0, 1.0, 0.0, 3600.0),
        (Double.infinity, 1.0, 0.0, 1.0),
    ])
    func invalidInputHoldsTheOutput(sp: Double, pv: Double, ff: Double, dt: Double) throws {
        var pid = try makePID(PIDGains(gain: 3, integralTime: 2, derivativeTime: 1))
        let held = pid.update(setpoint: 5, pv: good(1), dt: 1).output
        let info = pid.update(setpoint: sp, pv: good(pv), feedForward: ff, dt: dt)
        #expect(info.invalidInput)
        #expect(info.output == held)
        // And the next good scan continues without a jump.
        let next = pid.update(setpoint: 5, pv: good(1), dt: 1)
        #expect(!next.invalidInput && next.output.isFinite)
        // One scan of integral at e = 4: Kc·dt/Ti·e = 6.
        let step = abs(next.output - held)
        #expect(step <= 6 + 1e-9)
    }

    @Test func nanPVWithGoodQualityIsTreatedAsBad() throws {
        var pid = try makePID(PIDGains(gain: 1, integralTime: 10))
        let held = pid.update(setpoint: 5, pv: good(3), dt: 1).output
        let info = pid.update(setpoint: 5, pv: good(.nan), dt: 1)
        #expect(info.pvBad && info.output == held && info.actual == 3)
    }

    @Test func feedForwardAddsToTheOutput() throws {
        var pid = try makePID(PIDGains(gain: 2))
        let info = pid.update(setpoint: 1, pv: good(0), feedForward: 7, dt: 1)
        #expect(info.feedForward == 7 && info.output == 9)
    }

    @Test(arguments: [
        PIDParameters(gains: PIDGains(gain: -1)),
        PIDParameters(gains: PIDGains(gain: 1, integralTime: -2)),
        PIDParameters(gains: PIDGains(gain: 1), derivativeFilter: 0.5),
        PIDParameters(gains: PIDGains(gain: 1), setpointWeightP: 1.5),
        PIDParameters(gains: PIDGains(gain: 1), outputLimits: 0...Double.infinity),
        PIDParameters(gains: PIDGains(gain: 1), outputRateLimit: 0),
        PIDParameters(gains: PIDGains(gain: 1), badPV: BadPVPolicy(action: .substitute(.nan))),
        PIDParameters(gains: PIDGains(gain: .nan)),
    ])
    func parametersOutOfBoundsAreRefused(parameters: PIDParameters) {
        #expect(throws: ControlParameterError.self) { try PIDController(parameters: parameters) }
    }

    @Test func parallelConversionRoundTrips() {
        let gains = PIDGains(parallelKp: 2, ki: 0.5, kd: 3)
        #expect(gains.integralTime == 4 && gains.derivativeTime == 1.5)
        #expect(gains.ki == 0.5 && gains.kd == 3)
        #expect(PIDGains(parallelKp: 2, ki: 0, kd: 0).hasIntegral == false)
    }
}
