import Control
import Foundation
import Testing

/// A basin and its blower: speed -> airflow with a 10 s lag (10 Nm³/h per %), airflow -> DO by
/// dC/dt = kLa·(Cs − C) − OUR with kLa = 0.1 h⁻¹ per Nm³/h and Cs = 9 mg/L (a one-tank
/// oxygen balance, as in BSM1's aeration term).
struct AeratedBasin {
    var airflow: Double, dissolvedOxygen: Double
    /// Oxygen uptake rate, mg/L/h.
    var uptake: Double

    mutating func step(speed: Double, dt: Double) {
        airflow += (1 - exp(-dt / 10)) * (10 * speed - airflow)
        let kla = 0.1 * airflow
        dissolvedOxygen += dt / 3600 * (kla * (9 - dissolvedOxygen) - uptake)
        dissolvedOxygen = max(dissolvedOxygen, 0)
    }
}

@Suite struct AerationCascadeTests {
    private static let outer = PIDParameters(gains: PIDGains(gain: 200, integralTime: 600), outputLimits: 0...1000)
    private static let inner = PIDParameters(gains: PIDGains(gain: 0.05, integralTime: 10), outputLimits: 30...100)
    private static let single = PIDParameters(gains: PIDGains(gain: 20, integralTime: 600), outputLimits: 30...100)

    private func cascade(outer: PIDParameters = outer) throws -> AerationCascade {
        try AerationCascade(settings: AerationSettings(structure: .cascade, outer: outer, inner: Self.inner, single: Self.single), speed: 50)
    }

    struct Response { var lowestDO: Double; var secondsAtMinimumSpeed: Int; var wound: Double }

    /// Two hours of light load (DO far above 2 mg/L at minimum speed), then a heavy load.
    private func lightThenHeavyLoad(tracking: Bool) throws -> Response {
        var loop = try cascade()
        loop.outerTrackingEnabled = tracking
        var basin = AeratedBasin(airflow: 500, dissolvedOxygen: 2, uptake: 10)
        var lowest = Double.infinity, atMinimum = 0, wound = 0.0
        for t in 0..<(4 * 3600) {
            if t == 2 * 3600 {
                basin.uptake = 400
                wound = loop.info!.airflowSetpoint!
            }
            let info = loop.update(setpoint: 2, dissolvedOxygen: good(basin.dissolvedOxygen), airflow: good(basin.airflow), dt: 1)
            basin.step(speed: info.speed, dt: 1)
            if t >= 2 * 3600 {
                lowest = min(lowest, basin.dissolvedOxygen)
                if info.speed <= 30 { atMinimum += 1 }
            }
        }
        return Response(lowestDO: lowest, secondsAtMinimumSpeed: atMinimum, wound: wound)
    }

    @Test func trackingTheAchievedAirflowPreventsWindupAtMinimumSpeed() throws {
        let tracked = try lightThenHeavyLoad(tracking: true)
        let untracked = try lightThenHeavyLoad(tracking: false)
        // At minimum speed the blower gives 300 Nm³/h: the tracked setpoint stays there, the
        // untracked one sinks to the outer loop's floor and must climb back before anything moves.
        #expect(abs(tracked.wound - 300) < 1)
        #expect(untracked.wound == 0)
        // Measured: the blower leaves minimum speed after 1 s with tracking, 54 s without; DO
        // dips to 2.00 against 1.96 mg/L. The outer P term (200 Nm³/h per mg/L) climbs back from
        // 0 quickly here; a slower, integral-heavy DO loop would lose more.
        #expect(tracked.secondsAtMinimumSpeed <= 5)
        #expect(untracked.secondsAtMinimumSpeed >= 40)
        #expect(tracked.lowestDO > 1.99)
        #expect(untracked.lowestDO < tracked.lowestDO - 0.03)
    }

    @Test func outerLoopCanLeaveTheLimitItTracks() throws {
        var loop = try cascade()
        var basin = AeratedBasin(airflow: 300, dissolvedOxygen: 6, uptake: 10)
        for _ in 0..<600 {
            basin.step(speed: loop.update(setpoint: 2, dissolvedOxygen: good(basin.dissolvedOxygen), airflow: good(basin.airflow), dt: 1).speed, dt: 1)
        }
        #expect(loop.info!.outerTracking)
        // DO below setpoint: the outer loop asks for more air than the minimum gives, so it is
        // free; it continues from the tracked airflow (bumpless), then climbs.
        let first = loop.update(setpoint: 2, dissolvedOxygen: good(1.5), airflow: good(basin.airflow), dt: 1)
        let second = loop.update(setpoint: 2, dissolvedOxygen: good(1.5), airflow: good(basin.airflow), dt: 1)
        #expect(!first.outerTracking && !second.outerTracking)
        // Integral action only, as the error stepped at the bumpless scan: Kc·dt/Ti·e = 200/600 × 0.5.
        #expect(abs(second.airflowSetpoint! - first.airflowSetpoint! - 200.0 / 600 * 0.5) < 1e-9)
    }

    @Test(arguments: [AerationActuatorState.heldAt(speed: 0), .heldAt(speed: 70)])
    func handOrTrippedBlowerIsTrackedByBothLoops(actuator: AerationActuatorState) throws {
        var loop = try cascade()
        guard case .heldAt(let speed) = actuator else { return }
        for _ in 0..<100 {
            let info = loop.update(setpoint: 2, dissolvedOxygen: good(1), airflow: good(10 * speed), actuator: actuator, dt: 1)
            #expect(info.outerTracking)
            #expect(info.airflowSetpoint == 10 * speed)
            #expect(info.speed == max(speed, 30))
        }
        // Back in auto: the loops continue from what the blower was doing.
        let back = loop.update(setpoint: 2, dissolvedOxygen: good(1), airflow: good(10 * speed), dt: 1)
        #expect(back.airflowSetpoint == 10 * speed)
        #expect(back.speed == max(speed, 30))
    }

    @Test func badAirflowFallsBackToTheSingleLoopWithoutABumpAndReturns() throws {
        var loop = try cascade()
        var basin = AeratedBasin(airflow: 500, dissolvedOxygen: 2, uptake: 200)
        for _ in 0..<3600 {
            basin.step(speed: loop.update(setpoint: 2, dissolvedOxygen: good(basin.dissolvedOxygen), airflow: good(basin.airflow), dt: 1).speed, dt: 1)
        }
        let before = loop.info!.speed
        let fallback = loop.update(setpoint: 2, dissolvedOxygen: good(basin.dissolvedOxygen), airflow: bad(), dt: 1)
        #expect(fallback.structure == .singleLoopFallback)
        #expect(fallback.airflowBad)
        #expect(abs(fallback.speed - before) < 0.05)
        // Thirty minutes on the single loop with the load rising: DO is still held.
        basin.uptake = 300
        for _ in 0..<1800 {
            let info = loop.update(setpoint: 2, dissolvedOxygen: good(basin.dissolvedOxygen), airflow: bad(), dt: 1)
            #expect(info.structure == .singleLoopFallback)
            basin.step(speed: info.speed, dt: 1)
        }
        #expect(abs(basin.dissolvedOxygen - 2) < 0.1)
        let speed = loop.info!.speed
        let back = loop.update(setpoint: 2, dissolvedOxygen: good(basin.dissolvedOxygen), airflow: good(basin.airflow), dt: 1)
        #expect(back.structure == .cascade)
        #expect(abs(back.speed - speed) < 0.05)
        #expect(abs(back.airflowSetpoint! - basin.airflow) < 1)
    }

    @Test func badDissolvedOxygenHoldsThenGoesToTheSafeAirflow() throws {
        var outer = Self.outer
        outer.badPV = BadPVPolicy(action: .substitute(600), delay: 60)
        var loop = try cascade(outer: outer)
        for _ in 0..<100 { loop.update(setpoint: 2, dissolvedOxygen: good(2.5), airflow: good(400), dt: 1) }
        let held = loop.info!.airflowSetpoint!
        for second in 1...120 {
            let info = loop.update(setpoint: 2, dissolvedOxygen: bad(), airflow: good(400), dt: 1)
            #expect(info.dissolvedOxygenBad)
            #expect(info.airflowSetpoint == (second < 60 ? held : 600), "\(second)")
        }
    }

    @Test func singleLoopConfigurationControlsSpeedDirectly() throws {
        var loop = try AerationCascade(settings: AerationSettings(structure: .singleLoop, single: Self.single), speed: 50)
        var basin = AeratedBasin(airflow: 500, dissolvedOxygen: 2, uptake: 250)
        for _ in 0..<7200 {
            let info = loop.update(setpoint: 2, dissolvedOxygen: good(basin.dissolvedOxygen), airflow: bad(), dt: 1)
            #expect(info.structure == .singleLoop && info.airflowSetpoint == nil)
            basin.step(speed: info.speed, dt: 1)
        }
        #expect(abs(basin.dissolvedOxygen - 2) < 0.05)
        #expect(throws: ControlParameterError.self) { try AerationCascade(settings: AerationSettings(structure: .cascade, single: Self.single)) }
    }
}
