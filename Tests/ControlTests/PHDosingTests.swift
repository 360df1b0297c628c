import Control
import Testing

/// pH dosing: split range, dead zone, output kinds, dose budget, interlocks and release.
@Suite struct PHDosingTests {
    private static let speedPump = DosingPumpSettings(output: .speed, capacity: 10)

    /// A P-only loop (Kc = 10 %/pH) so the split-range signal is known exactly: 10 × (7 − pH).
    private func loop(deadZone: Double = 0, acid: DosingPumpSettings? = speedPump,
                      caustic: DosingPumpSettings? = speedPump, integralTime: Double = 0) throws -> PHDosingController {
        var pid = PIDParameters(gains: PIDGains(gain: 10, integralTime: integralTime), outputLimits: -100...100)
        pid.badPV = BadPVPolicy(action: .holdLast)
        return try PHDosingController(settings: PHDosingSettings(pid: pid, deadZone: deadZone, acid: acid, caustic: caustic))
    }

    private func speeds(_ info: PHDosingInfo) -> (acid: Double?, caustic: Double?) {
        func percent(_ pump: DosingPumpInfo?) -> Double? {
            guard case .speed(let p)? = pump?.command else { return nil }
            return p
        }
        return (percent(info.acid), percent(info.caustic))
    }

    @Test(arguments: [
        // pH, dead zone, expected acid %, expected caustic %
        (7.0, 0.0, 0.0, 0.0),
        (5.0, 0.0, 0.0, 20.0),
        (9.0, 0.0, 20.0, 0.0),
        (-5.0, 0.0, 0.0, 100.0),  // a PV far off: the signal clamps at +100
        (6.5, 10.0, 0.0, 0.0),    // 5 % inside the 10 % dead zone: neither pump
        (7.5, 10.0, 0.0, 0.0),
        (5.0, 10.0, 0.0, 100.0 * 10 / 90),  // 20 % signal: (20 − 10) / 90 of full caustic
        (9.0, 10.0, 100.0 * 10 / 90, 0.0),
        (-5.0, 10.0, 0.0, 100.0),  // full signal is still full speed
    ] as [(Double, Double, Double, Double)])
    func splitRangeWithDeadZone(pH: Double, deadZone: Double, acid: Double, caustic: Double) throws {
        var controller = try loop(deadZone: deadZone)
        let info = controller.update(setpoint: 7, pH: good(pH), dt: 1)
        let measured = speeds(info)
        #expect(abs(measured.acid! - acid) < 1e-9)
        #expect(abs(measured.caustic! - caustic) < 1e-9)
        #expect(info.acid!.blocks.isEmpty && info.caustic!.blocks.isEmpty)
    }

    @Test func aSideWithoutAPumpMustBeClosedByTheLimits() throws {
        #expect(throws: ControlParameterError.self) { try loop(acid: nil) }
        var pid = PIDParameters(gains: PIDGains(gain: 10), outputLimits: 0...100)
        var controller = try PHDosingController(settings: PHDosingSettings(pid: pid, caustic: Self.speedPump))
        #expect(controller.update(setpoint: 7, pH: good(9), dt: 1).acid == nil)
        pid.action = .direct
        #expect(throws: ControlParameterError.self) { try PHDosingController(settings: PHDosingSettings(pid: pid, caustic: Self.speedPump)) }
    }

    @Test func pulseAndRelayPumpsGetTheirCommands() throws {
        let pulse = DosingPumpSettings(output: .pulseFrequency(.init(maximumStrokesPerMinute: 120)), capacity: 6)
        let relay = DosingPumpSettings(output: .timeProportioned(.init(cycleTime: 10)), capacity: 6)
        var controller = try loop(acid: relay, caustic: pulse)
        let up = controller.update(setpoint: 7, pH: good(4), dt: 1)
        #expect(up.caustic?.command == .pulses(strokesPerMinute: 36, pulse: false))
        #expect(up.acid?.command == .relay(on: false))
        var onScans: [Int] = []
        for scan in 1..<20 where controller.update(setpoint: 7, pH: good(9.5), dt: 1).acid?.command == .relay(on: true) {
            onScans.append(scan)
        }
        // The cycle that began idle at pH 4 runs out; the next one latches 25 %: 2.5 s, which a
        // 1 s scan makes 3 s (the half second is carried into the cycle after).
        #expect(onScans == [10, 11, 12])
    }

    @Test(arguments: [
        (DosingBudget.Limit.volume(litresPerHour: 2), 1200),  // 10 L/h at 60 %: 6 L/h, 2 L in 1200 s
        (.onTime(secondsPerHour: 900), 900),
    ])
    func maxDosePerHourStopsThePumpAndReports(limit: DosingBudget.Limit, seconds: Int) throws {
        let pump = DosingPumpSettings(output: .speed, capacity: 10, maximumPerHour: limit)
        var controller = try loop(acid: pump, caustic: pump)
        var firstBlocked: Int?
        var info: PHDosingInfo?
        for second in 1...3000 {
            info = controller.update(setpoint: 7, pH: good(1), dt: 1)  // P signal 60 % caustic
            if firstBlocked == nil, info!.caustic!.blocks == [.budgetExhausted] { firstBlocked = second }
        }
        // Scan k books what scans 1...k-1 commanded, one second each: blocked at k = n + 1.
        #expect(firstBlocked == seconds + 1)
        #expect(speeds(info!).caustic == 0)
        #expect(info!.heldAtZero)
        #expect(info!.acid!.blocks.isEmpty, "the other pump keeps its own budget")
    }

    @Test(arguments: [
        (DosingPermissives(processFlow: false), [DosingBlock.noProcessFlow]),
        (DosingPermissives(caustic: .init(chemicalLevelOK: false)), [.lowChemicalLevel]),
        (DosingPermissives(caustic: .init(pumpHealthy: false)), [.pumpFault]),
        (DosingPermissives(processFlow: false, caustic: .init(chemicalLevelOK: false, pumpHealthy: false)),
         [.noProcessFlow, .lowChemicalLevel, .pumpFault]),
    ])
    func blockedDosingStopsNamesTheReasonAndReleasesWithoutABump(permissives: DosingPermissives, reasons: [DosingBlock]) throws {
        var controller = try loop(integralTime: 100)
        for _ in 0..<20 { controller.update(setpoint: 7, pH: good(6), dt: 1) }
        #expect(speeds(controller.info!).caustic! > 10)
        for _ in 0..<600 {
            let info = controller.update(setpoint: 7, pH: good(5), permissives: permissives, dt: 1)
            #expect(info.caustic!.blocks == reasons)
            #expect(speeds(info).caustic == 0)
            #expect(info.pid.output == 0, "the PID tracks the stopped pump, so it does not wind up")
        }
        // Released at the same error: dosing resumes from 0 and rises by integral action only
        // (Kc·dt/Ti·e = 10 · 1/100 · 2 = 0.2 % a scan), not with the 600 s of error it saw.
        let first = controller.update(setpoint: 7, pH: good(5), dt: 1)
        let second = controller.update(setpoint: 7, pH: good(5), dt: 1)
        #expect(first.pid.output == 0)
        #expect(abs(second.pid.output - 0.2) < 1e-9)
        #expect(!second.heldAtZero && second.caustic!.blocks.isEmpty)
    }

    @Test func acidKeepsDosingWhileOnlyTheCausticSideIsBlocked() throws {
        var controller = try loop()
        let info = controller.update(setpoint: 7, pH: good(8), permissives: DosingPermissives(caustic: .init(chemicalLevelOK: false)), dt: 1)
        #expect(speeds(info).acid == 10)
        #expect(!info.heldAtZero)
        #expect(info.acid!.blocks.isEmpty)
    }

    @Test func badPHStopsBothPumps() throws {
        var controller = try loop()
        let info = controller.update(setpoint: 7, pH: bad(), dt: 1)
        #expect(speeds(info).acid == 0 && speeds(info).caustic == 0)
        #expect(info.acid!.blocks == [.pHBad] && info.caustic!.blocks == [.pHBad])
    }
}
