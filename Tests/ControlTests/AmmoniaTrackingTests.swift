import Control
import Testing

/// The ammonia-based DO setpoint follows the setpoint in use while its loop is not in cascade,
/// so entering cascade starts from it and moves on at the rate limit only.
@Suite struct AmmoniaTrackingTests {
    private static func settings(_ law: AmmoniaDOSetpoint.Law) -> AmmoniaDOSetpoint.Settings {
        AmmoniaDOSetpoint.Settings(law: law, limits: 1...3, maximumRate: 0.01, substitute: 2, substituteDelay: 30)
    }

    @Test(arguments: [
        AmmoniaDOSetpoint.Law.proportionalIntegral(PIDGains(gain: 0.5, integralTime: 600), ammoniaSetpoint: 1),
        .feedForward(intercept: 0.5, slope: 0.5),
    ])
    func enteringCascadeStartsFromTheTrackedSetpoint(law: AmmoniaDOSetpoint.Law) throws {
        var block = try AmmoniaDOSetpoint(settings: Self.settings(law), initial: 2)
        // NH4 high for ten minutes while the loop runs on its operator's 1.2 mg/L: no wind-up.
        for _ in 0..<600 { block.track(doSetpoint: 1.2, ammonia: good(6), dt: 1) }
        #expect(block.setpoint == 1.2)
        var previous = 1.2
        for _ in 0..<100 {
            let info = block.update(ammonia: good(6), dt: 1)
            #expect(abs(info.setpoint - previous) <= 0.01 + 1e-12, "no step beyond one scan's rate")
            previous = info.setpoint
        }
        #expect(previous > 1.3 && previous <= 2.2 + 1e-9, "then moves up, at most at 0.01 mg/L/s: \(previous)")
    }

    @Test func aTrackedSetpointOutsideTheLimitsComesInAtTheRate() throws {
        var block = try AmmoniaDOSetpoint(settings: Self.settings(.feedForward(intercept: 0, slope: 1)), initial: 2)
        block.track(doSetpoint: 4, ammonia: good(2.5), dt: 1)
        #expect(block.setpoint == 4, "kept as it is, not clamped: clamping would step")
        #expect(abs(block.update(ammonia: good(2.5), dt: 1).setpoint - 3.99) < 1e-9)
    }

    @Test func badAmmoniaWhileTrackingCountsTowardTheSubstitute() throws {
        var block = try AmmoniaDOSetpoint(settings: Self.settings(.feedForward(intercept: 0, slope: 1)), initial: 1.5)
        for _ in 0..<40 { block.track(doSetpoint: 1.5, ammonia: bad(), dt: 1) }
        let info = block.update(ammonia: bad(), dt: 1)
        #expect(info.substituted, "40 s of bad NH4 already: past the 30 s delay")
        #expect(abs(info.setpoint - 1.51) < 1e-9, "toward the substitute 2 mg/L at the rate")
    }
}
