import Control
import Foundation
import Testing

@Suite struct RelayAutotunerTests {
    private func settings(limits: ClosedRange<Double> = -10...10, action: PIDAction = .reverse,
                          duration: Double = 2000) -> RelayAutotuner.Settings {
        RelayAutotuner.Settings(setpoint: 0, bias: 0, amplitude: 1, hysteresis: 0.001, action: action,
                                pvLimits: limits, maximumDuration: duration, safeOutput: -0.5)
    }

    /// Runs the experiment on `plant` until it finishes or aborts.
    private func run(_ tuner: inout RelayAutotuner, on plant: inout FirstOrderDeadTimePlant) {
        var output = tuner.output
        while case .relaying = tuner.state {
            output = tuner.step(pv: good(plant.step(output: output)), dt: plant.dt)
        }
    }

    @Test(arguments: [(10.0, 2.0), (10.0, 5.0), (10.0, 10.0), (40.0, 8.0)])
    func findsTheUltimatePointOfAFOPDTPlant(timeConstant: Double, deadTime: Double) throws {
        var plant = FirstOrderDeadTimePlant(gain: 2, timeConstant: timeConstant, deadTime: deadTime, dt: 0.01)
        var tuner = try RelayAutotuner(settings: settings())
        run(&tuner, on: &plant)
        guard case .finished(let result) = tuner.state else {
            Issue.record("not finished: \(tuner.state)")
            return
        }
        let (ku, tu) = plant.ultimatePoint
        #expect(abs(result.ultimateGain / ku - 1) < 0.05, "Ku \(result.ultimateGain) vs \(ku)")
        #expect(abs(result.ultimatePeriod / tu - 1) < 0.05, "Tu \(result.ultimatePeriod) vs \(tu)")
        #expect(abs(result.phaseDegrees + 180) < 15)
        #expect(tuner.output == -0.5, "back to the safe output")
    }

    @Test func directActingPlantGivesTheSameUltimatePoint() throws {
        var plant = FirstOrderDeadTimePlant(gain: -2, timeConstant: 10, deadTime: 5, dt: 0.01)
        var tuner = try RelayAutotuner(settings: settings(action: .direct))
        run(&tuner, on: &plant)
        guard case .finished(let result) = tuner.state else {
            Issue.record("not finished: \(tuner.state)")
            return
        }
        #expect(abs(result.ultimateGain / plant.ultimatePoint.gain - 1) < 0.05)
        #expect(abs(result.phaseDegrees + 180) < 15)
    }

    @Test func abortsWhenThePVLeavesItsLimits() throws {
        // The relay swings the PV by K·d·(1 − e^{−L/T}) ≈ 0.79 around the setpoint: a 0.5 band is too tight.
        var plant = FirstOrderDeadTimePlant(gain: 2, timeConstant: 10, deadTime: 5, dt: 0.01)
        var tuner = try RelayAutotuner(settings: settings(limits: -0.5...0.5))
        run(&tuner, on: &plant)
        guard case .aborted(.pvOutOfLimits(let value)) = tuner.state else {
            Issue.record("expected a PV-limit abort: \(tuner.state)")
            return
        }
        #expect(abs(value) > 0.5)
        #expect(tuner.output == -0.5)
        // Stepping after the abort keeps the safe output.
        #expect(tuner.step(pv: good(0), dt: 1) == -0.5)
    }

    @Test func abortsWhenThePVGoesBad() throws {
        var tuner = try RelayAutotuner(settings: settings())
        #expect(tuner.step(pv: good(-1), dt: 1) == 1)
        #expect(tuner.step(pv: bad(), dt: 1) == -0.5)
        #expect(tuner.state == .aborted(.pvBad))
    }

    @Test func abortsAfterTheMaximumDuration() throws {
        // A PV that never crosses the setpoint: no oscillation.
        var tuner = try RelayAutotuner(settings: settings(duration: 30))
        for _ in 0..<40 { tuner.step(pv: good(-1), dt: 1) }
        #expect(tuner.state == .aborted(.timeout(seconds: 31)))
        #expect(tuner.output == -0.5)
    }

    @Test func abortsWhenCyclesDoNotSettle() throws {
        // Period doubling every cycle: never within the tolerance.
        var tuner = try RelayAutotuner(settings: settings(duration: .greatestFiniteMagnitude))
        var halfPeriod = 1.0
        var time = 0.0
        while case .relaying = tuner.state, time < 1e6 {
            for pv in [-1.0, 1.0] {
                for _ in 0..<Int(halfPeriod * 10) { tuner.step(pv: good(pv), dt: 0.1); time += 0.1 }
            }
            halfPeriod *= 1.5
        }
        #expect(tuner.state == .aborted(.oscillationNotSteady(cycles: 12)))
    }

    @Test func cancelReturnsToTheSafeOutput() throws {
        var tuner = try RelayAutotuner(settings: settings())
        tuner.step(pv: good(-1), dt: 1)
        tuner.cancel()
        #expect(tuner.state == .aborted(.cancelled) && tuner.output == -0.5)
    }

    @Test(arguments: [
        // (rule, form, Kc, Ti, Td) for Ku = 4, Tu = 30 s
        (TuningRule.zieglerNichols, ControllerForm.pi, 1.8, 25.0, 0.0),
        (.zieglerNichols, .pid, 2.4, 15.0, 3.75),
        (.tyreusLuyben, .pi, 1.25, 66.0, 0.0),
        (.tyreusLuyben, .pid, 4 / 2.2, 66.0, 30 / 6.3),
    ])
    func tuningRules(rule: TuningRule, form: ControllerForm, kc: Double, ti: Double, td: Double) {
        let result = RelayTuningResult(ultimateGain: 4, ultimatePeriod: 30, amplitude: 1, peakAmplitude: 1,
                                       phaseDegrees: -180, cycles: 3)
        let gains = result.gains(rule, form)
        #expect(abs(gains.gain - kc) < 1e-12 && abs(gains.integralTime - ti) < 1e-12)
        #expect(abs(gains.derivativeTime - td) < 1e-12)
    }

    @Test func proposedGainsCloseAStableLoop() throws {
        var plant = FirstOrderDeadTimePlant(gain: 2, timeConstant: 10, deadTime: 5, dt: 0.01)
        var tuner = try RelayAutotuner(settings: settings())
        run(&tuner, on: &plant)
        guard case .finished(let result) = tuner.state else {
            Issue.record("not finished: \(tuner.state)")
            return
        }
        // The loop takes over from the tuner's safe output bumplessly and settles on 0.3.
        var pid = try makePID(result.gains(.tyreusLuyben, .pi), output: tuner.output)
        for _ in 0..<Int(600 / plant.dt) {
            _ = plant.step(output: pid.update(setpoint: 0.3, pv: good(plant.pv), dt: plant.dt).output)
        }
        #expect(abs(plant.pv - 0.3) < 0.01)
    }

    @Test(arguments: [
        RelayAutotuner.Settings(setpoint: 0, bias: 0, amplitude: 0, pvLimits: -1...1, maximumDuration: 10),
        RelayAutotuner.Settings(setpoint: 5, bias: 0, amplitude: 1, pvLimits: -1...1, maximumDuration: 10),
        RelayAutotuner.Settings(setpoint: 0, bias: 0, amplitude: 1, pvLimits: -1...1, maximumDuration: .infinity),
        RelayAutotuner.Settings(setpoint: 0, bias: 0, amplitude: 1, pvLimits: -1...1, maximumDuration: 10,
                                cyclesForStability: 1),
    ])
    func settingsOutOfBoundsAreRefused(settings: RelayAutotuner.Settings) {
        #expect(throws: ControlParameterError.self) { try RelayAutotuner(settings: settings) }
    }
}
