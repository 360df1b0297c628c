import Control
import Testing
import Foundation

@Suite struct PIDLimitTests {
    /// Steps until the output leaves its upper limit after the error turns negative.
    private func stepsToLeaveHighLimit(_ next: (Double) -> Double) -> Int {
        for _ in 0..<300 { _ = next(10) }    // 300 s with e = +10: saturated high
        for step in 1...5000 where next(-2) < 10 { return step }
        return .max
    }

    @Test func backCalculationLeavesTheLimitPromptlyWhereANaiveIntegratorWindsUp() throws {
        var pid = try makePID(PIDGains(gain: 1, integralTime: 10), limits: 0...10)
        var naive = NaivePI(kc: 1, ti: 10, limits: 0...10)
        let ours = stepsToLeaveHighLimit { e in pid.update(setpoint: 10, pv: good(10 - e), dt: 1).output }
        let theirs = stepsToLeaveHighLimit { e in naive.update(error: e, dt: 1) }
        #expect(ours == 1)
        // The naive integral reached 1·300/10·10 = 300 and unwinds at 0.2/s: ~1400 s.
        #expect(theirs > 1000)
    }

    @Test func integralStaysBoundedWhileSaturated() throws {
        var pid = try makePID(PIDGains(gain: 1, integralTime: 10), limits: 0...10)
        var info = pid.update(setpoint: 10, pv: good(0), dt: 1)
        for _ in 0..<1000 { info = pid.update(setpoint: 10, pv: good(0), dt: 1) }
        #expect(info.saturation == .high && info.output == 10)
        // Back-calculation equilibrium: the integral gain per step equals the pull back,
        // Kc·dt/Ti·e = (wanted − applied)·(1 − e^{−dt/Tt}) with Tt = Ti/2 = 5 s; so
        // wanted − applied = 1/(1 − e^{−0.2}) ≈ 5.52 (≈ Tt + dt/2) and I = 10 + 5.52 − P(10).
        let excess = 1 / (1 - exp(-0.2))
        #expect(abs(info.i - (excess + 10 - 10)) < 1e-6)
    }

    @Test func outputRateLimitRampsAndFlagsIt() throws {
        var pid = try makePID(PIDGains(gain: 1)) { $0.outputRateLimit = 1 }
        pid.update(setpoint: 0, pv: good(0), dt: 0.5)
        var outputs: [Double] = []
        var flags: [Bool] = []
        for _ in 0..<25 {
            let info = pid.update(setpoint: 10, pv: good(0), dt: 0.5)
            outputs.append(info.output)
            flags.append(info.rateLimited)
        }
        for k in 0..<20 { #expect(abs(outputs[k] - 0.5 * Double(k + 1)) < 1e-12) }
        #expect(flags[..<19].allSatisfy { $0 } && !flags[20])
        #expect(outputs[24] == 10)
    }

    @Test func rateLimitedOutputTurnsAroundAsSoonAsTheErrorChangesSign() throws {
        var pid = try makePID(PIDGains(gain: 1, integralTime: 10), limits: 0...100) { $0.outputRateLimit = 0.1 }
        var naive = NaivePI(kc: 1, ti: 10, limits: 0...100)
        var naiveOutput = 0.0, output = pid.update(setpoint: 0, pv: good(0), dt: 1).output
        for _ in 0..<50 {
            output = pid.update(setpoint: 10, pv: good(0), dt: 1).output
            // The same rate limit on the naive loop, outside it, as a separate ramp block would do.
            naiveOutput = min(naive.update(error: 10, dt: 1), naiveOutput + 0.1)
        }
        #expect(abs(output - 5) < 1e-9)
        let turned = pid.update(setpoint: 10, pv: good(12), dt: 1).output
        #expect(turned < output)
        // The naive loop's integral (60) still drives it up long after the error turned.
        let naiveNext = max(min(naive.update(error: -2, dt: 1), naiveOutput + 0.1), naiveOutput - 0.1)
        #expect(naiveNext > naiveOutput)
    }

    @Test func setpointRampMovesAtTheConfiguredRate() throws {
        var pid = try makePID(PIDGains(gain: 1)) { $0.setpointRampRate = 0.1 }
        pid.update(setpoint: 2, pv: good(2), dt: 1)
        let targets = (0..<15).map { _ in pid.update(setpoint: 3, pv: good(2), dt: 1).target }
        for k in 0..<10 { #expect(abs(targets[k] - (2 + 0.1 * Double(k + 1))) < 1e-9) }
        #expect(targets[14] == 3)
        // Downward as well.
        let down = pid.update(setpoint: 0, pv: good(2), dt: 2).target
        #expect(abs(down - 2.8) < 1e-9)
    }

    @Test(arguments: [(8.0, 5.0), (-3.0, 0.5), (2.0, 2.0)])
    func setpointLimits(requested: Double, effective: Double) throws {
        var pid = try makePID(PIDGains(gain: 1)) { $0.setpointLimits = 0.5...5 }
        #expect(pid.update(setpoint: requested, pv: good(1), dt: 1).target == effective)
    }

    @Test(arguments: [(200.0, PIDSaturation.high, 100.0), (-50.0, .low, 0.0), (40.0, .none, 40.0)])
    func outputLimits(p: Double, saturation: PIDSaturation, output: Double) throws {
        var pid = try makePID(PIDGains(gain: 1), limits: 0...100)
        let info = pid.update(setpoint: p, pv: good(0), dt: 1)
        #expect(info.saturation == saturation && info.output == output && info.isLimited == (saturation != .none))
    }
}
