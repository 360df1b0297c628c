import Control
import Testing

@Suite struct GainScheduleTests {
    private let schedule = try! GainSchedule(source: .processVariable, points: [
        .init(at: 0, gains: PIDGains(gain: 1, integralTime: 10)),
        .init(at: 10, gains: PIDGains(gain: 3, integralTime: 30, derivativeTime: 2)),
        .init(at: 20, gains: PIDGains(gain: 3, integralTime: 60, derivativeTime: 0)),
    ])

    @Test(arguments: [
        // (x, Kc, Ti, Td)
        (-5.0, 1.0, 10.0, 0.0),
        (0.0, 1.0, 10.0, 0.0),
        (5.0, 2.0, 20.0, 1.0),
        (7.5, 2.5, 25.0, 1.5),
        (10.0, 3.0, 30.0, 2.0),
        (15.0, 3.0, 45.0, 1.0),
        (99.0, 3.0, 60.0, 0.0),
    ])
    func interpolatesPiecewiseLinearly(x: Double, kc: Double, ti: Double, td: Double) {
        let gains = schedule.gains(at: x)
        #expect(abs(gains.gain - kc) < 1e-12 && abs(gains.integralTime - ti) < 1e-12)
        #expect(abs(gains.derivativeTime - td) < 1e-12)
    }

    @Test func scheduleOnThePVDrivesTheGainsInUse() throws {
        var pid = try makePID(PIDGains(gain: 9))
        pid.setGainSchedule(schedule)
        #expect(pid.update(setpoint: 5, pv: good(5), dt: 1).gains == schedule.gains(at: 5))
        #expect(pid.update(setpoint: 5, pv: good(7.5), dt: 1).gains.gain == 2.5)
        // A bad PV keeps the last gains.
        #expect(pid.update(setpoint: 5, pv: bad(), dt: 1).gains.gain == 2.5)
    }

    @Test func externalScheduleWithoutASignalKeepsTheLastGains() throws {
        var pid = try makePID(PIDGains(gain: 9))
        pid.setGainSchedule(try GainSchedule(source: .externalSignal, points: schedule.points))
        #expect(pid.update(setpoint: 5, pv: good(5), scheduleSignal: 10, dt: 1).gains.gain == 3)
        #expect(pid.update(setpoint: 5, pv: good(5), scheduleSignal: .nan, dt: 1).gains.gain == 3)
        #expect(pid.update(setpoint: 5, pv: good(5), dt: 1).gains.gain == 3)
    }

    @Test(arguments: [
        [GainSchedule.Point](),
        [.init(at: 1, gains: PIDGains(gain: 1)), .init(at: 1, gains: PIDGains(gain: 2))],
        [.init(at: 2, gains: PIDGains(gain: 1)), .init(at: 1, gains: PIDGains(gain: 2))],
        [.init(at: .nan, gains: PIDGains(gain: 1))],
        [.init(at: 0, gains: PIDGains(gain: -1))],
        // Integral on at one point and off at the other.
        [.init(at: 0, gains: PIDGains(gain: 1, integralTime: 10)), .init(at: 1, gains: PIDGains(gain: 1))],
    ])
    func invalidTablesAreRefused(points: [GainSchedule.Point]) {
        #expect(throws: ControlParameterError.self) { try GainSchedule(source: .processVariable, points: points) }
    }
}
