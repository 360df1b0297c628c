import Control
import Testing

/// Ammonia-based DO setpoint: limits, rate of change, substitute on bad NH4.
@Suite struct AmmoniaDOSetpointTests {
    private static let settings = AmmoniaDOSetpoint.Settings(
        law: .feedForward(intercept: 0.5, slope: 0.5), limits: 0.5...2.5, maximumRate: 0.01, substitute: 2, substituteDelay: 60)

    @Test(arguments: [
        // NH4 mg/L, DO setpoint after 10 min at 0.01 mg/L/s from 1.0 mg/L
        (1.0, 1.0), (2.0, 1.5), (0.0, 0.5), (20.0, 2.5), (3.0, 2.0),
    ])
    func feedForwardSetpointSettlesWithinLimits(ammonia: Double, expected: Double) throws {
        var block = try AmmoniaDOSetpoint(settings: Self.settings, initial: 1)
        var previous = 1.0
        for _ in 0..<600 {
            let info = block.update(ammonia: good(ammonia), dt: 1)
            #expect(abs(info.setpoint - previous) <= 0.01 + 1e-12)
            #expect((0.5...2.5).contains(info.setpoint))
            previous = info.setpoint
        }
        #expect(abs(previous - expected) < 1e-9)
    }

    @Test func stepInAmmoniaRampsAtTheMaximumRate() throws {
        var block = try AmmoniaDOSetpoint(settings: Self.settings, initial: 1)
        let trace = (0..<50).map { _ in block.update(ammonia: good(20), dt: 1) }
        #expect(trace.allSatisfy { $0.rateLimited })
        #expect(abs(trace.last!.setpoint - 1.5) < 1e-9)
    }

    @Test func badAmmoniaHoldsThenRampsToTheSubstitute() throws {
        var block = try AmmoniaDOSetpoint(settings: Self.settings, initial: 1)
        for second in 1...200 {
            let info = block.update(ammonia: bad(), dt: 1)
            #expect(info.ammoniaBad)
            // Held for 59 s, then 0.01 mg/L/s from 1.0 to 2.0: there at 60 + 99 s.
            let expected = second < 60 ? 1.0 : min(1 + 0.01 * Double(second - 59), 2)
            #expect(abs(info.setpoint - expected) < 1e-9, "\(second)")
            #expect(info.substituted == (second >= 60))
        }
    }

    @Test func proportionalIntegralLawDrivesAmmoniaToTarget() throws {
        let settings = AmmoniaDOSetpoint.Settings(
            law: .proportionalIntegral(PIDGains(gain: 0.5, integralTime: 1200), ammoniaSetpoint: 1),
            limits: 0.5...2.5, maximumRate: 0.001, substitute: 2, substituteDelay: 0)
        var block = try AmmoniaDOSetpoint(settings: settings, initial: 1)
        // NH4 = 4 − 1.5·DO (more air, more nitrification): a static plant whose answer is DO = 2.
        var ammonia = 2.5
        for _ in 0..<20000 {
            let info = block.update(ammonia: good(ammonia), dt: 1)
            #expect((0.5...2.5).contains(info.setpoint))
            ammonia = 4 - 1.5 * info.setpoint
        }
        #expect(abs(ammonia - 1) < 0.01)
        #expect(abs(block.setpoint - 2) < 0.01)
        // NH4 lost: the substitute (already 2) stands, and its return does not step the setpoint.
        let lost = block.update(ammonia: bad(), dt: 1)
        let back = block.update(ammonia: good(ammonia), dt: 1)
        #expect(abs(back.setpoint - lost.setpoint) <= 0.001 + 1e-12)
    }
}
